// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.api.json.Json;
import io.pontoon.core.PontoonException;
import io.pontoon.core.controller.Controller;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.SandboxRecord;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.peers.LoopbackEtcd;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane under failures, three in-JVM hosts on a real etcd 3.4: concurrent IPAM, a
 * host that dies, a dead host's blocks reclaimed, an etcd outage and recovery, a restart that
 * changes nothing.
 */
@Privileged
@Timeout(180)
class ClusterFailureTest
{
    static final Duration TTL = Duration.ofSeconds(3);
    static final Duration WAIT = Duration.ofSeconds(15);
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
        etcd.start();
        for (final TestHost h : hosts.reversed())
        {
            h.close();
        }
        etcd.etcdctl("del", "--prefix", "/pontoon/");
    }

    TestHost host(final int i)
    {
        final TestHost h = TestHost.start("h" + i, advertise(i), etcd.endpoint(), TTL, dir.resolve("h" + i), i);
        hosts.add(h);
        return h;
    }

    static String advertise(final int i)
    {
        return "198.18.0." + (10 + i);
    }

    NetworkRecord overlayOnAll(final String name, final String subnet)
    {
        final NetworkRecord n = hosts.getFirst().controller.createNetwork(
            new Controller.NetworkSpec(name, "overlay", subnet, null, null, false, Map.of()));
        for (final TestHost h : hosts)
        {
            Await.until(name + " on " + h.name, WAIT, () -> h.controller.networks().stream().anyMatch(x -> x.id().equals(n.id())));
        }
        return n;
    }

    static boolean hasHost(final TestHost h, final NetworkRecord n, final String host)
    {
        return h.peers.of(n.id()).values().stream().anyMatch(r -> r.host().equals(host));
    }

    @Test
    void concurrentAttachesOnThreeHostsNeverShareAnAddress() throws Exception
    {
        final List<TestHost> hs = List.of(host(1), host(2), host(3));
        final NetworkRecord n = overlayOnAll("ov1", "10.201.0.0/24");
        final Map<String, String> owner = new ConcurrentHashMap<>();
        final List<String> dupes = new ArrayList<>();
        final ExecutorService pool = Executors.newFixedThreadPool(30);
        try
        {
            final List<Future<?>> fs = new ArrayList<>();
            for (final TestHost h : hs)
            {
                for (int i = 0; i < 50; i++)
                {
                    final String name = h.name + "-c" + i;
                    fs.add(pool.submit(() ->
                    {
                        final SandboxRecord s = h.run(name, "ov1");
                        final String ip = h.controller.endpointsOfSandbox(s.id()).getFirst().ip().address().getHostAddress();
                        if (owner.putIfAbsent(ip, name) != null)
                        {
                            synchronized (dupes)
                            {
                                dupes.add(ip);
                            }
                        }
                        return null;
                    }));
                }
            }
            for (final Future<?> f : fs)
            {
                f.get();
            }
        }
        finally
        {
            pool.shutdown();
        }
        assertTrue(dupes.isEmpty(), "duplicates: " + dupes);
        assertEquals(150, owner.size());
        // every address lies in a block its host owns, per the cluster
        final Map<IpPrefix, String> blocks = new java.util.HashMap<>();
        final String out = etcd.etcdctl("get", "--prefix", "/pontoon/v1/global/ipam/" + n.id() + "/blocks/").stdout();
        final String[] lines = out.split("\n");
        for (int i = 0; i + 1 < lines.length; i += 2)
        {
            final String id = lines[i].substring(lines[i].lastIndexOf('/') + 1);
            blocks.put(IpPrefix.parse(id.replace('-', '/')), Json.parseObject(lines[i + 1]).requireString("host"));
        }
        owner.forEach((ip, sandbox) ->
        {
            final InetAddress a = IpPrefix.Ip.parse(ip);
            final String host = sandbox.substring(0, sandbox.indexOf('-'));
            assertTrue(blocks.entrySet().stream().anyMatch(b -> b.getKey().contains(a) && b.getValue().equals(host)),
                ip + " of " + sandbox + " is not in a block of " + host + ": " + blocks);
        });
        System.out.println("concurrent IPAM: 150 addresses from " + blocks.size() + " blocks: " + blocks);
        for (final TestHost h : hs)
        {
            Await.until("100 remote containers + 2 host addresses at " + h.name, WAIT, () -> h.peers.of(n.id()).size() == 102);
        }
    }

    @Test
    void aDeadHostDisappearsFromTheOthersWithinTheTtlAndItsBlocksAreReclaimed()
    {
        final TestHost h1 = host(1);
        final TestHost h2 = host(2);
        final TestHost h3 = host(3);
        // a /27 has four /29 blocks: h1, h2, h3 take one each
        final NetworkRecord n = overlayOnAll("ov1", "10.201.0.0/27");
        h1.run("c1", "ov1");
        h2.run("c2", "ov1");
        h3.run("c3", "ov1");
        Await.until("h3 known at h1 and h2", WAIT, () -> hasHost(h1, n, "h3") && hasHost(h2, n, "h3"));
        final long killed = System.nanoTime();
        h3.crash();
        Await.until("h3 removed at h1 and h2", TTL.plusSeconds(5), () -> !hasHost(h1, n, "h3") && !hasHost(h2, n, "h3"));
        for (final TestHost h : List.of(h1, h2))
        {
            final long last = h.peers.callsSince(killed).stream().filter(c -> c.op().equals("remove")).mapToLong(c -> c.nanos())
                .max().orElseThrow();
            final Duration took = Duration.ofNanos(last - killed);
            System.out.println("dead host h3 removed at " + h.name + " after " + took.toMillis() + " ms (TTL " + TTL.toMillis() + " ms)");
            assertTrue(took.compareTo(TTL) <= 0, "removal took " + took);
        }
        assertTrue(etcd.etcdctl("get", "/pontoon/v1/global/hosts/h3").stdout().isBlank());
        // h1 fills its block and the last free one, then takes h3's block over
        final Set<String> got = new HashSet<>();
        for (int i = 0; i < 18; i++)
        {
            got.add(h1.agent.ipam().allocate(n.id(), null).address().getHostAddress());
        }
        final String owners = etcd.etcdctl("get", "--prefix", "/pontoon/v1/global/ipam/" + n.id() + "/blocks/").stdout();
        assertFalse(owners.contains("\"h3\""), owners);
        assertEquals(18, got.size());
        final PontoonException full = assertThrows(PontoonException.class, () ->
        {
            for (int i = 0; i < 30; i++)
            {
                h1.agent.ipam().allocate(n.id(), null);
            }
        });
        assertEquals(PontoonException.Kind.UNAVAILABLE, full.kind());
        assertTrue(full.getMessage().contains("no free address block"), full.getMessage());
    }

    @Test
    void anEtcdOutageKeepsWhatRunsAndEverythingResyncsAfterwards()
    {
        final TestHost h1 = host(1);
        final TestHost h2 = host(2);
        final TestHost h3 = host(3);
        final NetworkRecord n = overlayOnAll("ov1", "10.201.0.0/24");
        h1.run("c1", "ov1");
        h2.run("c2", "ov1");
        h3.run("c3", "ov1");
        for (final TestHost h : hosts)
        {
            Await.until("4 peers at " + h.name, WAIT, () -> h.peers.of(n.id()).size() == 4);
        }
        final long down = System.nanoTime();
        etcd.stop();
        for (final TestHost h : hosts)
        {
            Await.until(h.name + " notices the outage", WAIT, () -> !h.agent.status().inSync());
        }
        System.out.println("outage noticed by all hosts after " + Duration.ofNanos(System.nanoTime() - down).toMillis() + " ms");
        final long t0 = System.nanoTime();
        final PontoonException e = assertThrows(PontoonException.class, () -> h1.run("c4", "ov1"));
        final Duration failedIn = Duration.ofNanos(System.nanoTime() - t0);
        assertEquals(PontoonException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("unreachable") && e.getMessage().contains("ov1"), e.getMessage());
        // refused from the known outage, not after a store request timed out (2 s, TestHost)
        assertTrue(failedIn.toMillis() < 2000, "overlay attach failed in " + failedIn);
        assertTrue(h1.controller.sandboxes().stream().noneMatch(s -> s.name().equals("c4")), "failed run left nothing");
        // local networks keep working; removing an overlay container works locally
        h1.run("local1", "bridge");
        h2.controller.removeSandbox("c2", true);
        // leases run out on the clients' side while etcd is down; nobody unprograms anything
        pause(TTL.plusSeconds(1));
        for (final TestHost h : hosts)
        {
            assertTrue(h.peers.callsSince(down).stream().noneMatch(c -> c.op().equals("remove")),
                h.name + " removed peers during the outage: " + h.peers.callsSince(down));
        }
        final long up = System.nanoTime();
        etcd.start();
        for (final TestHost h : hosts)
        {
            Await.until(h.name + " back in sync", WAIT, () -> h.agent.status().inSync());
        }
        System.out.println("all hosts in sync " + Duration.ofNanos(System.nanoTime() - up).toMillis() + " ms after etcd was healthy");
        // h2 left ov1 when its last container went: the others forget its container and its address
        for (final TestHost h : List.of(h1, h3))
        {
            Await.until("h2 withdrawn at " + h.name, WAIT, () -> !hasHost(h, n, "h2"));
            assertTrue(h.peers.callsSince(up).stream().anyMatch(c -> c.op().equals("resync")), h.name + " resynced its data plane");
        }
        final SandboxRecord c5 = h1.run("c5", "ov1");
        final String ip = h1.controller.endpointsOfSandbox(c5.id()).getFirst().ip().address().getHostAddress();
        Await.until("c5 at h3", WAIT, () -> h3.peers.of(n.id()).values().stream().anyMatch(r -> r.ip().getHostAddress().equals(ip)));
        final SandboxRecord c6 = h2.run("c6", "ov1");
        final String ip6 = h2.controller.endpointsOfSandbox(c6.id()).getFirst().ip().address().getHostAddress();
        Await.until("c6 at h1", WAIT, () -> h1.peers.of(n.id()).values().stream().anyMatch(r -> r.ip().getHostAddress().equals(ip6)));
        // h2's own watch delivers c1, c3, c5 and the other two hosts' addresses in its own time
        Await.until("h2 joined again and got c1, c5, c3 and both host addresses", WAIT, () -> h2.peers.of(n.id()).size() == 5);
        assertEquals(5, h2.peers.of(n.id()).size(), () -> "peers at h2: " + h2.peers.of(n.id()).keySet());
    }

    @Test
    void aRestartWithinTheTtlTakesOverAndChangesNothingInTheCluster()
    {
        final TestHost h1 = host(1);
        TestHost h2 = host(2);
        final NetworkRecord n = overlayOnAll("ov1", "10.201.0.0/24");
        h1.run("c1", "ov1");
        h2.run("c2", "ov1");
        Await.until("h2 at h1", WAIT, () -> h1.peers.of(n.id()).size() == 2);
        final String before = etcd.etcdctl("get", "--prefix", "-w", "json", "/pontoon/v1/global/").stdout();
        final long rev = Json.parseObject(before).object("header").integer("revision", -1);
        final long t0 = System.nanoTime();
        h2.stop();
        hosts.remove(h2);
        h2 = h2.restart(advertise(2), etcd.endpoint(), TTL, 2);
        hosts.add(h2);
        final String after = etcd.etcdctl("get", "--prefix", "-w", "json", "/pontoon/v1/global/").stdout();
        assertEquals(rev, Json.parseObject(after).object("header").integer("revision", -1), "the restart wrote nothing");
        assertTrue(h1.peers.callsSince(t0).isEmpty(), "h1's data plane was not touched: " + h1.peers.callsSince(t0));
        assertTrue(h2.agent.status().inSync());
        assertEquals(2, h2.peers.of(n.id()).size(), "the restarted host fed its data plane again");
    }

    static void pause(final Duration d)
    {
        try
        {
            Thread.sleep(d);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
