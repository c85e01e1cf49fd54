// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pontoon.api.cni.CniErrorCode;
import io.pontoon.api.cni.CniReply;
import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

/**
 * Turns the daemon's {@link CniReply} into a CNI result of the requested version, appended to a
 * {@code prevResult} when Pontoon is not first in the chain, and compares the two on CHECK.
 *
 * <p>Versions: 0.4.0 puts {@code "version": "4"|"6"} in every {@code ips[]} entry; 1.0.0 drops it;
 * 1.1.0 adds the optional interface {@code mtu}. Every IP points at the container interface by
 * index, and that interface always carries {@code mac} and {@code sandbox} (Podman and containerd
 * depend on both).
 */
final class CniResults
{
    private CniResults()
    {
    }

    /** Checks prevResult before anything is asked of the daemon (error 7 when unusable). */
    static void validatePrev(final JsonObject prev)
    {
        Prev.of(prev);
    }

    /** The ADD result: prevResult's interfaces, ips, routes and dns first, then ours. */
    static Map<String, Object> addResult(final String version, final CniReply reply, final String ifName,
        final String netns, final JsonObject prev)
    {
        final int own = containerIndex(reply, ifName);
        final Prev p = Prev.of(prev);
        final int offset = p.interfaces.size();
        final List<Object> interfaces = new ArrayList<>(p.interfaces);
        for (int i = 0; i < reply.interfaces().size(); i++)
        {
            final CniReply.Interface f = reply.interfaces().get(i);
            final String sandbox = i == own && blank(f.sandbox()) ? netns : f.sandbox();
            final Map<String, Object> m = Json.obj("name", f.name(), "mac", blank(f.mac()) ? null : f.mac());
            if (version.equals("1.1.0") && f.mtu() > 0)
            {
                m.put("mtu", (long) f.mtu());
            }
            if (!blank(sandbox))
            {
                m.put("sandbox", sandbox);
            }
            interfaces.add(m);
        }
        final List<Object> ips = new ArrayList<>(p.ips);
        for (final CniReply.Ip ip : reply.ips())
        {
            final int idx = ip.interfaceIndex() == null ? own : ip.interfaceIndex();
            final int v = CniChecks.cidrVersion(ip.address());
            if (v < 0)
            {
                throw daemon("address '" + ip.address() + "' is not in CIDR form");
            }
            if (idx < 0 || idx >= reply.interfaces().size())
            {
                throw daemon("address " + ip.address() + " points at interface " + idx + " of "
                    + reply.interfaces().size());
            }
            if (!blank(ip.gateway()) && !CniChecks.isIp(ip.gateway()))
            {
                throw daemon("gateway '" + ip.gateway() + "' is not an IP address");
            }
            final Map<String, Object> m = new LinkedHashMap<>();
            if (version.startsWith("0."))
            {
                m.put("version", v == 4 ? "4" : "6");
            }
            m.put("address", ip.address());
            if (!blank(ip.gateway()))
            {
                m.put("gateway", ip.gateway());
            }
            m.put("interface", (long) (idx + offset));
            ips.add(m);
        }
        final List<Object> routes = new ArrayList<>(p.routes);
        for (final CniReply.Route r : reply.routes())
        {
            if (!CniChecks.isCidr(r.dst()) || (!blank(r.gw()) && !CniChecks.isIp(r.gw())))
            {
                throw daemon("route " + r.dst() + " via " + r.gw() + " is not valid");
            }
            routes.add(Json.obj("dst", r.dst(), "gw", blank(r.gw()) ? null : r.gw()));
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("cniVersion", version);
        if (!interfaces.isEmpty())
        {
            out.put("interfaces", interfaces);
        }
        if (!ips.isEmpty())
        {
            out.put("ips", ips);
        }
        if (!routes.isEmpty())
        {
            out.put("routes", routes);
        }
        out.put("dns", dns(p.dns, reply.dns()));
        if (prev != null)
        {
            for (final Map.Entry<String, Object> e : prev.map().entrySet())
            {
                out.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * CHECK: everything the daemon says the attachment has inside the container (its sandbox
     * interfaces and its addresses) must be in the runtime's cached result.
     */
    static void check(final CniReply current, final JsonObject prev, final String ifName)
    {
        final Prev p = Prev.of(prev);
        containerIndex(current, ifName);
        for (final CniReply.Interface f : current.interfaces())
        {
            if (blank(f.sandbox()))
            {
                continue;
            }
            boolean found = false;
            for (final Object o : p.interfaces)
            {
                final JsonObject i = JsonObject.wrap((Map<?, ?>) o);
                found |= f.name().equals(i.string("name"))
                    && (blank(i.string("mac")) || blank(f.mac()) || f.mac().equalsIgnoreCase(i.string("mac")));
            }
            if (!found)
            {
                throw mismatch("interface " + f.name() + (blank(f.mac()) ? "" : " (" + f.mac() + ")")
                    + " is not in prevResult");
            }
        }
        for (final CniReply.Ip ip : current.ips())
        {
            boolean found = false;
            for (final Object o : p.ips)
            {
                found |= ip.address().equalsIgnoreCase(JsonObject.wrap((Map<?, ?>) o).string("address"));
            }
            if (!found)
            {
                throw mismatch("address " + ip.address() + " is not in prevResult");
            }
        }
    }

    /** Index of the container-side interface: the one named CNI_IFNAME, preferring one with a sandbox. */
    private static int containerIndex(final CniReply reply, final String ifName)
    {
        int idx = -1;
        for (int i = 0; i < reply.interfaces().size(); i++)
        {
            final CniReply.Interface f = reply.interfaces().get(i);
            if (f.name().equals(ifName) && (idx < 0 || !blank(f.sandbox())))
            {
                idx = i;
            }
            if (!blank(f.mac()) && !CniChecks.isUnicastMac(f.mac()))
            {
                throw daemon("interface " + f.name() + " has MAC '" + f.mac() + "'");
            }
        }
        if (idx < 0)
        {
            throw daemon("no interface named " + ifName);
        }
        if (blank(reply.interfaces().get(idx).mac()))
        {
            throw daemon("interface " + ifName + " has no MAC");
        }
        return idx;
    }

    private static Map<String, Object> dns(final JsonObject prev, final CniReply.Dns ours)
    {
        final Set<String> servers = new LinkedHashSet<>(prev.strings("nameservers"));
        servers.addAll(ours.nameservers());
        final Set<String> search = new LinkedHashSet<>(prev.strings("search"));
        search.addAll(ours.search());
        final Set<String> options = new LinkedHashSet<>(prev.strings("options"));
        options.addAll(ours.options());
        final String domain = blank(prev.string("domain")) ? ours.domain() : prev.string("domain");
        return Json.obj("nameservers", servers.isEmpty() ? null : List.copyOf(servers),
            "domain", blank(domain) ? null : domain, "search", search.isEmpty() ? null : List.copyOf(search),
            "options", options.isEmpty() ? null : List.copyOf(options));
    }

    /** The parts of a prevResult we extend, validated enough that appending keeps it valid. */
    private record Prev(List<Object> interfaces, List<Object> ips, List<Object> routes, JsonObject dns)
    {
        static Prev of(final JsonObject prev)
        {
            if (prev == null)
            {
                return new Prev(List.of(), List.of(), List.of(), JsonObject.empty());
            }
            try
            {
                final List<JsonObject> is = prev.objects("interfaces");
                for (final JsonObject i : is)
                {
                    i.requireString("name");
                }
                final List<JsonObject> as = prev.objects("ips");
                for (final JsonObject a : as)
                {
                    a.requireString("address");
                    final long idx = a.integer("interface", 0);
                    if (idx < 0 || (a.has("interface") && idx >= is.size()))
                    {
                        throw new JsonException("ips[].interface " + idx + " is out of range");
                    }
                }
                final List<JsonObject> rs = prev.objects("routes");
                for (final JsonObject r : rs)
                {
                    r.requireString("dst");
                }
                return new Prev(prev.array("interfaces"), prev.array("ips"), prev.array("routes"),
                    prev.objectOrEmpty("dns"));
            }
            catch (final JsonException e)
            {
                throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "invalid prevResult: " + e.getMessage());
            }
        }
    }

    private static CniException daemon(final String what)
    {
        return new CniException(CniErrorCode.INTERNAL, "the Pontoon daemon returned an invalid result", what);
    }

    private static CniException mismatch(final String what)
    {
        return new CniException(CniErrorCode.CHECK_MISMATCH, what);
    }

    private static boolean blank(final String s)
    {
        return s == null || s.isEmpty();
    }
}
