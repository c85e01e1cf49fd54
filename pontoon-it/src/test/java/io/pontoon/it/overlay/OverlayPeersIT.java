// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.overlay;

import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.overlay.OverlayNetworkDriver;
import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.it.overlay.OverlayHost.Container;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.Spawned;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the overlay data plane follows the control plane: removal cuts at once, a restart and a
 * resync with the same set rewrite nothing, create and delete are idempotent, prune removes
 * orphans.
 */
@Privileged
@LabHosts(count = 4)
class OverlayPeersIT extends OverlayLabBase
{
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
        assertTrue(c1.ping(c3.ipText()), "the others are untouched");

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
        final Spawned linkMon = h(1).lab.spawn("ip", "monitor", "link", "address", "route");
        final RemoteEndpoint marker = new RemoteEndpoint("marker", "h9", IpPrefix.Ip.parse("10.200.0.99"),
            MacAddress.parse("02:42:0a:c8:00:63"), h(2).vtep);
        // a monitor is listening once it has seen the marker come and go: repeat until both have
        Await.until("the monitors see the marker", Duration.ofSeconds(20), () ->
        {
            h(1).driver.remove(n.id(), marker.id());
            h(1).driver.upsert(n.id(), marker);
            return ipMon.output().contains("10.200.0.99") && brMon.output().contains("02:42:0a:c8:00:63 dev " + dev);
        });
        Await.until("the link monitor sees an address on lo", Duration.ofSeconds(20), () ->
        {
            h(1).lab.exec("ip", "addr", "del", "127.0.0.99/32", "dev", "lo");
            h(1).lab.execOk("ip", "addr", "add", "127.0.0.99/32", "dev", "lo");
            return linkMon.output().contains("127.0.0.99");
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
        h(1).lab.execOk("ip", "addr", "add", "127.0.0.98/32", "dev", "lo");
        Await.until("the link monitor sees the closing mark", Duration.ofSeconds(20),
            () -> linkMon.output().contains("127.0.0.98"));
        for (final String line : linkMon.output().lines().filter(l -> !l.contains("fe80:")).toList()) // kernel's IPv6 DAD
        {
            assertFalse(line.contains(dev) || line.contains(n.bridgeName()), "no link, address or route of the network"
                + " changed, but ip monitor saw: " + line + "\n" + linkMon.output());
        }
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
        assertTrue(cs.get(0).ping(cs.get(1).ipText()) && h(1).lab.ping(cs.get(2).ipText()));
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
