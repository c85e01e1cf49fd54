// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.overlay;

import io.pontoon.core.driver.overlay.OverlayNetworkDriver;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.it.overlay.OverlayHost.Container;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overlay data plane between containers on three lab hosts: static forwarding only, MTU, the
 * host address path, NAT through the own host, isolation between networks.
 */
@Privileged
@LabHosts(count = 4)
class OverlayDataPlaneIT extends OverlayLabBase
{
    @Test
    void containersOnThreeHostsReachEachOtherThroughStaticEntriesOnly()
    {
        final NetworkRecord n = OverlayHost.network("ovl", 0x1001, SUBNET, GATEWAY);
        // h3 hears of the network's endpoints before it has created the network: they wait for it
        h(3).driver.resync(n.id(), List.of());
        create(n, h(1), h(2));
        final List<Container> cs = List.of(h(1).join(n, "10.200.0.2/24"), h(1).join(n, "10.200.0.3/24"),
            h(2).join(n, "10.200.0.4/24"));
        member(n, h(3));
        final List<Container> all = new ArrayList<>(cs);
        publish(n, all, h(1), h(2), h(3));
        create(n, h(3));
        all.add(h(3).join(n, "10.200.0.5/24"));
        publish(n, all, h(1), h(2), h(3));

        for (final Container from : all)
        {
            for (final Container to : all)
            {
                if (from != to)
                {
                    assertTrue(from.ping(to.ipText()), from.name() + " on " + from.host().lab.name() + " -> " + to.ipText()
                        + " on " + to.host().lab.name());
                }
            }
        }
        for (final OverlayHost h : hosts)
        {
            final String dev = vx(n);
            final Map<String, Object> link = h.link(dev);
            @SuppressWarnings("unchecked")
            final Map<String, Object> data = (Map<String, Object>) ((Map<String, Object>) link.get("linkinfo")).get("info_data");
            assertEquals(0x1001L, data.get("id"), link.toString());
            assertEquals(4789L, data.get("port"));
            assertEquals(Boolean.FALSE, data.get("learning"));
            assertEquals(Boolean.TRUE, data.get("proxy"));
            assertEquals(h.lab.underlayIp(), data.get("local"));
            assertEquals("eth0", data.get("link"));
            assertFalse(data.containsKey("l2miss") && Boolean.TRUE.equals(data.get("l2miss")), "no miss notifications");
            assertFalse(data.containsKey("l3miss") && Boolean.TRUE.equals(data.get("l3miss")), "no miss notifications");
            assertEquals(n.bridgeName(), link.get("master"));

            final List<Map<String, Object>> fdb = h.json("bridge", "-j", "fdb", "show", "dev", dev);
            final long remote = all.stream().filter(c -> c.host() != h).count() + members.get(n.id()).size() - 1;
            for (final Map<String, Object> e : fdb)
            {
                assertFalse("00:00:00:00:00:00".equals(e.get("mac")), "no flood entry on " + h.lab.name() + ": " + fdb);
                assertTrue(List.of("permanent", "static").contains(e.get("state")), "nothing learned: " + e + " in " + fdb);
            }
            final List<Map<String, Object>> self = fdb.stream().filter(e -> e.get("dst") != null).toList();
            assertEquals(remote, self.size(), "one static entry per remote address on " + h.lab.name() + ": " + fdb);
            for (final Container c : all)
            {
                final boolean present = self.stream().anyMatch(e -> c.ep().mac().equals(e.get("mac"))
                    && c.host().lab.underlayIp().equals(e.get("dst")) && "permanent".equals(e.get("state")));
                assertEquals(c.host() != h, present, c.ep().mac() + " on " + h.lab.name() + ": " + fdb);
            }
            final List<Map<String, Object>> neigh = h.json("ip", "-j", "neigh", "show", "dev", dev);
            assertEquals(remote, neigh.size(), neigh.toString());
            assertTrue(neigh.stream().allMatch(e -> List.of("PERMANENT").equals(e.get("state"))), neigh.toString());
        }
    }

    @Test
    void mtuIsTheUnderlayDevicesMinusFiftyOnEveryLink()
    {
        for (final OverlayHost h : List.of(h(1), h(2)))
        {
            h.lab.execOk("ip", "link", "set", "eth0", "mtu", "9000");
            io.pontoon.testkit.Commands.runOk(List.of("nsenter", "--net=" + lab.switchNsPath(), "--", "ip", "link", "set",
                "to-" + h.lab.name(), "mtu", "9000"), Lab.DEFAULT_TIMEOUT);
        }
        final NetworkRecord n = OverlayHost.network("jumbo", 77, SUBNET, GATEWAY);
        create(n, h(1), h(2));
        final Container c1 = h(1).join(n, "10.200.0.2/24");
        final Container c2 = h(2).join(n, "10.200.0.3/24");
        publish(n, List.of(c1, c2), h(1), h(2));
        for (final Container c : List.of(c1, c2))
        {
            final OverlayHost h = c.host();
            assertEquals(8950L, h.link(n.bridgeName()).get("mtu"), "bridge");
            assertEquals(8950L, h.link(vx(n)).get("mtu"), "vxlan");
            assertEquals(8950L, h.link(c.ep().hostIfName()).get("mtu"), "host end of the veth");
            assertTrue(c.exec("ip", "link", "show", "eth0").stdout().contains("mtu 8950"), "container end");
        }
        // the largest unfragmented packet crosses; one byte more does not leave the container
        assertTrue(c1.exec("ping", "-n", "-c3", "-W2", "-M", "do", "-s", String.valueOf(8950 - 28), c2.ipText()).stdout()
            .contains("8930 bytes from " + c2.ipText() + ":"), "8950-byte packets cross the overlay");
        assertFalse(c1.exec("ping", "-n", "-c1", "-W1", "-M", "do", "-s", String.valueOf(8950 - 27), c2.ipText()).ok(),
            "8951-byte packets are refused");
        // and on a 1500-byte underlay the same network gets 1450
        final NetworkRecord m = OverlayHost.network("plain", 78, "10.201.0.0/24", "10.201.0.1/24");
        h(3).driver.createNetwork(m);
        assertEquals(1450L, h(3).link(vx(m)).get("mtu"));
        assertEquals(1450L, h(3).link(m.bridgeName()).get("mtu"));
    }

    @Test
    void aHostReachesARemoteContainerFromItsOwnHostAddress()
    {
        final NetworkRecord n = OverlayHost.network("hostpath", 0x2002, SUBNET, GATEWAY);
        create(n, h(1));
        // h2's control plane keeps the address elsewhere and hands it over after the network exists
        h(2).driver.createNetwork(n);
        member(n, h(2));
        h(2).driver.hostAddress(n, hostAddress(n, h(2)));
        final Container c1 = h(1).join(n, "10.200.0.2/24");
        final Container c2 = h(2).join(n, "10.200.0.3/24");
        publish(n, List.of(c1, c2), h(1), h(2));
        final String mine = hostAddress(n, h(1)).address().getHostAddress();

        final Map<String, Object> route = h(1).json("ip", "-j", "route", "get", c2.ipText()).getFirst();
        assertEquals(mine, route.get("prefsrc"), "the host speaks into the network from its own address: " + route);
        assertEquals(n.bridgeName(), route.get("dev"));
        final List<Map<String, Object>> ours = h(1).json("ip", "-j", "route", "show", "proto", "112");
        assertEquals(1, ours.size(), ours.toString());
        assertEquals(SUBNET, ours.getFirst().get("dst"));
        assertEquals(mine, ours.getFirst().get("prefsrc"));
        assertEquals(OverlayNetworkDriver.hostMac(hostAddress(n, h(1)).address()).toString(),
            h(1).link(n.bridgeName()).get("address"), "the bridge's MAC is the one published with the host address");
        assertEquals(h(1).driver.hostMac(n).orElseThrow().toString(), h(1).link(n.bridgeName()).get("address"));

        assertTrue(h(1).lab.ping(c2.ipText()), "h1 -> container on h2");
        assertTrue(h(1).lab.ping(c1.ipText()), "h1 -> its own container");
        assertTrue(c2.ping(mine), "container on h2 -> h1's host address");
        // the anycast gateway: each container's gateway is its own host's bridge
        assertTrue(c1.ping("10.200.0.1") && c2.ping("10.200.0.1"));
        assertEquals(h(1).link(n.bridgeName()).get("address"), c1.exec("ip", "neigh", "show", "10.200.0.1").stdout()
            .split(" ")[4], "c1's gateway is h1");
        assertEquals(h(2).link(n.bridgeName()).get("address"), c2.exec("ip", "neigh", "show", "10.200.0.1").stdout()
            .split(" ")[4], "c2's gateway is h2");

        // without h1's host address published on h2, the reply has nowhere to go
        h(2).driver.resync(n.id(), everything(n, List.of(c1, c2)).stream().filter(e -> !e.ip().getHostAddress().equals(mine))
            .toList());
        assertFalse(h(1).lab.exec("ping", "-n", "-c1", "-W1", c2.ipText()).ok(), "h1 -> c2 needs h1's address known on h2");
    }

    @Test
    void containersLeaveThroughTheirOwnHostWithNat()
    {
        final Lab.Host outside = lab.host("h4");
        outside.execOk("nft", "add table ip seen; add chain ip seen in { type filter hook input priority 0; };"
            + " add rule ip seen in ip saddr " + h(1).lab.underlayIp() + " icmp type echo-request counter;"
            + " add rule ip seen in ip saddr " + h(2).lab.underlayIp() + " icmp type echo-request counter;"
            + " add rule ip seen in ip saddr " + SUBNET + " counter");
        final NetworkRecord n = OverlayHost.network("nat", 0x3003, SUBNET, GATEWAY);
        create(n, h(1), h(2));
        final Container c1 = h(1).join(n, "10.200.0.2/24");
        final Container c2 = h(2).join(n, "10.200.0.3/24");
        publish(n, List.of(c1, c2), h(1), h(2));
        assertTrue(c1.ping(outside.underlayIp()), "c1 -> outside");
        assertTrue(c2.ping(outside.underlayIp()), "c2 -> outside");
        final String counters = outside.execOk("nft", "list", "chain", "ip", "seen", "in");
        for (final OverlayHost h : List.of(h(1), h(2)))
        {
            assertTrue(Pattern.compile("ip saddr " + Pattern.quote(h.lab.underlayIp())
                + " icmp type echo-request counter packets [1-9]").matcher(counters).find(), h.lab.name() + ": " + counters);
        }
        assertTrue(counters.contains("ip saddr " + SUBNET + " counter packets 0 "), "no container address leaks: " + counters);
    }

    @Test
    void twoOverlayNetworksAreIsolated()
    {
        final NetworkRecord a = OverlayHost.network("blue", 0x100, SUBNET, GATEWAY);
        final NetworkRecord b = OverlayHost.network("red", 0x200, "10.201.0.0/24", "10.201.0.1/24");
        create(a, h(1), h(2));
        create(b, h(1), h(2));
        final Container a1 = h(1).join(a, "10.200.0.2/24");
        final Container a2 = h(2).join(a, "10.200.0.3/24");
        final Container b1 = h(1).join(b, "10.201.0.2/24");
        final Container b2 = h(2).join(b, "10.201.0.3/24");
        publish(a, List.of(a1, a2), h(1), h(2));
        publish(b, List.of(b1, b2), h(1), h(2));

        assertTrue(a1.ping(a2.ipText()) && a2.ping(a1.ipText()), "blue works");
        assertTrue(b1.ping(b2.ipText()) && b2.ping(b1.ipText()), "red works");
        for (final Container from : List.of(a1, a2))
        {
            for (final Container to : List.of(b1, b2))
            {
                assertFalse(from.pingOnce(to.ipText()), from.name() + " (blue) -> " + to.ipText() + " (red)");
                assertFalse(to.pingOnce(from.ipText()), to.name() + " (red) -> " + from.ipText() + " (blue)");
            }
        }
    }
}
