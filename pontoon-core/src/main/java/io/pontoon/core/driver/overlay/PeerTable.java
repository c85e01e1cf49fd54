// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.overlay;

import io.pontoon.core.driver.overlay.PeerPlan.DelFdb;
import io.pontoon.core.driver.overlay.PeerPlan.DelNeigh;
import io.pontoon.core.driver.overlay.PeerPlan.Desired;
import io.pontoon.core.driver.overlay.PeerPlan.KernelView;
import io.pontoon.core.driver.overlay.PeerPlan.Op;
import io.pontoon.core.driver.overlay.PeerPlan.PutFdb;
import io.pontoon.core.driver.overlay.PeerPlan.PutNeigh;
import io.pontoon.core.driver.overlay.PeerPlan.Scope;
import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.netlink.rtnl.Rtnl;

import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The remote endpoints of one overlay network on this host and their static entries on the
 * network's VXLAN device. Endpoints may arrive before the device exists (they are kept and
 * programmed when {@link #attach} names it). Changes diff against a view of the device's
 * entries that is read from the kernel once ({@code bridge fdb show dev VX}, {@code ip neigh
 * show dev VX}) and kept current by each write, so an upsert costs its own writes and no dump;
 * a resync re-reads the kernel. A failed write forgets the view, so the next change re-reads it.
 * Every neighbour entry written is then announced into the network's bridge with a gratuitous
 * ARP ({@link Announcer}), so a local container already waiting for that address gets it now.
 *
 * <p>Until the first {@link #resync} the table does not know the whole set, so it never deletes
 * an entry no endpoint it was told about explains: after a daemon restart, the entries
 * programmed before it stay in place, and forwarding on, until the control plane's list arrives.
 * Not thread-safe on its own: the driver serializes calls per network.
 */
final class PeerTable
{
    private static final System.Logger LOG = System.getLogger("pontoon.overlay");

    private final String networkId;
    private final Rtnl host;
    private final InetAddress localVtep;
    private final Announcer announcer;
    private final Map<String, RemoteEndpoint> endpoints = new LinkedHashMap<>();
    private boolean complete;
    private String dev;
    private String bridge;
    private KernelView view;

    PeerTable(final String networkId, final Rtnl host, final InetAddress localVtep, final Announcer announcer)
    {
        this.networkId = networkId;
        this.host = host;
        this.localVtep = localVtep;
        this.announcer = announcer;
    }

    /** Adds or replaces one endpoint; returns the writes made. */
    List<Op> upsert(final RemoteEndpoint e)
    {
        final RemoteEndpoint before = endpoints.remove(e.id());
        endpoints.put(e.id(), e); // re-inserted: the newest endpoint wins a shared MAC or IP
        if (e.equals(before) && view != null)
        {
            return List.of();
        }
        return apply(Scope.of(e, before));
    }

    /** Removes one endpoint; unknown ids are fine. Returns the writes made. */
    List<Op> remove(final String endpointId)
    {
        final RemoteEndpoint before = endpoints.remove(endpointId);
        return before == null ? List.of() : apply(Scope.of(before));
    }

    /** Replaces the whole set and makes the device match it exactly. Returns the writes made. */
    List<Op> resync(final Collection<RemoteEndpoint> all)
    {
        endpoints.clear();
        for (final RemoteEndpoint e : all)
        {
            endpoints.remove(e.id());
            endpoints.put(e.id(), e);
        }
        complete = true;
        view = null;
        return apply(Scope.ALL);
    }

    /** The device now exists on {@code bridgeName} (network created or repaired): programs what is known. */
    List<Op> attach(final String device, final String bridgeName)
    {
        dev = device;
        bridge = bridgeName;
        view = null;
        return apply(complete ? Scope.ALL : Scope.of(endpoints.values()));
    }

    /** The device is gone (network deleted here); endpoints are kept for a later attach. */
    void detach()
    {
        dev = null;
        bridge = null;
        view = null;
    }

    /** The VXLAN device, or null when the network has none here. */
    String device()
    {
        return dev;
    }

    /** A copy of the endpoints, oldest first. */
    List<RemoteEndpoint> endpoints()
    {
        return List.copyOf(endpoints.values());
    }

    private List<Op> apply(final Scope scope)
    {
        if (dev == null)
        {
            return List.of();
        }
        if (view == null)
        {
            view = KernelView.of(host.fdbList(dev), host.neighList(dev));
        }
        final List<Op> ops = PeerPlan.plan(dev, Desired.of(endpoints.values(), localVtep), view, scope);
        for (final Op op : ops)
        {
            try
            {
                write(op);
            }
            catch (final RuntimeException e)
            {
                view = null;
                throw e;
            }
            view.apply(op);
            if (op instanceof PutNeigh(final var n))
            {
                // after every FDB put of the plan: the MAC already forwards when a container takes it
                announcer.announce(bridge, n.ip(), n.mac());
            }
        }
        if (!ops.isEmpty())
        {
            LOG.log(System.Logger.Level.DEBUG, () -> "network " + networkId + " peers on " + dev + ": "
                + PeerPlan.summary(ops));
        }
        return ops;
    }

    private void write(final Op op)
    {
        try
        {
            switch (op)
            {
                case PutFdb(final var f) -> host.fdbReplace(f);
                case DelFdb(final var f) -> host.fdbDel(f);
                case PutNeigh(final var n) -> host.neighReplace(n);
                case DelNeigh(final var n) -> host.neighDel(n);
            }
        }
        catch (final KernelException e)
        {
            final boolean delete = op instanceof DelFdb || op instanceof DelNeigh;
            if (!delete || !e.isNotFound())
            {
                throw e;
            }
        }
    }
}
