// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.ffm.Libc;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.NlAttrs;
import io.pontoon.kernel.netlink.NlMsg;
import io.pontoon.kernel.netlink.NlReply;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Address, route, neighbour and FDB messages: encoded, decoded and compared; no privilege needed. */
class RtCodecTest
{
    private static final Map<Integer, String> NAMES = Map.of(4, "eth0", 9, "ptvx0");
    private static final MacAddress MAC = MacAddress.parse("02:42:0a:c8:00:05");

    private static InetAddress ip(final String s)
    {
        return IpPrefix.Ip.parse(s);
    }

    @Test
    void routesRoundTripWithIproute2Defaults()
    {
        final List<Route> given = List.of(
            Route.via(null, ip("10.200.0.1")).withOif("eth0"),
            Route.dev(IpPrefix.parse("10.201.0.0/16"), "eth0").withMetric(100).withSrc(ip("10.200.0.2")),
            Route.blackhole(IpPrefix.parse("10.202.0.0/24")).withTable(1000).withProtocol(200),
            Route.via(IpPrefix.parse("2001:db8:1::/48"), ip("fe80::1")).withOif("eth0").withTable(100),
            new Route(IpPrefix.parse("10.203.0.0/16"), null, null, 0, 0, Route.SCOPE_AUTO, 0, Route.Type.UNREACHABLE,
                null),
            new Route(IpPrefix.parse("10.204.0.1/32"), null, "eth0", 255, 2, Route.SCOPE_AUTO, 0, Route.Type.LOCAL, null));
        final List<Route> expected = List.of(
            new Route(IpPrefix.parse("0.0.0.0/0"), ip("10.200.0.1"), "eth0", 254, 3, 0, 0, Route.Type.UNICAST, null),
            new Route(IpPrefix.parse("10.201.0.0/16"), null, "eth0", 254, 3, 253, 100, Route.Type.UNICAST,
                ip("10.200.0.2")),
            new Route(IpPrefix.parse("10.202.0.0/24"), null, null, 1000, 200, 0, 0, Route.Type.BLACKHOLE, null),
            new Route(IpPrefix.parse("2001:db8:1::/48"), ip("fe80::1"), "eth0", 100, 3, 0, 0, Route.Type.UNICAST, null),
            new Route(IpPrefix.parse("10.203.0.0/16"), null, null, 254, 3, 0, 0, Route.Type.UNREACHABLE, null),
            new Route(IpPrefix.parse("10.204.0.1/32"), null, "eth0", 255, 2, 254, 0, Route.Type.LOCAL, null));
        for (int i = 0; i < given.size(); i++)
        {
            final Route g = given.get(i);
            final NlReply r = Wire.reply(RtCodec.route(RtConst.RTM_NEWROUTE, NlMsg.NLM_F_CREATE | NlMsg.NLM_F_EXCL, g,
                g.oif() == null ? 0 : 4));
            Wire.checkFraming(r.message(), NlMsg.HDRLEN + RtConst.RTMSG_SIZE, r.message().limit(), Wire.Schema.LEAF);
            assertEquals(expected.get(i), RtCodec.decodeRoute(r, NAMES::get), g.describe());
        }
    }

    @Test
    void routeMetricsAreNestedU32sAndRoundTrip()
    {
        final Route given = Route.dev(IpPrefix.parse("10.207.0.0/24"), "eth0")
            .withMetrics(RouteMetrics.NONE.withMtu(1400).withAdvmss(1360).withInitcwnd(20));
        final NlReply r = Wire.reply(RtCodec.route(RtConst.RTM_NEWROUTE, NlMsg.NLM_F_CREATE, given, 4));
        Wire.checkFraming(r.message(), NlMsg.HDRLEN + RtConst.RTMSG_SIZE, r.message().limit(),
            Wire.Schema.of(Map.of(RtConst.RTA_METRICS, Wire.Schema.LEAF)));
        final NlAttrs m = r.attrs(RtConst.RTMSG_SIZE).nested(RtConst.RTA_METRICS);
        assertEquals(3, m.size(), "only the metrics that are set");
        assertEquals(1400, m.u32(RtConst.RTAX_MTU, -1));
        assertEquals(1360, m.u32(RtConst.RTAX_ADVMSS, -1));
        assertEquals(20, m.u32(RtConst.RTAX_INITCWND, -1));
        assertFalse(m.has(RtConst.RTAX_HOPLIMIT));
        assertEquals(new RouteMetrics(1400, 1360, 0, 20), RtCodec.decodeRoute(r, NAMES::get).metrics());
        assertEquals("10.207.0.0/24 dev eth0 mtu 1400 advmss 1360 initcwnd 20 table 254", given.describe());

        assertFalse(Wire.reply(RtCodec.route(RtConst.RTM_NEWROUTE, 0, given.withMetrics(null), 4))
            .attrs(RtConst.RTMSG_SIZE).has(RtConst.RTA_METRICS), "no metrics, no RTA_METRICS");
        assertFalse(Wire.reply(RtCodec.route(RtConst.RTM_DELROUTE, 0, given, 4)).attrs(RtConst.RTMSG_SIZE)
            .has(RtConst.RTA_METRICS), "a delete matches regardless of metrics");
        assertThrows(IllegalArgumentException.class, () -> RouteMetrics.NONE.withHoplimit(256));
    }

    @Test
    void anExplicitScopeIsSentAsGiven()
    {
        final ByteBuffer p = Wire.reply(RtCodec.route(RtConst.RTM_NEWROUTE, 0,
            Route.dev(IpPrefix.parse("10.208.0.0/24"), "eth0").withScope(RtConst.RT_SCOPE_HOST), 4)).payload();
        assertEquals(RtConst.RT_SCOPE_HOST, Byte.toUnsignedInt(p.get(6)));
    }

    @Test
    void routeTablesAbove255GoInRtaTableOnly()
    {
        final NlReply r = Wire.reply(RtCodec.route(RtConst.RTM_NEWROUTE, 0,
            Route.blackhole(IpPrefix.parse("10.0.0.0/8")).withTable(1000), 0));
        assertEquals(RtConst.RT_TABLE_UNSPEC, r.payload().get(4));
        assertEquals(1000, r.attrs(RtConst.RTMSG_SIZE).u32(RtConst.RTA_TABLE, -1));
    }

    @Test
    void aRouteDeleteLeavesWildcards()
    {
        final ByteBuffer p = Wire.reply(RtCodec.route(RtConst.RTM_DELROUTE, 0,
            Route.dev(IpPrefix.parse("10.0.0.0/8"), "eth0"), 4)).payload();
        assertEquals(RtConst.RTPROT_UNSPEC, p.get(5), "any protocol");
        assertEquals(RtConst.RT_SCOPE_NOWHERE, Byte.toUnsignedInt(p.get(6)), "any scope");
    }

    @Test
    void addressesRoundTrip()
    {
        for (final String a : List.of("10.200.0.2/24", "127.0.0.2/8", "2001:db8::5/64", "198.18.0.1/32"))
        {
            final IpPrefix p = IpPrefix.parse(a);
            final NlReply r = Wire.reply(RtCodec.addr(RtConst.RTM_NEWADDR, NlMsg.NLM_F_CREATE, 4, p));
            Wire.checkFraming(r.message(), NlMsg.HDRLEN + RtConst.IFADDRMSG_SIZE, r.message().limit(), Wire.Schema.LEAF);
            final int scope = a.startsWith("127.") ? RtConst.RT_SCOPE_HOST : RtConst.RT_SCOPE_UNIVERSE;
            assertEquals(new Addr("eth0", 4, p, scope), RtCodec.decodeAddr(r, NAMES::get));
            final NlAttrs attrs = r.attrs(RtConst.IFADDRMSG_SIZE);
            if (p.isIpv4() && p.length() < 31)
            {
                assertEquals(p.last(), RtCodec.ip(attrs.bytes(RtConst.IFA_BROADCAST)));
            }
            if (!p.isIpv4())
            {
                assertEquals(RtConst.IFA_F_NODAD, attrs.u32(RtConst.IFA_FLAGS, 0));
            }
        }
    }

    @Test
    void neighboursRoundTrip()
    {
        for (final Neigh n : List.of(Neigh.permanent("eth0", ip("10.200.0.3"), MAC),
            Neigh.permanent("eth0", ip("2001:db8::3"), MAC), Neigh.proxyFor("eth0", ip("10.200.0.9")),
            new Neigh("eth0", ip("10.200.0.4"), MAC, RtConst.NUD_REACHABLE, false)))
        {
            final NlReply r = Wire.reply(RtCodec.neigh(RtConst.RTM_NEWNEIGH, NlMsg.NLM_F_CREATE, n, 4));
            Wire.checkFraming(r.message(), NlMsg.HDRLEN + RtConst.NDMSG_SIZE, r.message().limit(), Wire.Schema.LEAF);
            assertEquals(RtCodec.family(n.ip()), r.payload().get(0));
            assertEquals(4, r.payload().getInt(4));
            assertEquals(n, RtCodec.decodeNeigh(r, "eth0"));
        }
        final NlReply del = Wire.reply(RtCodec.neigh(RtConst.RTM_DELNEIGH, 0, Neigh.permanent("eth0", ip("10.0.0.1"), MAC), 4));
        assertNull(del.attrs(RtConst.NDMSG_SIZE).get(RtConst.NDA_LLADDR), "a delete names the neighbour by IP only");
    }

    @Test
    void fdbEntriesRoundTrip()
    {
        for (final Fdb f : List.of(Fdb.vxlan("ptvx0", MAC, ip("198.18.0.2")), Fdb.flood("ptvx0", ip("198.18.0.3")),
            Fdb.bridgePort("eth0", MAC), new Fdb("ptvx0", MAC, ip("2001:db8::2"), true, true, false)))
        {
            final NlReply r = Wire.reply(RtCodec.fdb(RtConst.RTM_NEWNEIGH, NlMsg.NLM_F_CREATE | NlMsg.NLM_F_APPEND, f, 9));
            Wire.checkFraming(r.message(), NlMsg.HDRLEN + RtConst.NDMSG_SIZE, r.message().limit(), Wire.Schema.LEAF);
            assertEquals(Libc.AF_BRIDGE, r.payload().get(0));
            assertEquals(RtConst.NUD_NOARP | (f.permanent() ? RtConst.NUD_PERMANENT : RtConst.NUD_REACHABLE),
                r.payload().getShort(8));
            assertEquals(f, RtCodec.decodeFdb(r, f.dev()));
        }
        final Fdb neither = new Fdb("ptvx0", MAC, null, false, false, true);
        final Fdb back = RtCodec.decodeFdb(Wire.reply(RtCodec.fdb(RtConst.RTM_NEWNEIGH, 0, neither, 9)), "ptvx0");
        assertEquals(new Fdb("ptvx0", MAC, null, true, false, true), back, "neither self nor master means self");
        assertFalse(back.master());
    }
}
