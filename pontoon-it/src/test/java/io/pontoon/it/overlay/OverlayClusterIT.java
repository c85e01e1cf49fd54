// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.api.client.HttpResponse;
import io.pontoon.api.json.JsonObject;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.peers.EtcdPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Multi-host networking end to end: three lab hosts with a real {@code pontoon daemon} each, a
 * real etcd 3.4 in a fourth. Overlay networks created from any host, endpoints published and fed
 * to the other hosts, ports, dead hosts, etcd outages, concurrent IPAM, names used twice.
 */
@Privileged
@LabHosts(count = 4)
@Timeout(600)
class OverlayClusterIT
{
    static final int TTL = 6;
    static final Duration WAIT = Duration.ofSeconds(20);

    /** etcd in h4, daemons h1..h3 in lab hosts h1..h3. */
    record Cluster(EtcdPeer etcd, String url, List<ClusterDaemon> daemons)
    {
        ClusterDaemon d(final int i)
        {
            return daemons.get(i - 1);
        }
    }

    static Cluster cluster(final Lab lab)
    {
        final Lab.Host e = lab.host("h4");
        final EtcdPeer etcd = EtcdPeer.start(e, "--heartbeat-interval=50", "--election-timeout=300");
        final String url = "etcd://" + e.underlayIp() + ":" + EtcdPeer.CLIENT_PORT;
        final List<ClusterDaemon> ds = new ArrayList<>();
        for (int i = 1; i <= 3; i++)
        {
            ds.add(ClusterDaemon.start(lab.host("h" + i), "h" + i, url, TTL));
        }
        return new Cluster(etcd, url, ds);
    }

    static void overlay(final ClusterDaemon d, final String name, final String subnet)
    {
        final ExecResult r = d.cli("network", "create", "-d", "overlay", "--subnet", subnet, name);
        assertTrue(r.ok(), r.describe());
    }

    static Set<String> remoteIps(final ClusterDaemon d, final String network)
    {
        final Set<String> out = new TreeSet<>();
        for (final JsonObject r : d.network(network).objects("RemoteEndpoints"))
        {
            out.add(r.string("Host") + "=" + r.string("IPAddress"));
        }
        return out;
    }

    static boolean knows(final ClusterDaemon d, final String network, final String host)
    {
        return d.network(network).objects("RemoteEndpoints").stream().anyMatch(r -> host.equals(r.string("Host")));
    }

    @Test
    void anOverlayNetworkCreatedAnywhereIsGlobalAndItsEndpointsReachEveryHost(final Lab lab)
    {
        final Cluster c = cluster(lab);
        final ExecResult created = c.d(2).cli("network", "create", "-d", "overlay", "--subnet", "10.210.0.0/24",
            "-o", "com.docker.network.driver.mtu=1400", "ov1");
        assertTrue(created.ok(), created.describe());
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until("ov1 on " + d.name, WAIT, () -> d.call("GET", "/v1/networks/ov1", null).ok());
            final ExecResult ls = d.cli("network", "ls");
            assertTrue(ls.stdout().lines().anyMatch(l -> l.contains("ov1") && l.contains("overlay") && l.contains("global")),
                ls.stdout());
        }
        final String a1 = c.d(1).run("c1", "ov1");
        final String a2 = c.d(2).run("c2", "ov1");
        final String a3 = c.d(3).run("c3", "ov1");
        assertEquals(3, new TreeSet<>(List.of(a1, a2, a3)).size());
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until("two remote containers and two host addresses at " + d.name, WAIT,
                () -> d.network("ov1").objects("RemoteEndpoints").size() == 4);
            final JsonObject n = d.network("ov1");
            assertEquals("global", n.string("Scope"));
            final List<JsonObject> peers = n.objects("Peers");
            assertEquals(List.of("h1", "h2", "h3"), peers.stream().map(p -> p.string("Name")).toList(), peers.toString());
            for (final JsonObject p : peers)
            {
                assertEquals(lab.host(p.string("Name")).underlayIp(), p.string("IP"));
                assertEquals(1L, p.integer("Endpoints", -1));
            }
            for (final JsonObject r : n.objects("RemoteEndpoints"))
            {
                assertEquals(lab.host(r.string("Host")).underlayIp(), r.string("Vtep"), r.toString());
            }
        }
        assertTrue(remoteIps(c.d(1), "ov1").containsAll(List.of("h2=" + a2, "h3=" + a3)), remoteIps(c.d(1), "ov1").toString());
        final String keys = c.etcd().etcdctl("get", "--prefix", "--keys-only", "/pontoon/v1/global/").stdout();
        assertTrue(keys.contains("/pontoon/v1/global/hosts/h1") && keys.contains("/endpoints/") && keys.contains("/blocks/"), keys);

        // removal is refused while any host has containers on the network, and then works from anywhere
        final ExecResult busy = c.d(3).cli("network", "rm", "ov1");
        assertFalse(busy.ok());
        assertTrue(busy.stderr().contains("active endpoints"), busy.stderr());
        c.d(1).rm("c1");
        c.d(2).rm("c2");
        c.d(3).rm("c3");
        final ExecResult rm = c.d(1).cli("network", "rm", "ov1");
        assertTrue(rm.ok(), rm.describe());
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until("ov1 gone on " + d.name, WAIT, () -> d.call("GET", "/v1/networks/ov1", null).status() == 404);
            final String links = d.host.execOk("ip", "-o", "link", "show");
            assertFalse(links.contains(": ptv") || links.contains(": ptx"), links);
        }
        assertTrue(c.etcd().etcdctl("get", "--prefix", "--keys-only", "/pontoon/v1/global/endpoints/").stdout().isBlank());
    }

    @Test
    void publishedPortsOnAnOverlayNetworkAnswerFromOtherHosts(final Lab lab)
    {
        final Cluster c = cluster(lab);
        overlay(c.d(1), "ov1", "10.210.0.0/24");
        Await.until("ov1 on h1", WAIT, () -> c.d(1).call("GET", "/v1/networks/ov1", null).ok());
        c.d(1).run("web", "ov1", null, List.of("8080:80"), List.of("busybox", "httpd", "-f", "-p", "80", "-h", "/etc"));
        final String code = lab.host("h2").execOk("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "5", "--retry", "3",
            "--retry-connrefused", "http://" + lab.host("h1").underlayIp() + ":8080/passwd").trim();
        assertEquals("200", code);
        c.d(1).rm("web");
        assertFalse(lab.host("h2").exec("curl", "-s", "-m", "2", "http://" + lab.host("h1").underlayIp() + ":8080/passwd").ok());
    }

    @Test
    void aKilledDaemonDisappearsFromTheOtherHostsWithinTheTtl(final Lab lab)
    {
        final Cluster c = cluster(lab);
        overlay(c.d(1), "ov1", "10.210.0.0/24");
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until("ov1 on " + d.name, WAIT, () -> d.call("GET", "/v1/networks/ov1", null).ok());
            d.run("c-" + d.name, "ov1");
        }
        Await.until("h3 known at h1 and h2", WAIT, () -> knows(c.d(1), "ov1", "h3") && knows(c.d(2), "ov1", "h3"));
        final long t0 = System.nanoTime();
        c.d(3).kill9();
        long gone = 0;
        while (gone == 0 && System.nanoTime() - t0 < Duration.ofSeconds(TTL + 10).toNanos())
        {
            if (!knows(c.d(1), "ov1", "h3") && !knows(c.d(2), "ov1", "h3"))
            {
                gone = System.nanoTime();
            }
            else
            {
                Await.pause(Duration.ofMillis(20));
            }
        }
        assertTrue(gone != 0, "h3 still known " + (TTL + 10) + " s after its daemon was killed");
        final Duration took = Duration.ofNanos(gone - t0);
        System.out.println("killed daemon h3 gone from h1 and h2 after " + took.toMillis() + " ms (TTL " + TTL + " s)");
        assertTrue(took.compareTo(Duration.ofSeconds(TTL)) <= 0, "took " + took);
        assertEquals(List.of("h1", "h2"), c.d(1).cluster().objects("Hosts").stream().map(h -> h.string("Name")).toList());
        // the daemon comes back: it re-registers, republishes, and the others know its container again
        c.d(3).launch();
        Await.until("h3 back at h1", WAIT, () -> knows(c.d(1), "ov1", "h3"));
    }

    @Test
    void duringAnEtcdOutageWhatRunsKeepsRunningAndEverythingResyncsAfterwards(final Lab lab)
    {
        final Cluster c = cluster(lab);
        overlay(c.d(1), "ov1", "10.210.0.0/24");
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until("ov1 on " + d.name, WAIT, () -> d.call("GET", "/v1/networks/ov1", null).ok());
            d.run("c-" + d.name, "ov1");
        }
        Await.until("everyone known everywhere", WAIT, () -> c.daemons().stream()
            .allMatch(d -> d.network("ov1").objects("RemoteEndpoints").size() == 4));
        c.etcd().stop();
        final long down = System.nanoTime();
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until(d.name + " notices the outage", WAIT, () -> !d.inSync());
        }
        System.out.println("etcd outage noticed by all daemons after " + Duration.ofNanos(System.nanoTime() - down).toMillis() + " ms");
        final long t0 = System.nanoTime();
        final HttpResponse refused = c.d(1).runCall("late", "ov1", null, List.of(), List.of());
        final long failedMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertEquals(503, refused.status(), refused.body());
        assertTrue(refused.body().contains("unreachable") && refused.body().contains("ov1"), refused.body());
        assertTrue(failedMs < 1500, "overlay attach failed after " + failedMs + " ms");
        assertEquals(404, c.d(1).call("GET", "/v1/sandboxes/late", null).status(), "the failed run left nothing");
        // local networks work; containers on the overlay can be removed
        c.d(2).run("local", "bridge");
        c.d(2).rm("c-h2");
        // a whole TTL passes; nothing is unprogrammed
        final long until = System.nanoTime() + Duration.ofSeconds(TTL + 1).toNanos();
        while (System.nanoTime() < until)
        {
            assertEquals(4, c.d(1).network("ov1").objects("RemoteEndpoints").size(), "h1 forgot peers during the outage");
        }
        c.etcd().start();
        final long up = System.nanoTime();
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until(d.name + " in sync again", WAIT, d::inSync);
        }
        System.out.println("all daemons in sync " + Duration.ofNanos(System.nanoTime() - up).toMillis() + " ms after etcd was back");
        // h2 left ov1 during the outage: the others learn it now
        Await.until("h2 withdrawn at h1 and h3", WAIT, () -> !knows(c.d(1), "ov1", "h2") && !knows(c.d(3), "ov1", "h2"));
        final String late = c.d(1).run("late", "ov1");
        Await.until("late at h3", WAIT, () -> remoteIps(c.d(3), "ov1").contains("h1=" + late));
    }

    @Test
    void aDaemonRestartedDuringAnEtcdOutageStartsOnLocalStateAndResyncs(final Lab lab)
    {
        final Cluster c = cluster(lab);
        overlay(c.d(1), "ov1", "10.210.0.0/24");
        Await.until("ov1 on h2", WAIT, () -> c.d(2).call("GET", "/v1/networks/ov1", null).ok());
        final String a1 = c.d(1).run("c1", "ov1");
        c.d(2).run("c2", "ov1");
        Await.until("c1 at h2", WAIT, () -> remoteIps(c.d(2), "ov1").contains("h1=" + a1));
        c.etcd().stop();
        Await.until("h1 notices the outage", WAIT, () -> !c.d(1).inSync());
        c.d(1).stop();
        c.d(1).launch();
        assertFalse(c.d(1).inSync());
        assertEquals(a1, ClusterDaemon.address(c.d(1).sandbox("c1")), "the container kept its endpoint");
        c.d(1).run("local", "bridge");
        assertEquals(503, c.d(1).runCall("late", "ov1", null, List.of(), List.of()).status());
        c.etcd().start();
        Await.until("h1 in sync", WAIT, () -> c.d(1).inSync());
        assertTrue(remoteIps(c.d(2), "ov1").contains("h1=" + a1), "h2 still knows c1");
        final String late = c.d(1).run("late", "ov1");
        Await.until("late at h2", WAIT, () -> remoteIps(c.d(2), "ov1").contains("h1=" + late));
    }

    @Test
    void aHostCutOffFromTheNetworkIsForgottenAndComesBackWhenReconnected(final Lab lab)
    {
        final Cluster c = cluster(lab);
        overlay(c.d(1), "ov1", "10.210.0.0/24");
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until("ov1 on " + d.name, WAIT, () -> d.call("GET", "/v1/networks/ov1", null).ok());
            d.run("c-" + d.name, "ov1");
        }
        Await.until("h3 known at h1", WAIT, () -> knows(c.d(1), "ov1", "h3"));
        final long t0 = System.nanoTime();
        lab.disconnect(lab.host("h3"));
        Await.until("h3 forgotten at h1 and h2", Duration.ofSeconds(TTL + 5), () -> !knows(c.d(1), "ov1", "h3")
            && !knows(c.d(2), "ov1", "h3"));
        System.out.println("cut-off host h3 forgotten after " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        Await.until("h3 notices", WAIT, () -> !c.d(3).inSync());
        lab.reconnect(lab.host("h3"));
        Await.until("h3 in sync again", WAIT, () -> c.d(3).inSync());
        Await.until("h3 known again at h1 and h2", WAIT, () -> knows(c.d(1), "ov1", "h3") && knows(c.d(2), "ov1", "h3"));
        assertEquals(4, c.d(3).network("ov1").objects("RemoteEndpoints").size());
    }

    @Test
    void concurrentRunsOnThreeHostsNeverShareAnAddress(final Lab lab) throws Exception
    {
        final Cluster c = cluster(lab);
        overlay(c.d(1), "ov1", "10.210.0.0/24");
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until("ov1 on " + d.name, WAIT, () -> d.call("GET", "/v1/networks/ov1", null).ok());
        }
        final Map<String, String> owner = new ConcurrentHashMap<>();
        final List<String> dupes = new ArrayList<>();
        final ExecutorService pool = Executors.newFixedThreadPool(24);
        final long t0 = System.nanoTime();
        try
        {
            final List<Future<?>> fs = new ArrayList<>();
            for (final ClusterDaemon d : c.daemons())
            {
                for (int i = 0; i < 50; i++)
                {
                    final String name = d.name + "-c" + i;
                    fs.add(pool.submit(() ->
                    {
                        final String ip = d.run(name, "ov1");
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
        System.out.println("150 concurrent runs on 3 hosts took " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        assertTrue(dupes.isEmpty(), "handed out twice: " + dupes);
        assertEquals(150, owner.size());
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until("100 remote containers + 2 host addresses at " + d.name, WAIT,
                () -> d.network("ov1").objects("RemoteEndpoints").size() == 102);
        }
    }

    @Test
    void aSecondHostWithTheSameNameIsRefused(final Lab lab)
    {
        final Cluster c = cluster(lab);
        final String out = ClusterDaemon.startFailing(lab.host("h4"), "h1", c.url());
        assertTrue(out.contains("host name h1 is already registered by the host at " + lab.host("h1").underlayIp()), out);
        assertEquals(3, c.d(2).cluster().objects("Hosts").size());
        assertTrue(c.d(1).inSync());
    }
}
