// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.overlay;

import io.pontoon.api.json.Json;
import io.pontoon.it.cni.CniExec;
import io.pontoon.it.cni.ContainerNs;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.peers.EtcdPeer;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.pontoon.it.overlay.OverlayClusterIT.WAIT;
import static io.pontoon.it.overlay.OverlayClusterIT.remoteIps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CNI plugin on an overlay network: a runtime's container on h1 (a namespace the test makes,
 * attached with {@code pontoon-cni} ADD exactly as a runtime execs it) gets an address from the
 * cluster's IPAM, is published to the other hosts, talks to a {@code pontoon run} container on
 * h2 across the VXLAN, and DEL withdraws it from h2 again.
 */
@Privileged
@LabHosts(count = 4)
@Timeout(600)
class OverlayCniIT
{
    @Test
    void aCniContainerOnAnOverlayReachesOtherHostsAndDelWithdrawsIt(final Lab lab)
    {
        final OverlayClusterIT.Cluster c = OverlayTrafficIT.overlayEverywhere(lab, "ov1");
        final String a2 = c.d(2).run("c2", "ov1");
        final Lab.Host h1 = lab.host("h1");
        try (ContainerNs ns = ContainerNs.create(lab))
        {
            final String conf = Json.write(Map.of("cniVersion", "1.0.0", "name", "ov1", "type", "pontoon", "socket",
                c.d(1).socket().toString()));
            final Map<String, String> add = CniExec.env("ADD", "ctr-ovl-1", ns.path().toString(), "eth0");
            final CniExec.Out added = CniExec.run(h1, CniExec.PONTOON, add, conf);
            assertEquals(0, added.exit(), added.describe());
            final String cidr = added.json().objects("ips").getFirst().string("address");
            assertTrue(cidr.startsWith("10.210.0.") && cidr.endsWith("/24"), cidr);
            final String ip = cidr.substring(0, cidr.indexOf('/'));

            // published to the cluster: h2 programs it, and traffic flows both ways across the VXLAN
            Await.until("h2 knows the CNI container", WAIT, () -> remoteIps(c.d(2), "ov1").contains("h1=" + ip));
            assertTrue(ns.exec("ping", "-c1", "-W2", a2).ok(), "CNI container on h1 -> c2 on h2");
            assertTrue(c.d(2).ping("c2", ip), "c2 on h2 -> CNI container on h1");

            final CniExec.Out deleted = CniExec.run(h1, CniExec.PONTOON,
                CniExec.env("DEL", "ctr-ovl-1", ns.path().toString(), "eth0"), conf);
            assertEquals(0, deleted.exit(), deleted.describe());
            Await.until("h2 forgets the CNI container", WAIT, () -> !remoteIps(c.d(2), "ov1").contains("h1=" + ip));
            assertFalse(c.d(2).inSandbox("c2", "ping", "-c1", "-W1", ip).ok(), "gone after DEL");
            assertFalse(ns.exec("ip", "-o", "link", "show", "eth0").ok(), "eth0 removed from the container");

            // a refused ADD on h3, which has nothing on ov1: h3 does not stay in the overlay
            final String bad = Json.write(Map.of("cniVersion", "1.0.0", "name", "ov1", "type", "pontoon", "socket",
                c.d(3).socket().toString(), "runtimeConfig", Map.of("ips", java.util.List.of("10.99.0.5/24"))));
            final CniExec.Out refused = CniExec.run(lab.host("h3"), CniExec.PONTOON,
                CniExec.env("ADD", "ctr-ovl-3", ns.path().toString(), "eth0"), bad);
            assertEquals(7, refused.code(), refused.describe());
            final String links = lab.host("h3").execOk("ip", "-o", "link", "show");
            assertFalse(links.contains(OverlayTrafficIT.vxlan(c.d(3), "ov1")), "h3 left ov1 again: " + links);
        }
    }

    @Test
    void statusIsNotAvailableForAnOverlayWhileTheClusterStoreIsDown(final Lab lab)
    {
        final Lab.Host e = lab.host("h4");
        final EtcdPeer etcd = EtcdPeer.start(e, "--heartbeat-interval=50", "--election-timeout=300");
        final ClusterDaemon d = ClusterDaemon.start(lab.host("h1"), "h1",
            "etcd://" + e.underlayIp() + ":" + EtcdPeer.CLIENT_PORT, OverlayClusterIT.TTL);
        OverlayClusterIT.overlay(d, "ov1", "10.210.0.0/24");
        final ExecResult local = d.cli("network", "create", "--subnet", "10.211.0.0/24", "lnet");
        assertTrue(local.ok(), local.describe());
        final Lab.Host h1 = lab.host("h1");
        final Map<String, String> status = CniExec.env("STATUS", "", "", "");
        final String ov1 = conf("1.1.0", "ov1", d);
        final String lnet = conf("1.1.0", "lnet", d);
        assertEquals(0, CniExec.run(h1, CniExec.PONTOON, status, ov1).exit());

        etcd.stop();
        Await.until("h1 notices the outage", WAIT, () -> !d.inSync());
        // the daemon is up and answers, but cannot serve ADD on the overlay: 50, saying why
        final CniExec.Out down = CniExec.run(h1, CniExec.PONTOON, status, ov1);
        assertEquals(50, down.code(), down.describe());
        assertTrue(down.json().string("details").contains("unreachable"), down.describe());
        assertEquals(0, CniExec.run(h1, CniExec.PONTOON, status, lnet).exit(), "a local network stays available");
        try (ContainerNs ns = ContainerNs.create(lab))
        {
            final CniExec.Out add = CniExec.run(h1, CniExec.PONTOON, CniExec.env("ADD", "ctr-st-1", ns.path().toString(), "eth0"),
                conf("1.1.0", "ov1", d));
            assertEquals(11, add.code(), "ADD agrees with STATUS: try again later\n" + add.describe());
        }

        etcd.start();
        Await.until("h1 in sync again", WAIT, d::inSync);
        assertEquals(0, CniExec.run(h1, CniExec.PONTOON, status, ov1).exit());
    }

    private static String conf(final String version, final String network, final ClusterDaemon d)
    {
        return Json.write(Map.of("cniVersion", version, "name", network, "type", "pontoon", "socket", d.socket().toString()));
    }
}
