// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netns.NetNs;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Addresses, routes and neighbours through Rtnl, checked with {@code ip -j addr|route|neigh}. */
@Tag("privileged")
class RtnlRoutePrivilegedTest
{
    private static final MacAddress MAC = MacAddress.parse("02:00:5e:10:00:09");
    private static final MacAddress MAC2 = MacAddress.parse("02:00:5e:10:00:0a");

    private static InetAddress ip(final String s)
    {
        return IpPrefix.Ip.parse(s);
    }

    /** A namespace with veth ptr0/ptr1 up, ptr0 holding 10.200.0.1/24 and 2001:db8::1/64. */
    private static Rtnl setUp(final NetNs a)
    {
        final Rtnl r = Rtnl.open(a);
        r.linkAdd(Veth.of("ptr0", "ptr1").withAttrs(LinkAttrs.named("ptr0").withUp(true)));
        r.linkSetUp("ptr1");
        r.addrAdd("ptr0", "10.200.0.1/24");
        r.addrAdd("ptr0", "2001:db8::1/64");
        return r;
    }

    @Test
    void addressesAreAddedListedAndDeleted()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = setUp(a))
            {
                r.addrAdd("ptr0", IpPrefix.parse("10.200.1.5/16"));
                final String ipAddr = Lab.json(a, "ip", "-j", "addr", "show", "dev", "ptr0").getFirst().get("addr_info")
                    .toString();
                assertTrue(ipAddr.contains("local=10.200.1.5, prefixlen=16, broadcast=10.200.255.255"), ipAddr);
                assertTrue(ipAddr.contains("local=2001:db8::1, prefixlen=64"), ipAddr);
                final List<IpPrefix> mine = r.addrList("ptr0");
                assertTrue(mine.containsAll(List.of(IpPrefix.parse("10.200.0.1/24"), IpPrefix.parse("10.200.1.5/16"),
                    IpPrefix.parse("2001:db8::1/64"))), mine.toString());
                assertTrue(r.addrList().stream().anyMatch(x -> x.dev().equals("lo") || x.dev().equals("ptr0")));
                assertEquals(Errno.EEXIST, assertThrows(KernelException.class,
                    () -> r.addrAdd("ptr0", "10.200.1.5/16")).errno());
                r.addrDel("ptr0", "10.200.1.5/16");
                assertFalse(r.addrList("ptr0").contains(IpPrefix.parse("10.200.1.5/16")));
                assertFalse(Lab.sh(a, "ip", "-j", "addr", "show", "dev", "ptr0").contains("10.200.1.5"));
            }
        }
    }

    @Test
    void routesAreAddedReplacedListedAndDeleted()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = setUp(a))
            {
                final Route viaGw = Route.via(IpPrefix.parse("10.201.0.0/16"), ip("10.200.0.2"));
                final Route dev = Route.dev(IpPrefix.parse("10.202.0.0/24"), "ptr0").withMetric(50).withSrc(ip("10.200.0.1"));
                final Route hole = Route.blackhole(IpPrefix.parse("10.203.0.0/24")).withProtocol(200);
                final Route unreachable = Route.blackhole(IpPrefix.parse("10.204.0.0/24")).withType(Route.Type.UNREACHABLE);
                final Route dflt = Route.via(null, ip("10.200.0.254"));
                final Route table100 = Route.via(IpPrefix.parse("10.205.0.0/16"), ip("10.200.0.2")).withTable(100);
                final Route v6 = Route.dev(IpPrefix.parse("2001:db8:5::/48"), "ptr0");
                final Route local = Route.dev(IpPrefix.parse("10.206.0.1/32"), "ptr0").withType(Route.Type.LOCAL)
                    .withTable(RtConst.RT_TABLE_LOCAL);
                for (final Route x : List.of(viaGw, dev, hole, unreachable, dflt, table100, v6, local))
                {
                    r.routeAdd(x);
                }

                final String main = Lab.sh(a, "ip", "-j", "route", "show");
                assertTrue(main.contains("{\"dst\":\"10.201.0.0/16\",\"gateway\":\"10.200.0.2\",\"dev\":\"ptr0\""), main);
                assertTrue(main.contains("{\"dst\":\"10.202.0.0/24\",\"dev\":\"ptr0\",\"scope\":\"link\","
                    + "\"prefsrc\":\"10.200.0.1\",\"metric\":50"), main);
                assertTrue(main.contains("{\"type\":\"blackhole\",\"dst\":\"10.203.0.0/24\",\"protocol\":\"200\""), main);
                assertTrue(main.contains("{\"type\":\"unreachable\",\"dst\":\"10.204.0.0/24\""), main);
                assertTrue(main.contains("{\"dst\":\"default\",\"gateway\":\"10.200.0.254\",\"dev\":\"ptr0\""), main);
                assertTrue(Lab.sh(a, "ip", "-j", "route", "show", "table", "100").contains("\"dst\":\"10.205.0.0/16\""));
                assertTrue(Lab.sh(a, "ip", "-6", "-j", "route", "show").contains("\"dst\":\"2001:db8:5::/48\""));
                assertTrue(Lab.sh(a, "ip", "-j", "route", "show", "table", "local")
                    .contains("{\"type\":\"local\",\"dst\":\"10.206.0.1\",\"dev\":\"ptr0\""));

                final List<Route> listed = r.routeList(RtConst.RT_TABLE_MAIN);
                assertTrue(listed.contains(new Route(IpPrefix.parse("10.201.0.0/16"), ip("10.200.0.2"), "ptr0", 254,
                    RtConst.RTPROT_BOOT, RtConst.RT_SCOPE_UNIVERSE, 0, Route.Type.UNICAST, null)), listed.toString());
                assertTrue(listed.contains(new Route(IpPrefix.parse("10.202.0.0/24"), null, "ptr0", 254,
                    RtConst.RTPROT_BOOT, RtConst.RT_SCOPE_LINK, 50, Route.Type.UNICAST, ip("10.200.0.1"))));
                assertTrue(listed.contains(new Route(IpPrefix.parse("10.203.0.0/24"), null, null, 254, 200,
                    RtConst.RT_SCOPE_UNIVERSE, 0, Route.Type.BLACKHOLE, null)));
                assertTrue(listed.contains(new Route(IpPrefix.parse("0.0.0.0/0"), ip("10.200.0.254"), "ptr0", 254,
                    RtConst.RTPROT_BOOT, RtConst.RT_SCOPE_UNIVERSE, 0, Route.Type.UNICAST, null)));
                assertTrue(listed.stream().anyMatch(x -> x.dst().equals(IpPrefix.parse("2001:db8:5::/48"))
                    && "ptr0".equals(x.oif()) && x.metric() == 1024), listed.toString());
                assertEquals(List.of(IpPrefix.parse("10.205.0.0/16")), r.routeList(100).stream().map(Route::dst).toList());
                assertTrue(r.routeList(0).stream().anyMatch(x -> x.type() == Route.Type.LOCAL && x.table() == 255
                    && x.dst().equals(IpPrefix.parse("10.206.0.1/32"))));

                assertEquals(Errno.EEXIST, assertThrows(KernelException.class, () -> r.routeAdd(viaGw)).errno());
                final Route moved = Route.via(IpPrefix.parse("10.201.0.0/16"), ip("10.200.0.3"));
                r.routeReplace(moved);
                final List<Map<String, Object>> now = Lab.json(a, "ip", "-j", "route", "show", "10.201.0.0/16");
                assertEquals(1, now.size(), now.toString());
                assertEquals("10.200.0.3", now.getFirst().get("gateway"));

                for (final Route x : List.of(moved, dev, hole, unreachable, dflt, table100, v6, local))
                {
                    r.routeDel(x);
                }
                assertEquals(Errno.ESRCH, assertThrows(KernelException.class, () -> r.routeDel(moved)).errno());
                assertEquals(List.of(), r.routeList(100));
                final String after = Lab.sh(a, "ip", "-j", "route", "show");
                assertFalse(after.contains("10.201.") || after.contains("10.203.") || after.contains("default"), after);
            }
        }
    }

    @Test
    void explicitScopeAndMetricsReachTheKernelAndComeBack()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = setUp(a))
            {
                // a device route would get scope link; scope host is only there because it was asked for
                final Route host = Route.dev(IpPrefix.parse("10.208.0.0/24"), "ptr0").withScope(RtConst.RT_SCOPE_HOST);
                final Route mss = Route.dev(IpPrefix.parse("10.207.0.0/24"), "ptr0")
                    .withMetrics(RouteMetrics.NONE.withMtu(1400).withAdvmss(1360).withHoplimit(9).withInitcwnd(20));
                final Route viaMtu = Route.via(IpPrefix.parse("10.209.0.0/16"), ip("10.200.0.2"))
                    .withMetrics(RouteMetrics.NONE.withMtu(1300));
                final Route v6 = Route.dev(IpPrefix.parse("2001:db8:7::/48"), "ptr0")
                    .withMetrics(RouteMetrics.NONE.withMtu(1280).withAdvmss(1200));
                for (final Route x : List.of(host, mss, viaMtu, v6))
                {
                    r.routeAdd(x);
                }

                final Map<String, Object> shownHost = Lab.json(a, "ip", "-j", "route", "show", "10.208.0.0/24").getFirst();
                assertEquals("host", shownHost.get("scope"), shownHost.toString());
                final Map<String, Object> shownMss = Lab.json(a, "ip", "-j", "route", "show", "10.207.0.0/24").getFirst();
                assertEquals("link", shownMss.get("scope"));
                assertEquals(List.of(Map.of("mtu", 1400L, "advmss", 1360L, "hoplimit", 9L, "initcwnd", 20L)),
                    shownMss.get("metrics"), shownMss.toString());
                final Map<String, Object> shownVia = Lab.json(a, "ip", "-j", "route", "show", "10.209.0.0/16").getFirst();
                assertEquals(List.of(Map.of("mtu", 1300L)), shownVia.get("metrics"), shownVia.toString());
                assertEquals("10.200.0.2", shownVia.get("gateway"));
                final Map<String, Object> shownV6 = Lab.json(a, "ip", "-6", "-j", "route", "show", "2001:db8:7::/48")
                    .getFirst();
                assertEquals(List.of(Map.of("mtu", 1280L, "advmss", 1200L)), shownV6.get("metrics"), shownV6.toString());

                final List<Route> listed = r.routeList(RtConst.RT_TABLE_MAIN);
                assertTrue(listed.contains(new Route(IpPrefix.parse("10.208.0.0/24"), null, "ptr0", 254,
                    RtConst.RTPROT_BOOT, RtConst.RT_SCOPE_HOST, 0, Route.Type.UNICAST, null)), listed.toString());
                assertTrue(listed.contains(new Route(IpPrefix.parse("10.207.0.0/24"), null, "ptr0", 254,
                    RtConst.RTPROT_BOOT, RtConst.RT_SCOPE_LINK, 0, Route.Type.UNICAST, null,
                    new RouteMetrics(1400, 1360, 9, 20))), listed.toString());
                assertTrue(listed.contains(new Route(IpPrefix.parse("10.209.0.0/16"), ip("10.200.0.2"), "ptr0", 254,
                    RtConst.RTPROT_BOOT, RtConst.RT_SCOPE_UNIVERSE, 0, Route.Type.UNICAST, null,
                    RouteMetrics.NONE.withMtu(1300))), listed.toString());
                assertTrue(listed.stream().anyMatch(x -> x.dst().equals(IpPrefix.parse("2001:db8:7::/48"))
                    && x.metrics().equals(new RouteMetrics(1280, 1200, 0, 0))), listed.toString());
                assertTrue(listed.stream().filter(x -> x.dst().equals(IpPrefix.parse("10.200.0.0/24")))
                    .allMatch(x -> x.metrics().isEmpty()), "a route without metrics lists none: " + listed);

                // replace changes the metrics in place
                r.routeReplace(viaMtu.withMetrics(RouteMetrics.NONE.withMtu(1200).withAdvmss(1160)));
                assertEquals(List.of(Map.of("mtu", 1200L, "advmss", 1160L)),
                    Lab.json(a, "ip", "-j", "route", "show", "10.209.0.0/16").getFirst().get("metrics"));

                for (final Route x : List.of(host, mss, viaMtu, v6))
                {
                    r.routeDel(x);
                }
                final String after = Lab.sh(a, "ip", "-j", "route", "show") + Lab.sh(a, "ip", "-6", "-j", "route", "show");
                assertFalse(after.contains("10.207.") || after.contains("10.208.") || after.contains("10.209.")
                    || after.contains("2001:db8:7:"), after);
            }
        }
    }

    @Test
    void neighboursAreReplacedListedAndDeleted()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = setUp(a))
            {
                final Neigh v4 = Neigh.permanent("ptr0", ip("10.200.0.9"), MAC);
                final Neigh v6 = Neigh.permanent("ptr0", ip("2001:db8::9"), MAC);
                final Neigh proxy = Neigh.proxyFor("ptr0", ip("10.200.0.77"));
                r.neighReplace(v4);
                r.neighReplace(v6);
                r.neighReplace(proxy);

                final List<Map<String, Object>> shown = Lab.json(a, "ip", "-j", "neigh", "show", "dev", "ptr0");
                assertTrue(shown.contains(Map.of("dst", "10.200.0.9", "lladdr", MAC.toString(), "state", List.of("PERMANENT"))),
                    shown.toString());
                assertTrue(shown.contains(Map.of("dst", "2001:db8::9", "lladdr", MAC.toString(), "state", List.of("PERMANENT"))),
                    shown.toString());
                assertTrue(Lab.sh(a, "ip", "-j", "neigh", "show", "proxy", "dev", "ptr0").contains("\"dst\":\"10.200.0.77\""));
                final List<Neigh> listed = r.neighList("ptr0");
                assertTrue(listed.containsAll(List.of(v4, v6, proxy)), listed.toString());

                final Neigh moved = Neigh.permanent("ptr0", ip("10.200.0.9"), MAC2);
                r.neighReplace(moved);
                assertTrue(Lab.sh(a, "ip", "-j", "neigh", "show", "dev", "ptr0", "to", "10.200.0.9").contains(MAC2.toString()));

                r.neighDel(moved);
                r.neighDel(v6);
                r.neighDel(proxy);
                assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> r.neighDel(v4)).errno());
                assertEquals(List.of(), r.neighList("ptr0").stream().filter(Neigh::isPermanent).toList());
                assertFalse(Lab.sh(a, "ip", "-j", "neigh", "show", "proxy").contains("10.200.0.77"));
            }
        }
    }
}
