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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two underlay hosts (namespaces on a veth, 198.18.0.0/24) joined by VXLAN 42 with learning off:
 * the overlay ping works only because of the static FDB entries and permanent neighbours
 * programmed through Rtnl. Also bridge-port FDB entries, checked with {@code bridge -j fdb}.
 */
@Tag("privileged")
class RtnlVxlanPrivilegedTest
{
    private static final MacAddress MAC_A = MacAddress.parse("02:00:5e:20:00:0a");
    private static final MacAddress MAC_B = MacAddress.parse("02:00:5e:20:00:0b");

    private static InetAddress ip(final String s)
    {
        return IpPrefix.Ip.parse(s);
    }

    private static void vtep(final Rtnl r, final String underlay, final String local, final MacAddress mac,
        final String overlay)
    {
        r.addrAdd(underlay, local + "/24");
        r.linkAdd(Vxlan.of("ptvx0", 42).withLocal(ip(local)).withUnderlay(underlay)
            .withAttrs(LinkAttrs.named("ptvx0").withMac(mac).withMtu(1500 - Vxlan.OVERHEAD_IPV4).withUp(true)));
        r.addrAdd("ptvx0", overlay + "/24");
    }

    @Test
    void overlayPingUsesOnlyStaticFdbAndPermanentNeighbours()
    {
        try (Lab lab = new Lab())
        {
            final NetNs hostA = lab.ns("A");
            final NetNs hostB = lab.ns("B");
            try (Rtnl a = Rtnl.open(hostA); Rtnl b = Rtnl.open(hostB))
            {
                a.linkAdd(Veth.of("ptu0", "ptu1").withPeerNs(hostB).withAttrs(LinkAttrs.named("ptu0").withUp(true)));
                b.linkSetUp("ptu1");
                vtep(a, "ptu0", "198.18.0.1", MAC_A, "10.200.0.1");
                vtep(b, "ptu1", "198.18.0.2", MAC_B, "10.200.0.2");

                final Map<String, Object> vx = Lab.link(hostA, "ptvx0");
                assertEquals("vxlan", Lab.at(vx, "linkinfo", "info_kind"));
                assertEquals(42L, Lab.at(vx, "linkinfo", "info_data", "id"));
                assertEquals(4789L, Lab.at(vx, "linkinfo", "info_data", "port"));
                assertEquals(Boolean.FALSE, Lab.at(vx, "linkinfo", "info_data", "learning"));
                assertEquals("198.18.0.1", Lab.at(vx, "linkinfo", "info_data", "local"));
                assertEquals("ptu0", Lab.at(vx, "linkinfo", "info_data", "link"));
                assertEquals(1450L, vx.get("mtu"));
                assertEquals(42, a.linkGet("ptvx0").orElseThrow().vxlanId());

                // without static state there is no way across: learning is off and nothing floods
                assertEquals(1, Lab.run(hostA, "ping", "-c1", "-W1", "10.200.0.2").exit(), "no FDB, no ping");

                a.fdbAppend(Fdb.vxlan("ptvx0", MAC_B, ip("198.18.0.2")));
                b.fdbAppend(Fdb.vxlan("ptvx0", MAC_A, ip("198.18.0.1")));
                a.neighReplace(Neigh.permanent("ptvx0", ip("10.200.0.2"), MAC_B));
                b.neighReplace(Neigh.permanent("ptvx0", ip("10.200.0.1"), MAC_A));

                assertEquals(0, Lab.run(hostA, "ping", "-c1", "-W1", "10.200.0.2").exit(), "A -> B over VXLAN");
                assertEquals(0, Lab.run(hostB, "ping", "-c1", "-W1", "10.200.0.1").exit(), "B -> A over VXLAN");

                for (final NetNs h : List.of(hostA, hostB))
                {
                    final List<Map<String, Object>> fdb = Lab.json(h, "bridge", "-j", "fdb", "show", "dev", "ptvx0");
                    final List<Map<String, Object>> learned = fdb.stream()
                        .filter(e -> e.get("dst") != null && !"permanent".equals(e.get("state"))).toList();
                    assertEquals(List.of(), learned, "nothing learned: " + fdb);
                    final List<Map<String, Object>> neigh = Lab.json(h, "ip", "-j", "neigh", "show", "dev", "ptvx0");
                    assertTrue(neigh.stream().allMatch(n -> List.of("PERMANENT").equals(n.get("state"))), neigh.toString());
                }
                final List<Map<String, Object>> fdbA = Lab.json(hostA, "bridge", "-j", "fdb", "show", "dev", "ptvx0");
                assertTrue(fdbA.stream().anyMatch(e -> MAC_B.toString().equals(e.get("mac")) && "198.18.0.2".equals(e.get("dst"))
                    && List.of("self").equals(e.get("flags")) && "permanent".equals(e.get("state"))), fdbA.toString());
            }
        }
    }

    @Test
    void dstportTtlSourcePortRangeAndProxyReachTheKernel()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = Rtnl.open(a))
            {
                r.linkAdd(Veth.of("ptu0", "ptu1").withAttrs(LinkAttrs.named("ptu0").withUp(true)));
                r.addrAdd("ptu0", "198.18.0.1/24");
                r.linkAdd(Vxlan.of("ptvx1", 77).withLocal(ip("198.18.0.1")).withUnderlay("ptu0").withPort(8472)
                    .withTtl(17).withPortRange(40000, 40100).withProxy(true));
                final Map<String, Object> vx = Lab.link(a, "ptvx1");
                assertEquals(77L, Lab.at(vx, "linkinfo", "info_data", "id"));
                assertEquals(8472L, Lab.at(vx, "linkinfo", "info_data", "port"));
                assertEquals(17L, Lab.at(vx, "linkinfo", "info_data", "ttl"));
                assertEquals(Map.of("low", 40000L, "high", 40100L), Lab.at(vx, "linkinfo", "info_data", "port_range"));
                assertEquals(Boolean.TRUE, Lab.at(vx, "linkinfo", "info_data", "proxy"));
                assertEquals(Boolean.FALSE, Lab.at(vx, "linkinfo", "info_data", "learning"));
                assertEquals("ptu0", Lab.at(vx, "linkinfo", "info_data", "link"));

                // the same knobs the other way round: learning on, no proxy, kernel defaults for ttl and ports
                r.linkAdd(Vxlan.of("ptvx2", 78).withLocal(ip("198.18.0.1")).withUnderlay("ptu0").withPort(4790)
                    .withLearning(true));
                final Map<String, Object> plain = Lab.link(a, "ptvx2");
                assertEquals(4790L, Lab.at(plain, "linkinfo", "info_data", "port"));
                assertNull(Lab.at(plain, "linkinfo", "info_data", "proxy"), "ip prints proxy only when it is on");
                assertEquals(Boolean.TRUE, Lab.at(plain, "linkinfo", "info_data", "learning"));
                assertFalse(Long.valueOf(17L).equals(Lab.at(plain, "linkinfo", "info_data", "ttl")), plain.toString());
                assertFalse(Map.of("low", 40000L, "high", 40100L)
                    .equals(Lab.at(plain, "linkinfo", "info_data", "port_range")), plain.toString());
            }
        }
    }

    @Test
    void fdbEntriesAreAppendedReplacedListedAndDeleted()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = Rtnl.open(a))
            {
                r.linkAdd(Veth.of("ptu0", "ptu1").withAttrs(LinkAttrs.named("ptu0").withUp(true)));
                r.addrAdd("ptu0", "198.18.0.1/24");
                r.linkAdd(Vxlan.of("ptvx0", 7).withLocal(ip("198.18.0.1")).withUnderlay("ptu0"));
                final Fdb toB = Fdb.flood("ptvx0", ip("198.18.0.2"));
                final Fdb toC = Fdb.flood("ptvx0", ip("198.18.0.3"));
                final Fdb unicast = Fdb.vxlan("ptvx0", MAC_B, ip("198.18.0.2"));
                r.fdbAppend(toB);
                r.fdbAppend(toC);
                r.fdbAppend(unicast);
                final String shown = Lab.sh(a, "bridge", "-j", "fdb", "show", "dev", "ptvx0");
                assertTrue(shown.contains("{\"mac\":\"00:00:00:00:00:00\",\"dst\":\"198.18.0.2\",\"flags\":[\"self\"],"
                    + "\"state\":\"permanent\"}"), shown);
                assertTrue(shown.contains("{\"mac\":\"00:00:00:00:00:00\",\"dst\":\"198.18.0.3\""), shown);
                assertTrue(r.fdbList("ptvx0").containsAll(List.of(toB, toC, unicast)), r.fdbList("ptvx0").toString());

                final Fdb moved = Fdb.vxlan("ptvx0", MAC_B, ip("198.18.0.3"));
                r.fdbReplace(moved);
                assertTrue(r.fdbList("ptvx0").contains(moved));
                assertFalse(r.fdbList("ptvx0").contains(unicast));
                r.fdbDel(toC);
                assertFalse(Lab.sh(a, "bridge", "-j", "fdb", "show", "dev", "ptvx0").contains("\"00:00:00:00:00:00\",\"dst\":\"198.18.0.3\""));
                assertTrue(r.fdbList("ptvx0").contains(toB));
                r.fdbDel(moved);
                assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> r.fdbDel(moved)).errno());

                // a bridge port's static entry lives in the bridge's table (master)
                r.linkAdd(Bridge.of("ptbr0").withAttrs(LinkAttrs.named("ptbr0").withUp(true)));
                r.linkSetMaster("ptu1", "ptbr0");
                final Fdb port = Fdb.bridgePort("ptu1", MAC_A);
                r.fdbReplace(port);
                final List<Map<String, Object>> portFdb = Lab.json(a, "bridge", "-j", "fdb", "show", "dev", "ptu1");
                assertTrue(portFdb.stream().anyMatch(e -> MAC_A.toString().equals(e.get("mac"))
                    && "ptbr0".equals(e.get("master")) && "static".equals(e.get("state"))), portFdb.toString());
                assertTrue(r.fdbList("ptu1").contains(port), r.fdbList("ptu1").toString());
                r.fdbDel(port);
                assertFalse(r.fdbList("ptu1").contains(port));
            }
        }
    }
}
