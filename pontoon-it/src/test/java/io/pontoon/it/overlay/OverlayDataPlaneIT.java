// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.overlay;

import io.pontoon.core.driver.overlay.OverlayNetworkDriver;
import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.it.overlay.OverlayHost.Container;
import io.pontoon.core.PontoonException;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.Spawned;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overlay data plane on three lab hosts (h1-h3; h4 is "outside"), each running the drivers
 * from this JVM inside its namespace, with the test playing the cluster control plane through
 * {@link io.pontoon.core.driver.overlay.OverlayPeers}. No etcd, no daemon.
 */
@Privileged
@LabHosts(count = 4)
class OverlayDataPlaneIT
{
    static final String SUBNET = "10.200.0.0/24";
    static final String GATEWAY = "10.200.0.1/24";

    Lab lab;
    Path sandboxes;
    final List<OverlayHost> hosts = new ArrayList<>();
    /** The hosts each network (by id) has a host address on. */
    final Map<String, List<OverlayHost>> members = new LinkedHashMap<>();

    @BeforeEach
    void hosts(final Lab l) throws IOException
    {
        lab = l;
        sandboxes = Files.createTempDirectory("pt-ovl-sandboxes-");
        for (int i = 1; i <= 3; i++)
        {
            hosts.add(new OverlayHost(l.host("h" + i), sandboxes));
        }
    }

    @AfterEach
    void cleanUp() throws IOException
    {
        for (final OverlayHost h : hosts)
        {
            h.close();
        }
        Files.deleteIfExists(sandboxes);
    }

    OverlayHost h(final int i)
    {
        return hosts.get(i - 1);
    }

    /**
     * Creates {@code n} on the given hosts with host addresses .251, .252, ... of the subnet, given
     * the way the control plane does: in the host's own copy of the record.
     */
    void create(final NetworkRecord n, final OverlayHost... on)
    {
        for (final OverlayHost h : on)
        {
            member(n, h);
            h.driver.createNetwork(mirror(n, h));
        }
    }

    /** {@code h}'s copy of the record: with its host address and MAC in the options. */
    static NetworkRecord mirror(final NetworkRecord n, final OverlayHost h)
    {
        final Map<String, String> o = new LinkedHashMap<>(n.options());
        final IpPrefix a = hostAddress(n, h);
        o.put(OverlayNetworkDriver.OPT_HOST_ADDRESS, new IpPrefix(a.address(), n.subnet().length()).toString());
        o.put(OverlayNetworkDriver.OPT_HOST_MAC, OverlayNetworkDriver.hostMac(a.address()).toString());
        return new NetworkRecord(n.id(), n.name(), n.driver(), n.scope(), n.internal(), n.subnet(), n.gateway(), n.ipRange(),
            n.poolId(), o, n.labels(), n.created(), n.bridgeName());
    }

    void member(final NetworkRecord n, final OverlayHost h)
    {
        final List<OverlayHost> l = members.computeIfAbsent(n.id(), k -> new ArrayList<>());
        if (!l.contains(h))
        {
            l.add(h);
        }
    }

    static IpPrefix hostAddress(final NetworkRecord n, final OverlayHost h)
    {
        final byte[] b = n.subnet().address().getAddress();
        return IpPrefix.parse((b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (250 + h.lab.name().charAt(1)
            - '0') + "/32");
    }

    /** Everything the control plane would publish for {@code n}: containers and host addresses of every host. */
    List<RemoteEndpoint> everything(final NetworkRecord n, final List<Container> containers)
    {
        final List<RemoteEndpoint> all = new ArrayList<>();
        containers.stream().filter(c -> c.network().id().equals(n.id())).forEach(c -> all.add(c.remote()));
        for (final OverlayHost h : members.getOrDefault(n.id(), List.of()))
        {
            final IpPrefix a = hostAddress(n, h);
            all.add(new RemoteEndpoint("host-" + h.lab.name() + "-" + n.id(), h.lab.name(), a.address(),
                OverlayNetworkDriver.hostMac(a.address()), h.vtep));
        }
        return all;
    }

    /** Tells every host the whole set (its own entries included: the driver skips them). */
    void publish(final NetworkRecord n, final List<Container> containers, final OverlayHost... to)
    {
        final List<RemoteEndpoint> all = everything(n, containers);
        for (final OverlayHost h : to)
        {
            h.driver.resync(n.id(), all);
        }
    }

    static String vx(final NetworkRecord n)
    {
        return OverlayNetworkDriver.vxlanName(OverlayNetworkDriver.vni(n));
    }

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
        assertTrue(c1.exec("ping", "-n", "-c1", "-W2", "-M", "do", "-s", String.valueOf(8950 - 28), c2.ipText()).ok(),
            "8950-byte packets cross the overlay");
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
        assertTrue(c1.pingOnce(outside.underlayIp()), "c1 -> outside");
        assertTrue(c2.pingOnce(outside.underlayIp()), "c2 -> outside");
        final String counters = outside.execOk("nft", "list", "chain", "ip", "seen", "in");
        assertTrue(counters.contains("ip saddr " + h(1).lab.underlayIp() + " icmp type echo-request counter packets 1 "),
            counters);
        assertTrue(counters.contains("ip saddr " + h(2).lab.underlayIp() + " icmp type echo-request counter packets 1 "),
            counters);
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

    @Test
    void removingARemoteEndpointCutsItOffAtOnce()
    {
        final NetworkRecord n = OverlayHost.network("cut", 0x4004, SUBNET, GATEWAY);
        create(n, h(1), h(2), h(3));
        final Container c1 = h(1).join(n, "10.200.0.2/24");
        final Container c2 = h(2).join(n, "10.200.0.3/24");
        final Container c3 = h(3).join(n, "10.200.0.4/24");
        publish(n, List.of(c1, c2, c3), h(1), h(2), h(3));
        assertTrue(c1.ping(c2.ipText()) && c1.ping(c3.ipText()));

        h(1).driver.remove(n.id(), c2.ep().id());
        assertFalse(c1.pingOnce(c2.ipText()), "the first echo after the removal gets no answer");
        final String dev = vx(n);
        assertFalse(h(1).lab.execOk("bridge", "fdb", "show", "dev", dev).contains(c2.ep().mac()));
        assertFalse(h(1).lab.execOk("ip", "neigh", "show", "dev", dev).contains(c2.ipText() + " "));
        assertTrue(c1.pingOnce(c3.ipText()), "the others are untouched");

        h(1).driver.upsert(n.id(), c2.remote());
        assertTrue(c1.ping(c2.ipText()), "and back");
    }

    /** Age in seconds of each static entry's last change: VXLAN FDB {@code updated}, neighbour {@code confirmed/updated}. */
    static Map<String, Long> ages(final OverlayHost h, final String dev)
    {
        final Map<String, Long> out = new LinkedHashMap<>();
        for (final Map<String, Object> e : h.json("bridge", "-s", "-j", "fdb", "show", "dev", dev))
        {
            if (e.get("dst") != null)
            {
                out.put("fdb " + e.get("mac") + " " + e.get("dst"), (Long) e.get("updated"));
            }
        }
        for (final Map<String, Object> e : h.json("ip", "-s", "-j", "neigh", "show", "dev", dev))
        {
            out.put("neigh " + e.get("dst") + " confirmed", (Long) e.get("confirmed"));
            out.put("neigh " + e.get("dst") + " updated", (Long) e.get("updated"));
        }
        return out;
    }

    @Test
    void aRestartAndAResyncWithTheSameSetRewriteNothing()
    {
        final NetworkRecord n = OverlayHost.network("steady", 0x5005, SUBNET, GATEWAY);
        create(n, h(1), h(2), h(3));
        final List<Container> cs = List.of(h(1).join(n, "10.200.0.2/24"), h(2).join(n, "10.200.0.3/24"),
            h(3).join(n, "10.200.0.4/24"));
        publish(n, cs, h(1), h(2), h(3));
        assertTrue(cs.get(0).ping(cs.get(1).ipText()) && h(1).lab.ping(cs.get(2).ipText()));
        final String dev = vx(n);
        final Object vxIndex = h(1).link(dev).get("ifindex");
        final Object brIndex = h(1).link(n.bridgeName()).get("ifindex");
        // every entry at least a second old, so that any rewrite would show as a younger one
        Await.until("static entries a second old", Duration.ofSeconds(10),
            () -> ages(h(1), dev).values().stream().allMatch(a -> a >= 1));
        final Map<String, Long> before = ages(h(1), dev);
        assertEquals(4 + 4 * 2, before.size(), "4 remote addresses: FDB updated, neighbour confirmed and updated: " + before);

        final Spawned ipMon = h(1).lab.spawn("ip", "monitor", "neigh");
        final Spawned brMon = h(1).lab.spawn("bridge", "monitor", "fdb");
        final RemoteEndpoint marker = new RemoteEndpoint("marker", "h9", IpPrefix.Ip.parse("10.200.0.99"),
            MacAddress.parse("02:42:0a:c8:00:63"), h(2).vtep);
        // a monitor is listening once it has seen the marker come and go: repeat until both have
        Await.until("the monitors see the marker", Duration.ofSeconds(20), () ->
        {
            h(1).driver.remove(n.id(), marker.id());
            h(1).driver.upsert(n.id(), marker);
            return ipMon.output().contains("10.200.0.99") && brMon.output().contains("02:42:0a:c8:00:63 dev " + dev);
        });

        // the daemon restarts: a new driver replays the network (with its host address), then gets the list again
        final OverlayNetworkDriver restarted = h(1).restartDriver();
        restarted.createNetwork(mirror(n, h(1)));
        final List<RemoteEndpoint> same = new ArrayList<>(everything(n, cs));
        same.add(marker);
        restarted.resync(n.id(), same);
        restarted.resync(n.id(), same);
        restarted.upsert(n.id(), cs.get(1).remote());
        restarted.createNetwork(mirror(n, h(1)));
        restarted.hostAddress(n, hostAddress(n, h(1)));

        // closing mark: a second marker appears once; when both monitors show its last write, they
        // have printed everything the restart and the resyncs did before it
        final RemoteEndpoint last = new RemoteEndpoint("last", "h9", IpPrefix.Ip.parse("10.200.0.98"),
            MacAddress.parse("02:42:0a:c8:00:62"), h(2).vtep);
        restarted.upsert(n.id(), last);
        Await.until("the monitors see the closing mark", Duration.ofSeconds(20),
            () -> ipMon.output().contains("10.200.0.98 dev " + dev)
                && brMon.output().contains("02:42:0a:c8:00:62 dev " + dev + " master"));
        for (final Spawned mon : List.of(ipMon, brMon))
        {
            for (final String line : mon.output().lines().toList())
            {
                if (line.contains("dev " + dev) || line.contains("dev " + n.bridgeName()))
                {
                    assertTrue(line.contains("02:42:0a:c8:00:63") || line.contains("10.200.0.99")
                        || line.contains("02:42:0a:c8:00:62") || line.contains("10.200.0.98"),
                        "only the markers changed, but " + mon.command() + " saw: " + line + "\n" + mon.output());
                }
            }
        }
        restarted.remove(n.id(), last.id());
        restarted.remove(n.id(), marker.id());
        final Map<String, Long> after = ages(h(1), dev);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertTrue(after.get(k) >= v, k + " was rewritten: age " + v + " s before, "
            + after.get(k) + " s after"));
        assertEquals(vxIndex, h(1).link(dev).get("ifindex"), "the VXLAN device was kept");
        assertEquals(brIndex, h(1).link(n.bridgeName()).get("ifindex"), "the bridge was kept");
        assertTrue(cs.get(0).pingOnce(cs.get(1).ipText()) && h(1).lab.ping(cs.get(2).ipText()));
    }

    @Test
    void createAndDeleteAreIdempotentAndPruneRemovesOrphans()
    {
        final OverlayHost h = h(1);
        final NetworkRecord n = OverlayHost.network("idem", 0x6006, SUBNET, GATEWAY);
        h.driver.createNetwork(n);
        final Object vxIndex = h.link(vx(n)).get("ifindex");
        h.driver.createNetwork(n);
        assertEquals(vxIndex, h.link(vx(n)).get("ifindex"));
        assertEquals(n.bridgeName(), h.link(vx(n)).get("master"));

        // another network claiming the same VNI is refused and leaves nothing behind
        final NetworkRecord twin = OverlayHost.network("twin", 0x6006, "10.201.0.0/24", "10.201.0.1/24");
        final PontoonException e = assertThrows(PontoonException.class, () -> h.driver.createNetwork(twin));
        assertEquals(PontoonException.Kind.CONFLICT, e.kind(), e.getMessage());
        assertFalse(h.lab.exec("ip", "link", "show", twin.bridgeName()).ok(), "the twin's bridge was removed again");
        assertEquals(vxIndex, h.link(vx(n)).get("ifindex"));
        assertEquals(n.bridgeName(), h.link(vx(n)).get("master"));

        final RemoteEndpoint far = new RemoteEndpoint("far", "h9", IpPrefix.Ip.parse("10.200.0.77"),
            MacAddress.parse("02:42:0a:c8:00:4d"), h(2).vtep);
        h.driver.resync(n.id(), List.of(far));
        h.driver.deleteNetwork(n);
        h.driver.deleteNetwork(n);
        assertEquals(List.of("eth0", "lo"), h.json("ip", "-j", "link", "show").stream().map(l -> (String) l.get("ifname"))
            .sorted().toList(), "nothing of the network is left");

        // a crash left a network the store no longer has; prune removes it and keeps the one it has
        final NetworkRecord kept = OverlayHost.network("kept", 0x7007, "10.201.0.0/24", "10.201.0.1/24");
        h.driver.createNetwork(n);
        assertTrue(h.lab.execOk("bridge", "fdb", "show", "dev", vx(n)).contains("02:42:0a:c8:00:4d dst " + h(2).lab.underlayIp()),
            "the peers the control plane gave before are programmed again");
        h.driver.createNetwork(kept);
        h.restartDriver().prune(Set.of(kept.bridgeName()), Set.of());
        final String links = h.lab.execOk("ip", "link", "show");
        assertFalse(links.contains(vx(n)) || links.contains(n.bridgeName()), links);
        assertTrue(links.contains(vx(kept)) && links.contains(kept.bridgeName()), links);
        assertEquals(kept.bridgeName(), h.link(vx(kept)).get("master"));
    }
}
