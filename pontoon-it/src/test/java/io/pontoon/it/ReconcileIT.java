// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.Spawned;
import io.pontoon.testkit.daemon.HostState;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a starting daemon does to what it finds: it removes Pontoon-owned leftovers (links named
 * {@code ptv<12 hex>} / {@code pt-<12 hex>}, namespace files in its run directory, elements and
 * chains in its own nft tables that no record explains) and nothing else; and it comes back
 * consistent after kill -9 at arbitrary instants while several clients keep changing state.
 */
@Privileged
@LabHosts(count = 1)
class ReconcileIT
{
    private static final String STALE_ID = "deadbeef0000";

    @Test
    void startRemovesPontoonLeftoversAndNothingElse(final Lab lab) throws Exception
    {
        final Lab.Host h1 = lab.host("h1");
        try (PontoonDaemon d = PontoonDaemon.start(h1))
        {
            d.cliOk("network", "create", "--subnet", "10.200.80.0/24", "-o", "com.docker.network.bridge.enable_icc=false", "n1");
            d.cliOk("run", "-d", "--name", "s", "--network", "n1", "-p", "8080:80");
            d.stop();

            h1.execOk("ip", "link", "add", "ptv000000000000", "type", "veth", "peer", "name", "ptv000000000001");
            h1.execOk("ip", "link", "add", "pt-000000000000", "type", "bridge");
            final Path orphan = d.netnsDir().resolve("0".repeat(64));
            Files.createFile(orphan);
            h1.execOk("unshare", "--net=" + orphan, "true");
            assertTrue(mounted(orphan));
            nft(h1, "add element ip pontoon pub_any { tcp . 9999 : 10.200.80.99 . 80 }",
                "add chain ip pontoon n_" + STALE_ID + "_to",
                "add chain ip pontoon n_" + STALE_ID + "_post_from",
                "add element ip pontoon bridges { \"pt-" + STALE_ID + "\" }",
                "add element ip pontoon fwd_to { \"pt-" + STALE_ID + "\" : jump n_" + STALE_ID + "_to }",
                "add element ip pontoon post_from { 10.200.99.0/24 : jump n_" + STALE_ID + "_post_from }",
                "add element bridge pontoon icc_off { \"ptv" + STALE_ID + "\" }");

            h1.execOk("ip", "link", "add", "veth-user", "type", "veth", "peer", "name", "veth-user2");
            h1.execOk("ip", "link", "add", "mybr", "type", "bridge");
            h1.execOk("ip", "link", "add", "ptvpn0", "type", "veth", "peer", "name", "userpeer0");
            h1.execOk("ip", "link", "add", "pt-vpn", "type", "bridge");
            nft(h1, "add table ip mine", "add chain ip mine c { type filter hook input priority 0; policy accept; }",
                "add rule ip mine c tcp dport 9999 counter");

            d.restart();
            final List<String> links = HostState.links(h1).stream().map(l -> l.split(" ")[0]).toList();
            for (final String gone : List.of("ptv000000000000", "ptv000000000001", "pt-000000000000"))
            {
                assertFalse(links.contains(gone), gone + " is Pontoon's and must go: " + links);
            }
            for (final String kept : List.of("veth-user", "veth-user2", "mybr", "ptvpn0", "userpeer0", "pt-vpn"))
            {
                assertTrue(links.contains(kept), kept + " is not Pontoon's and must stay: " + links);
            }
            assertFalse(mounted(orphan), "the orphan namespace is unmounted");
            assertFalse(Files.exists(orphan), "the orphan namespace file is removed");
            final String ruleset = h1.execOk("nft", "list", "ruleset");
            assertTrue(ruleset.contains("table ip mine") && ruleset.contains("tcp dport 9999 counter"), "foreign table kept");
            assertFalse(ruleset.contains(STALE_ID), "stale chains and elements removed:\n" + ruleset);
            assertFalse(ruleset.contains("9999 : 10.200.80.99"), "stale published port removed");
            assertFalse(ruleset.contains("10.200.99.0/24"), "stale subnet dispatch removed");
            assertEquals(List.of(), Consistency.problems(d));
            assertTrue(h1.execOk("nft", "list", "set", "bridge", "pontoon", "icc_off").contains("ptv"), "n1's icc element kept");

            d.cliOk("network", "create", "--subnet", "10.200.99.0/24", "n99");
            d.cliOk("run", "-d", "--name", "t", "--network", "n99", "sleep", "3600");
            assertTrue(Ping.reaches(d, d.inspect("t"), "10.200.99.1"));
            assertEquals(List.of(), Consistency.problems(d));
        }
    }

    @Test
    void aHalfJoinedEndpointIsCompletedOnStart(final Lab lab)
    {
        final Lab.Host h1 = lab.host("h1");
        try (PontoonDaemon d = PontoonDaemon.start(h1))
        {
            d.cliOk("network", "create", "--subnet", "10.200.81.0/24", "n1");
            d.cliOk("network", "create", "--subnet", "10.200.82.0/24", "n2");
            d.cliOk("run", "-d", "--name", "half", "--network", "n1", "sleep", "3600");
            d.cliOk("network", "connect", "n2", "half");
            final SandboxView s = d.inspect("half");
            d.stop();
            // what a crash between the veth's creation and the end of the join leaves
            d.nsExec(s, "ip", "addr", "flush", "dev", "eth1");
            d.nsExec(s, "ip", "link", "set", "eth1", "down");
            d.nsExec(s, "ip", "route", "del", "default");
            assertTrue(Ping.blocked(d, s, "10.200.82.1"));
            d.restart();
            assertEquals(List.of(), Consistency.problems(d), "addresses and the default route are back");
            assertTrue(d.nsExec(s, "ip", "route").stdout().contains("default via 10.200.81.1 dev eth0"));
            assertTrue(Ping.reaches(d, s, "10.200.82.1"), "eth1 is addressed and up again");
        }
    }

    @Test
    void killNineAtArbitraryInstantsLeavesAConsistentRecoverableState(final Lab lab) throws Exception
    {
        final Lab.Host h1 = lab.host("h1");
        try (PontoonDaemon d = PontoonDaemon.start(h1))
        {
            d.cliOk("network", "create", "--subnet", "10.200.90.0/27", "churn");
            d.cliOk("network", "create", "--subnet", "10.200.91.0/24", "churn2");
            final long[] delaysMs = {300, 800, 1400, 2000};
            for (int round = 0; round < delaysMs.length; round++)
            {
                final List<Spawned> workers = new ArrayList<>();
                for (int w = 0; w < 3; w++)
                {
                    workers.add(h1.spawn("sh", "-c", churnScript(d, round, w)));
                }
                Thread.sleep(delaysMs[round]); // chooses the instant of the kill; nothing is timed
                d.kill9();
                for (final Spawned s : workers)
                {
                    s.kill();
                }
                d.restart();
                final List<String> problems = Consistency.problems(d);
                assertEquals(List.of(), problems, "after kill -9 in round " + round + "\n" + d.log());
                for (final SandboxView s : d.sandboxes())
                {
                    if (!s.endpoints().isEmpty())
                    {
                        assertTrue(Ping.reaches(d, s, s.endpoints().get(0).gateway()), s.name() + " reaches its gateway");
                    }
                }
                Consistency.removeAll(d, "cn");
                assertEquals(List.of(), Consistency.problems(d), "after removing round " + round + "'s sandboxes");
            }
            // the /27 must hand out all of its 29 free addresses again: no allocation leaked in the crashes
            final ExecResult fill = h1.exec("sh", "-c", "ok=0; for i in $(seq 1 30); do "
                + "code=$(curl -s -o /dev/null -w '%{http_code}' --unix-socket " + d.socket() + " -X POST "
                + "-H 'Content-Type: application/json' -d \"{\\\"Name\\\":\\\"f$i\\\",\\\"Network\\\":\\\"churn\\\"}\" "
                + "http://localhost/v1/sandboxes); [ \"$code\" = 201 ] && ok=$((ok+1)); done; echo $ok");
            assertEquals("29", fill.stdout().strip(), "free addresses in the /27 after the crashes: " + fill.describe());
            assertEquals(List.of(), Consistency.problems(d));
        }
    }

    /**
     * A client loop of worker {@code w} in round {@code r}: create a sandbox with a process and
     * a published port, connect it to a second network, remove the previous one, create and
     * remove a network. Plain curl on the socket, so requests are in flight all the time.
     */
    private static String churnScript(final PontoonDaemon d, final int r, final int w)
    {
        final String api = "curl -s -o /dev/null -m 10 --unix-socket " + d.socket() + " -H 'Content-Type: application/json'";
        final String p = "w" + r + "x" + w + "-";
        return "i=0; while :; do i=$((i+1)); "
            + api + " -X POST -d \"{\\\"Name\\\":\\\"" + p + "$i\\\",\\\"Network\\\":\\\"churn\\\","
            + "\\\"Command\\\":[\\\"sleep\\\",\\\"600\\\"],\\\"Detach\\\":true,"
            + "\\\"Publish\\\":[\\\"$((20000 + " + (r * 3000 + w * 1000) + " + i)):80\\\"]}\" http://localhost/v1/sandboxes; "
            + api + " -X POST -d \"{\\\"Sandbox\\\":\\\"" + p + "$i\\\"}\" http://localhost/v1/networks/churn2/connect; "
            + api + " -X DELETE \"http://localhost/v1/sandboxes/" + p + "$((i-1))?force=true\"; "
            + api + " -X POST -d \"{\\\"Name\\\":\\\"cn" + p + "$i\\\",\\\"Subnet\\\":\\\"10." + (201 + w) + ".$(( (i + " + (r * 40)
            + ") % 250)).0/24\\\"}\" http://localhost/v1/networks; "
            + api + " -X DELETE http://localhost/v1/networks/cn" + p + "$((i-1)); "
            + "done";
    }

    private static void nft(final Lab.Host h, final String... statements)
    {
        for (final String s : statements)
        {
            final ExecResult r = h.exec("nft", s);
            if (!r.ok())
            {
                throw new AssertionError("nft " + s + "\n" + r.describe());
            }
        }
    }

    private static boolean mounted(final Path p) throws java.io.IOException
    {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(p.toString()));
    }
}
