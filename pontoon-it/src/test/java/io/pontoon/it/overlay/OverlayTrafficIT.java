// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.api.json.JsonObject;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Spawned;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Traffic across hosts on overlay networks driven by the cluster control plane: three daemons
 * in lab hosts, etcd in a fourth (which also plays "outside"). Pings between containers on all
 * hosts, isolation of two overlay networks, host to container and back, a container reaching the
 * outside through its one interface, a dead host's entries leaving the kernel, traffic through an
 * etcd outage.
 */
@Privileged
@LabHosts(count = 4)
@Timeout(600)
class OverlayTrafficIT
{
    static final Duration WAIT = Duration.ofSeconds(20);

    static OverlayClusterIT.Cluster overlayEverywhere(final Lab lab, final String... networks)
    {
        final OverlayClusterIT.Cluster c = OverlayClusterIT.cluster(lab);
        int k = 0;
        for (final String n : networks)
        {
            OverlayClusterIT.overlay(c.d(1), n, "10.21" + k++ + ".0.0/24");
            for (final ClusterDaemon d : c.daemons())
            {
                Await.until(n + " on " + d.name, WAIT, () -> d.call("GET", "/v1/networks/" + n, null).ok());
            }
        }
        return c;
    }

    /** The VXLAN device of a network on every host: {@code ptx} + its VNI in hex. */
    static String vxlan(final ClusterDaemon d, final String network)
    {
        return "ptx" + Integer.toHexString(Integer.parseInt(d.network(network).stringMap("Options").get("pontoon.vni")));
    }

    @Test
    void containersOnThreeHostsPingEachOther(final Lab lab)
    {
        final OverlayClusterIT.Cluster c = overlayEverywhere(lab, "ov1");
        final String[] ip = new String[4];
        for (int i = 1; i <= 3; i++)
        {
            ip[i] = c.d(i).run("c" + i, "ov1");
        }
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until("all remote endpoints at " + d.name, WAIT, () -> d.network("ov1").objects("RemoteEndpoints").size() == 4);
        }
        for (int from = 1; from <= 3; from++)
        {
            for (int to = 1; to <= 3; to++)
            {
                if (from != to)
                {
                    assertTrue(c.d(from).ping("c" + from, ip[to]), "c" + from + " -> c" + to + " (" + ip[to] + ")\n"
                        + c.d(from).host.exec("bridge", "fdb", "show", "dev", vxlan(c.d(from), "ov1")).stdout()
                        + c.d(from).host.exec("ip", "neigh", "show", "dev", vxlan(c.d(from), "ov1")).stdout());
                }
            }
        }
        // static forwarding only: the VXLAN device learns nothing and floods nothing
        final String fdb = c.d(1).host.execOk("bridge", "fdb", "show", "dev", vxlan(c.d(1), "ov1"));
        assertFalse(fdb.contains("00:00:00:00:00:00"), fdb);
    }

    @Test
    void twoOverlayNetworksAreIsolated(final Lab lab)
    {
        final OverlayClusterIT.Cluster c = overlayEverywhere(lab, "ova", "ovb");
        c.d(1).run("a1", "ova");
        final String a2 = c.d(2).run("a2", "ova");
        final String b2 = c.d(2).run("b2", "ovb");
        final String b3 = c.d(3).run("b3", "ovb");
        Await.until("a2 at h1", WAIT, () -> OverlayClusterIT.remoteIps(c.d(1), "ova").contains("h2=" + a2));
        Await.until("b2 at h3", WAIT, () -> OverlayClusterIT.remoteIps(c.d(3), "ovb").contains("h2=" + b2));
        assertTrue(c.d(1).ping("a1", a2), "a1 -> a2 on ova");
        assertTrue(c.d(3).ping("b3", b2), "b3 -> b2 on ovb");
        assertFalse(c.d(1).inSandbox("a1", "ping", "-c1", "-W1", b2).ok(), "ova must not reach ovb (a1 -> b2)");
        assertFalse(c.d(3).inSandbox("b3", "ping", "-c1", "-W1", a2).ok(), "ovb must not reach ova (b3 -> a2)");
        assertFalse(c.d(1).network("ova").stringMap("Options").get("pontoon.vni")
            .equals(c.d(1).network("ovb").stringMap("Options").get("pontoon.vni")));
    }

    @Test
    void hostsAndContainersReachEachOtherAndContainersReachTheOutsideThroughOneInterface(final Lab lab)
    {
        final OverlayClusterIT.Cluster c = overlayEverywhere(lab, "ov1");
        final String a1 = c.d(1).run("c1", "ov1");
        final String a2 = c.d(2).run("c2", "ov1");
        Await.until("c1 at h2", WAIT, () -> OverlayClusterIT.remoteIps(c.d(2), "ov1").contains("h1=" + a1));
        // the host h2 reaches c1 on h1 across the overlay (from its own address on the network), and back
        assertTrue(c.d(2).host.ping(a1), "host h2 -> c1 on h1");
        final String h2addr = c.d(2).network("ov1").stringMap("Options").get("pontoon.overlay.host-address");
        final String h2ip = h2addr.substring(0, h2addr.indexOf('/'));
        assertTrue(c.d(1).ping("c1", h2ip), "c1 on h1 -> host h2 at " + h2ip);
        // one interface (plus lo), and the outside (h4's underlay address) is reachable through it
        final String links = c.d(1).inSandbox("c1", "ip", "-o", "link", "show").stdout();
        assertEquals(2, links.lines().count(), links);
        assertTrue(c.d(1).ping("c1", lab.host("h4").underlayIp()), "c1 -> outside (h4)");
        assertTrue(c.d(2).ping("c2", a1), "c2 -> c1 still");
        assertTrue(c.d(1).ping("c1", a2), "c1 -> c2");
    }

    /**
     * A container that talks to an address before anything holds it is answered as soon as the
     * address appears on another host: h2's daemon announces it into the bridge (gratuitous ARP)
     * when it programs the neighbour entry. c2's ARP retransmit time is a minute, so its own
     * retry cannot be what resolves it within the test: without the announcement its echoes
     * wait in an INCOMPLETE neighbour entry.
     */
    @Test
    void aContainerWaitingForAnAddressIsAnsweredOnceItAppearsOnAnotherHost(final Lab lab)
    {
        final OverlayClusterIT.Cluster c = overlayEverywhere(lab, "ov1");
        final String a2 = c.d(2).run("c2", "ov1");
        final String x = unusedOutsideBlocksOf(c.d(2), "ov1", a2);
        final ExecResult slow = c.d(2).inSandbox("c2", "sysctl", "-qw", "net.ipv4.neigh.eth0.retrans_time_ms=60000");
        assertTrue(slow.ok(), slow.describe());
        // an echo every 0.2 s until the first answer, for up to a minute; its ARP request finds nobody
        final Spawned ping = c.d(2).host.spawn("nsenter", "--net=" + c.d(2).sandbox("c2").string("NetnsPath"), "--",
            "ping", "-n", "-c1", "-i", "0.2", "-w", "60", x);
        Await.until("c2's unanswered ARP for " + x, WAIT, () -> neigh(c.d(2), "c2", x).contains("INCOMPLETE"));
        assertTrue(ping.alive(), ping.output());

        assertEquals(x, c.d(1).run("c1", "ov1", x, List.of(), List.of()));
        Await.until("an echo of c2 to " + x + " answered", WAIT, () -> !ping.alive());
        assertEquals(0, ping.process().exitValue(), ping.output() + neigh(c.d(2), "c2", x));
        final String mac = c.d(1).sandbox("c1").objects("Endpoints").getFirst().string("MacAddress");
        assertTrue(neigh(c.d(2), "c2", x).contains("lladdr " + mac), neigh(c.d(2), "c2", x));
    }

    /** {@code ip neigh show IP} inside a sandbox. */
    private static String neigh(final ClusterDaemon d, final String sandbox, final String ip)
    {
        return d.inSandbox(sandbox, "ip", "neigh", "show", ip).stdout().trim();
    }

    /**
     * An address in a block that {@code d}'s host does not own (its host address and containers
     * are elsewhere), so another host can claim the block and hand the address out: .253 or .13
     * of the /24 subnet (blocks are /28), and never the first address of a block, which a host
     * address would take.
     */
    private static String unusedOutsideBlocksOf(final ClusterDaemon d, final String network, final String... taken)
    {
        final IpPrefix hostAddress = IpPrefix.parse(d.network(network).stringMap("Options").get("pontoon.overlay.host-address"));
        final List<IpPrefix> owned = new ArrayList<>(List.of(hostAddress.withLength(28).network()));
        for (final String t : taken)
        {
            owned.add(new IpPrefix(IpPrefix.Ip.parse(t), 28).network());
        }
        for (final int last : new int[] {253, 13})
        {
            final InetAddress a = hostAddress.withLength(24).network().addressAt(BigInteger.valueOf(last));
            if (owned.stream().noneMatch(b -> b.contains(a)))
            {
                return a.getHostAddress();
            }
        }
        throw new AssertionError("every candidate is in a block of " + d.name + ": " + owned);
    }

    @Test
    void aDeadHostsEntriesLeaveTheKernelWithinTheTtl(final Lab lab)
    {
        final OverlayClusterIT.Cluster c = overlayEverywhere(lab, "ov1");
        c.d(1).run("c1", "ov1");
        c.d(2).run("c2", "ov1");
        final String a3 = c.d(3).run("c3", "ov1");
        final String mac3 = c.d(3).sandbox("c3").objects("Endpoints").getFirst().string("MacAddress");
        final String vx = vxlan(c.d(1), "ov1");
        Await.until("c3 reachable from c1", WAIT, () -> c.d(1).ping("c1", a3));
        assertTrue(c.d(1).host.execOk("bridge", "fdb", "show", "dev", vx).contains(mac3));
        final long t0 = System.nanoTime();
        c.d(3).kill9();
        long gone = 0;
        while (gone == 0 && System.nanoTime() - t0 < Duration.ofSeconds(OverlayClusterIT.TTL + 10).toNanos())
        {
            // one process per look, and a pause between looks: the daemons need the two cores more
            final String[] tables = c.d(1).host.execOk("sh", "-c", "bridge fdb show dev " + vx + "; echo ==; ip neigh show dev "
                + vx).split("==\n", 2);
            if (!tables[0].contains(mac3) && !(tables.length > 1 && tables[1].contains(a3 + " ")))
            {
                gone = System.nanoTime();
            }
            else
            {
                Await.pause(Duration.ofMillis(20));
            }
        }
        assertTrue(gone != 0, "c3's FDB and neighbour entries are still on h1");
        final Duration took = Duration.ofNanos(gone - t0);
        System.out.println("dead host's entries left h1's kernel after " + took.toMillis() + " ms (TTL " + OverlayClusterIT.TTL + " s)");
        assertTrue(took.compareTo(Duration.ofSeconds(OverlayClusterIT.TTL)) <= 0, "took " + took);
        assertFalse(c.d(1).inSandbox("c1", "ping", "-c1", "-W1", a3).ok());
    }

    @Test
    void trafficKeepsFlowingThroughAnEtcdOutage(final Lab lab)
    {
        final OverlayClusterIT.Cluster c = overlayEverywhere(lab, "ov1");
        c.d(1).run("c1", "ov1");
        final String a3 = c.d(3).run("c3", "ov1");
        Await.until("c3 reachable from c1", WAIT, () -> c.d(1).ping("c1", a3));
        c.etcd().stop();
        for (final ClusterDaemon d : List.of(c.d(1), c.d(3)))
        {
            Await.until(d.name + " notices the outage", WAIT, () -> !d.inSync());
        }
        final long until = System.nanoTime() + Duration.ofSeconds(OverlayClusterIT.TTL + 2).toNanos();
        while (System.nanoTime() < until)
        {
            assertTrue(c.d(1).inSandbox("c1", "ping", "-c1", "-W1", a3).ok(), "c1 -> c3 during the outage");
        }
        c.etcd().start();
        for (final ClusterDaemon d : c.daemons())
        {
            Await.until(d.name + " in sync", WAIT, d::inSync);
        }
        final String a2 = c.d(2).run("c2", "ov1");
        Await.until("c2 reachable from c1 after the outage", WAIT, () -> c.d(1).ping("c1", a2));
        final JsonObject n = c.d(1).network("ov1");
        assertEquals(3, n.objects("Peers").size(), n.toString());
    }
}
