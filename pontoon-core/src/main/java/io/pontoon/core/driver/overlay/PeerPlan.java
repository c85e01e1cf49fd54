// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.overlay;

import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.rtnl.Fdb;
import io.pontoon.kernel.netlink.rtnl.Neigh;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The diff between the remote endpoints an overlay network wants and the static entries its
 * VXLAN device has: a list of kernel writes that touches nothing that is already right. Pure
 * logic, no kernel access. Three entries per remote endpoint:
 *
 * <pre>
 *  bridge fdb replace MAC dev VX dst VTEP self permanent   the VXLAN device's own table: MAC -> VTEP
 *  bridge fdb replace MAC dev VX master static             the bridge's table: MAC is behind port VX
 *  ip neigh replace IP lladdr MAC dev VX nud permanent     answered by the device itself (proxy)
 * </pre>
 *
 * The bridge entry spares the local bridge from flooding the first frames to a remote MAC to
 * every local port. Writes are ordered so that no neighbour ever points at a MAC without
 * forwarding: FDB puts, neighbour puts, neighbour deletes, FDB deletes.
 */
final class PeerPlan
{
    private PeerPlan()
    {
    }

    /** One kernel write. */
    sealed interface Op permits PutFdb, DelFdb, PutNeigh, DelNeigh
    {
    }

    /** {@code bridge fdb replace ...}. */
    record PutFdb(Fdb fdb) implements Op
    {
    }

    /** {@code bridge fdb del ...}. */
    record DelFdb(Fdb fdb) implements Op
    {
    }

    /** {@code ip neigh replace ... nud permanent}. */
    record PutNeigh(Neigh neigh) implements Op
    {
    }

    /** {@code ip neigh del ...}. */
    record DelNeigh(Neigh neigh) implements Op
    {
    }

    /** The entries the endpoints want: MAC to VTEP, and IP to MAC (the newest endpoint wins a key). */
    record Desired(Map<MacAddress, InetAddress> vteps, Map<InetAddress, MacAddress> macs)
    {
        /** From endpoints oldest first; those behind {@code localVtep} (this host's own) are left out. */
        static Desired of(final Collection<RemoteEndpoint> endpoints, final InetAddress localVtep)
        {
            final Map<MacAddress, InetAddress> vteps = new LinkedHashMap<>();
            final Map<InetAddress, MacAddress> macs = new LinkedHashMap<>();
            for (final RemoteEndpoint e : endpoints)
            {
                if (!wanted(e, localVtep))
                {
                    continue;
                }
                vteps.put(e.mac(), e.vtep());
                if (e.ip() instanceof Inet4Address)
                {
                    macs.put(e.ip(), e.mac()); // IPv4 overlays only, for now: the view holds IPv4 neighbours
                }
            }
            return new Desired(vteps, macs);
        }
    }

    /** Whether an endpoint is programmed at all: a unicast MAC behind another host. */
    static boolean wanted(final RemoteEndpoint e, final InetAddress localVtep)
    {
        return !e.vtep().equals(localVtep) && !e.mac().isMulticast() && !MacAddress.ZERO.equals(e.mac());
    }

    /**
     * The keys a change may touch: null sets mean every key, including entries no endpoint
     * explains (flood entries, leftovers), which only a full resync removes.
     */
    record Scope(Set<MacAddress> macs, Set<InetAddress> ips)
    {
        static final Scope ALL = new Scope(null, null);

        /** The MACs and IPs of {@code endpoints} (nulls skipped). */
        static Scope of(final RemoteEndpoint... endpoints)
        {
            return of(Arrays.stream(endpoints).filter(Objects::nonNull).toList());
        }

        static Scope of(final Collection<RemoteEndpoint> endpoints)
        {
            final Set<MacAddress> macs = new HashSet<>();
            final Set<InetAddress> ips = new HashSet<>();
            for (final RemoteEndpoint e : endpoints)
            {
                macs.add(e.mac());
                ips.add(e.ip());
            }
            return new Scope(macs, ips);
        }

        boolean has(final MacAddress mac)
        {
            return macs == null || macs.contains(mac);
        }

        boolean has(final InetAddress ip)
        {
            return ips == null || ips.contains(ip);
        }
    }

    /**
     * What the device has: its own unicast/flood entries by MAC (several destinations each
     * possible), the bridge's non-local entries on the port, and IPv4 unicast neighbours. Kept up
     * to date by {@link #apply} so incremental changes need no dump.
     */
    static final class KernelView
    {
        final Map<MacAddress, List<Fdb>> self = new LinkedHashMap<>();
        final Set<MacAddress> master = new LinkedHashSet<>();
        final Map<InetAddress, Neigh> neigh = new LinkedHashMap<>();

        /** From {@code bridge fdb show dev VX} and {@code ip neigh show dev VX}. */
        static KernelView of(final List<Fdb> fdb, final List<Neigh> neighbours)
        {
            final KernelView v = new KernelView();
            for (final Fdb f : fdb)
            {
                if (f.master() && !f.self())
                {
                    if (!f.permanent())
                    {
                        v.master.add(f.mac()); // permanent = the port's own (local) address
                    }
                }
                else if (f.dst() != null || MacAddress.ZERO.equals(f.mac()))
                {
                    v.self.computeIfAbsent(f.mac(), k -> new ArrayList<>()).add(f);
                }
            }
            for (final Neigh n : neighbours)
            {
                // the kernel's own entries (IPv6 multicast, NOARP) are not Pontoon's to judge
                if (!n.proxy() && n.ip() instanceof Inet4Address && !n.ip().isMulticastAddress())
                {
                    v.neigh.put(n.ip(), n);
                }
            }
            return v;
        }

        /** Records a write that succeeded (or found nothing to delete). */
        void apply(final Op op)
        {
            switch (op)
            {
                case PutFdb(final Fdb f) ->
                {
                    if (f.master())
                    {
                        master.add(f.mac());
                    }
                    else
                    {
                        self.put(f.mac(), new ArrayList<>(List.of(f)));
                    }
                }
                case DelFdb(final Fdb f) ->
                {
                    if (f.master())
                    {
                        master.remove(f.mac());
                    }
                    else
                    {
                        final List<Fdb> l = self.get(f.mac());
                        if (l != null)
                        {
                            l.removeIf(x -> Objects.equals(x.dst(), f.dst()));
                            if (l.isEmpty())
                            {
                                self.remove(f.mac());
                            }
                        }
                    }
                }
                case PutNeigh(final Neigh n) -> neigh.put(n.ip(), n);
                case DelNeigh(final Neigh n) -> neigh.remove(n.ip());
            }
        }
    }

    /** The writes that make {@code have} match {@code want} on {@code dev}, within {@code scope}. */
    static List<Op> plan(final String dev, final Desired want, final KernelView have, final Scope scope)
    {
        final List<Op> fdbPuts = new ArrayList<>();
        final List<Op> fdbDels = new ArrayList<>();
        final List<Op> neighPuts = new ArrayList<>();
        final List<Op> neighDels = new ArrayList<>();
        final Set<MacAddress> macs = new LinkedHashSet<>(have.self.keySet());
        macs.addAll(have.master);
        macs.addAll(want.vteps().keySet());
        for (final MacAddress mac : macs)
        {
            if (!scope.has(mac))
            {
                continue;
            }
            final InetAddress vtep = want.vteps().get(mac);
            final List<Fdb> entries = have.self.getOrDefault(mac, List.of());
            final boolean put = vtep != null && entries.stream().noneMatch(f -> vtep.equals(f.dst()) && f.permanent());
            if (put)
            {
                fdbPuts.add(new PutFdb(Fdb.vxlan(dev, mac, vtep)));
            }
            // a replace rewrites the first destination in place, unless the wanted one is there already
            final boolean rewritesFirst = put && entries.stream().noneMatch(f -> vtep.equals(f.dst()));
            for (int i = rewritesFirst ? 1 : 0; i < entries.size(); i++)
            {
                final Fdb f = entries.get(i);
                if (vtep == null || !vtep.equals(f.dst()))
                {
                    fdbDels.add(new DelFdb(f));
                }
            }
            if (vtep != null && !have.master.contains(mac))
            {
                fdbPuts.add(new PutFdb(Fdb.bridgePort(dev, mac)));
            }
            else if (vtep == null && have.master.contains(mac))
            {
                fdbDels.add(0, new DelFdb(Fdb.bridgePort(dev, mac)));
            }
        }
        final Set<InetAddress> ips = new LinkedHashSet<>(have.neigh.keySet());
        ips.addAll(want.macs().keySet());
        for (final InetAddress ip : ips)
        {
            if (!scope.has(ip))
            {
                continue;
            }
            final MacAddress mac = want.macs().get(ip);
            final Neigh n = have.neigh.get(ip);
            if (mac == null)
            {
                neighDels.add(new DelNeigh(n));
            }
            else if (n == null || !mac.equals(n.mac()) || !n.isPermanent())
            {
                neighPuts.add(new PutNeigh(Neigh.permanent(dev, ip, mac)));
            }
        }
        final List<Op> out = new ArrayList<>(fdbPuts);
        out.addAll(neighPuts);
        out.addAll(neighDels);
        out.addAll(fdbDels);
        return out;
    }

    /** Counts by kind, for logs: {@code +2 fdb, -1 neigh}. */
    static String summary(final List<Op> ops)
    {
        final Map<String, Integer> n = new HashMap<>();
        for (final Op op : ops)
        {
            final String k = switch (op)
            {
                case PutFdb _ -> "+fdb";
                case DelFdb _ -> "-fdb";
                case PutNeigh _ -> "+neigh";
                case DelNeigh _ -> "-neigh";
            };
            n.merge(k, 1, Integer::sum);
        }
        return n.isEmpty() ? "no change" : n.toString();
    }
}
