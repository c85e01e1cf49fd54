// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.core.PontoonException;
import io.pontoon.core.cluster.ClusterOptions;
import io.pontoon.core.controller.Controller;
import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.SandboxRecord;
import io.pontoon.core.store.KeyValue;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.peers.LoopbackEtcd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster control plane with three controllers ("hosts") in one JVM on a real etcd 3.4:
 * global networks, endpoints reaching the other hosts' data planes, removal rules, a host name
 * used twice. Kernel-free drivers; sandboxes are real namespaces.
 */
@Privileged
@Timeout(120)
class ClusterControlPlaneTest
{
    static final Duration TTL = Duration.ofSeconds(3);
    static final Duration WAIT = Duration.ofSeconds(10);
    static LoopbackEtcd etcd;

    @TempDir
    Path dir;
    final List<TestHost> hosts = new ArrayList<>();

    @BeforeAll
    static void startEtcd()
    {
        etcd = LoopbackEtcd.launch();
    }

    @AfterAll
    static void stopEtcd()
    {
        if (etcd != null)
        {
            etcd.close();
        }
    }

    @AfterEach
    void closeHosts()
    {
        for (final TestHost h : hosts.reversed())
        {
            h.close();
        }
        etcd.etcdctl("del", "--prefix", "/pontoon/");
    }

    TestHost host(final int i)
    {
        final TestHost h = TestHost.start("h" + i, "198.18.0." + (10 + i), etcd.endpoint(), TTL, dir.resolve("h" + i), i);
        hosts.add(h);
        return h;
    }

    static NetworkRecord overlay(final TestHost h, final String name, final String subnet)
    {
        return h.controller.createNetwork(new Controller.NetworkSpec(name, "overlay", subnet, null, null, false, Map.of()));
    }

    static void awaitNetwork(final TestHost h, final String name)
    {
        Await.until(name + " on " + h.name, WAIT, () -> h.controller.networks().stream().anyMatch(n -> n.name().equals(name)));
    }

    static Set<String> ips(final Map<String, RemoteEndpoint> m)
    {
        final Set<String> out = new TreeSet<>();
        m.values().forEach(r -> out.add(r.host() + "=" + r.ip().getHostAddress()));
        return out;
    }

    @Test
    void globalNetworksAreMirroredOnEveryHostWithUniqueVnis()
    {
        final TestHost h1 = host(1);
        final TestHost h2 = host(2);
        final TestHost h3 = host(3);
        final NetworkRecord a = overlay(h1, "ova", "10.201.0.0/24");
        final NetworkRecord b = overlay(h2, "ovb", "10.202.0.0/24");
        for (final TestHost h : List.of(h1, h2, h3))
        {
            awaitNetwork(h, "ova");
            awaitNetwork(h, "ovb");
            final NetworkRecord seen = h.controller.network("ova");
            assertEquals(NetworkRecord.SCOPE_GLOBAL, seen.scope());
            assertEquals(a.id(), seen.id());
        }
        final int va = ClusterOptions.vni(a).orElseThrow();
        final int vb = ClusterOptions.vni(b).orElseThrow();
        assertTrue(va >= ClusterOptions.FIRST_VNI && vb >= ClusterOptions.FIRST_VNI);
        assertNotEquals(va, vb);
        final PontoonException dup = assertThrows(PontoonException.class, () -> overlay(h3, "ova", "10.203.0.0/24"));
        assertEquals(PontoonException.Kind.CONFLICT, dup.kind());
        final PontoonException overlap = assertThrows(PontoonException.class, () -> overlay(h3, "ovc", "10.201.0.128/25"));
        assertEquals(PontoonException.Kind.CONFLICT, overlap.kind());
        assertTrue(overlap.getMessage().contains("ova"), overlap.getMessage());
        final PontoonException noSubnet = assertThrows(PontoonException.class,
            () -> h3.controller.createNetwork(new Controller.NetworkSpec("ovd", "overlay", null, null, null, false, Map.of())));
        assertEquals(PontoonException.Kind.INVALID, noSubnet.kind());
        // a host not on the network has no kernel objects for it
        assertTrue(h3.overlay.networks.isEmpty());
    }

    @Test
    void endpointsReachTheOtherHostsDataPlanesAndRemovalWaitsForThem()
    {
        final TestHost h1 = host(1);
        final TestHost h2 = host(2);
        final TestHost h3 = host(3);
        final NetworkRecord n = overlay(h1, "ov1", "10.201.0.0/24");
        awaitNetwork(h2, "ov1");
        awaitNetwork(h3, "ov1");
        final SandboxRecord s1 = h1.run("c1", "ov1");
        final SandboxRecord s2 = h2.run("c2", "ov1");
        final SandboxRecord s3 = h3.run("c3", "ov1");
        final Map<String, String> ipOf = Map.of("h1", ip(h1, s1), "h2", ip(h2, s2), "h3", ip(h3, s3));
        for (final TestHost h : List.of(h1, h2, h3))
        {
            // the local driver got the record with this host's own address on the network
            final NetworkRecord mine = h.overlay.networks.get(n.id());
            assertTrue(ClusterOptions.participating(mine), h.name);
            Await.until("2 containers + 2 host addresses in " + h.name + "'s peers", WAIT, () -> h.peers.of(n.id()).size() == 4);
            final Map<String, RemoteEndpoint> peers = h.peers.of(n.id());
            for (final TestHost other : List.of(h1, h2, h3))
            {
                if (other == h)
                {
                    continue;
                }
                final NetworkRecord theirs = other.controller.network("ov1");
                assertTrue(ips(peers).contains(other.name + "=" + ipOf.get(other.name)), ips(peers).toString());
                assertTrue(ips(peers).contains(other.name + "="
                    + ClusterOptions.hostAddress(theirs).orElseThrow().address().getHostAddress()), ips(peers).toString());
                peers.values().stream().filter(r -> r.host().equals(other.name))
                    .forEach(r -> assertEquals("198.18.0." + (10 + Integer.parseInt(other.name.substring(1))), r.vtep().getHostAddress()));
            }
        }
        assertEquals(6, new TreeSet<>(List.of(ipOf.get("h1"), ipOf.get("h2"), ipOf.get("h3"),
            hostIp(h1), hostIp(h2), hostIp(h3))).size(), "all six addresses differ");

        final PontoonException busy = assertThrows(PontoonException.class, () -> h3.controller.removeNetwork("ov1"));
        assertEquals(PontoonException.Kind.FORBIDDEN, busy.kind());
        h3.controller.removeSandbox("c3", true);
        final PontoonException stillBusy = assertThrows(PontoonException.class, () -> h3.controller.removeNetwork("ov1"));
        assertTrue(stillBusy.getMessage().contains("h1 (1)") && stillBusy.getMessage().contains("h2 (1)"), stillBusy.getMessage());
        // h3 left the network: its objects are gone and the others forgot its addresses
        assertTrue(h3.overlay.networks.isEmpty());
        for (final TestHost h : List.of(h1, h2))
        {
            Await.until("h3 gone from " + h.name, WAIT, () -> h.peers.of(n.id()).values().stream().noneMatch(r -> r.host().equals("h3")));
        }
        h1.controller.removeSandbox("c1", true);
        h2.controller.removeSandbox("c2", true);
        h3.controller.removeNetwork("ov1");
        for (final TestHost h : List.of(h1, h2, h3))
        {
            Await.until("ov1 removed on " + h.name, WAIT, () -> h.controller.networks().stream().noneMatch(x -> x.name().equals("ov1")));
            assertTrue(h.overlay.networks.isEmpty(), h.name);
        }
        assertTrue(etcd.etcdctl("get", "--prefix", "--keys-only", "/pontoon/v1/global/endpoints/").stdout().isBlank());
        assertTrue(etcd.etcdctl("get", "--prefix", "--keys-only", "/pontoon/v1/global/ipam/").stdout().isBlank());
    }

    static String ip(final TestHost h, final SandboxRecord s)
    {
        final List<EndpointRecord> eps = h.controller.endpointsOfSandbox(s.id());
        return eps.getFirst().ip().address().getHostAddress();
    }

    static String hostIp(final TestHost h)
    {
        return ClusterOptions.hostAddress(h.controller.network("ov1")).orElseThrow().address().getHostAddress();
    }

    @Test
    void aHostNameIsUsedOnceInTheCluster()
    {
        host(1);
        final PontoonException e = assertThrows(PontoonException.class,
            () -> TestHost.start("h1", "198.18.0.99", etcd.endpoint(), TTL, dir.resolve("dup"), 9));
        assertEquals(PontoonException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("198.18.0.11"), e.getMessage());
    }

    @Test
    void storeKeysFollowTheLayout()
    {
        final TestHost h1 = host(1);
        final NetworkRecord n = overlay(h1, "ov1", "10.201.0.0/24");
        h1.run("c1", "ov1");
        final List<String> keys = new ArrayList<>();
        for (final String line : etcd.etcdctl("get", "--prefix", "--keys-only", "/pontoon/v1/global/").stdout().split("\n"))
        {
            if (!line.isBlank())
            {
                keys.add(line.trim());
            }
        }
        final String g = "/pontoon/v1/global/";
        assertTrue(keys.contains(g + "hosts/h1"), keys.toString());
        assertTrue(keys.contains(g + "networks/" + n.id()), keys.toString());
        assertTrue(keys.contains(g + "network-names/ov1"), keys.toString());
        assertTrue(keys.contains(g + "network-state/" + n.id()), keys.toString());
        assertTrue(keys.contains(g + "vni/" + ClusterOptions.vni(n).orElseThrow()), keys.toString());
        assertTrue(keys.contains(g + "endpoints/" + n.id() + "/host-h1"), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.startsWith(g + "ipam/" + n.id() + "/blocks/10.201.0.")), keys.toString());
        assertEquals(9, keys.size(), keys.toString());
        final List<KeyValue> local = h1.local.list("/pontoon/v1/cluster/");
        assertTrue(local.stream().anyMatch(kv -> kv.key().startsWith("/pontoon/v1/cluster/blocks/" + n.id() + "/")));
        assertEquals(2, local.stream().filter(kv -> kv.key().startsWith("/pontoon/v1/cluster/addrs/" + n.id() + "/")).count());
    }
}
