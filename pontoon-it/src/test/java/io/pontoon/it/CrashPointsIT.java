// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.EndpointView;
import io.pontoon.api.rest.SandboxView;
import io.pontoon.core.CrashPoints;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.HostState;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * kill -9 at every step boundary, deterministically: for each of {@link CrashPoints#NAMES} the
 * daemon is started with {@code PONTOON_CRASH_AT=NAME} and runs a sequence that passes every
 * point (two networks, two detached sandboxes, one with a published port, connect, disconnect of
 * a second and of the default network, rm, network rm). It must die with 137 at that point (a
 * point the sequence never reaches fails the test). Started again without the point, it must be
 * consistent: {@link Consistency#problems} is empty, the store has no orphan key
 * ({@link StoreAudit#orphans}), the host has exactly the veths the store's endpoints name, every
 * sandbox left reaches its gateways and, sharing a network, its peer. Then removing what is left
 * must succeed and give back exactly the host and store of before the sequence: links, nft
 * tables, store keys, no namespace file, no sandbox process. The next point's sequence runs on
 * the same state, so it also checks that names, subnets and the port can be used again.
 */
@Privileged
@LabHosts(count = 1)
class CrashPointsIT
{
    /** A command line no other test runs, to find sandbox processes that outlived their sandbox. */
    private static final String SLEEP = "7331";
    private static final List<List<String>> SEQUENCE = List.of(
        List.of("network", "create", "--subnet", "10.200.160.0/24", "cpn1"),
        List.of("run", "-d", "--name", "cpa", "--network", "cpn1", "-p", "18080:80", "sleep", SLEEP),
        List.of("run", "-d", "--name", "cpb", "--network", "cpn1", "sleep", SLEEP),
        List.of("network", "create", "--subnet", "10.200.161.0/24", "cpn2"),
        List.of("network", "connect", "cpn2", "cpa"),
        List.of("network", "connect", "cpn2", "cpb"),
        List.of("network", "disconnect", "cpn2", "cpa"),
        List.of("network", "disconnect", "cpn1", "cpb"),
        List.of("rm", "-f", "cpa"),
        List.of("rm", "-f", "cpb"),
        List.of("network", "rm", "cpn2"),
        List.of("network", "rm", "cpn1"));

    @Test
    void aCrashAtEveryPointLeavesAConsistentRecoverableState(final Lab lab)
    {
        final Lab.Host h1 = lab.host("h1");
        try (PontoonDaemon d = PontoonDaemon.start(h1))
        {
            final Baseline before = Baseline.of(d);
            final List<String> failures = new ArrayList<>();
            final boolean every = Boolean.getBoolean("crash.every");
            for (final String spec : specs())
            {
                for (int nth = 1; ; nth++)
                {
                    final String point = every ? spec + ":" + nth : spec;
                    try
                    {
                        if (!crashAt(d, point, before, every && nth > 1))
                        {
                            break;
                        }
                    }
                    catch (final AssertionError | RuntimeException e)
                    {
                        failures.add(point + ": " + e.getMessage());
                        System.err.println("crash point " + point + " FAILED: " + e.getMessage());
                        recover(d);
                    }
                    if (!every)
                    {
                        break;
                    }
                }
            }
            assertEquals(List.of(), failures, String.join("\n\n", failures));
        }
    }

    /**
     * Every point, once at its first hit; {@code -Dcrash.points=a,b:2} runs only those, and
     * {@code -Dcrash.every=true} arms each at its 1st, 2nd, ... hit until the sequence no longer
     * reaches it (every instant of the sequence; several times slower).
     */
    private static List<String> specs()
    {
        final String only = System.getProperty("crash.points", "");
        return only.isBlank() ? CrashPoints.NAMES : List.of(only.split(","));
    }

    /**
     * Crashes the daemon at {@code point} and checks the recovery; false when the sequence
     * completed without reaching it, which only {@code mayPass} allows.
     */
    private static boolean crashAt(final PontoonDaemon d, final String point, final Baseline before, final boolean mayPass)
    {
        final long t0 = System.nanoTime();
        d.restart(Map.of(CrashPoints.ENV, point));
        final int step = runUntilDeath(d, point);
        if (step < 0)
        {
            if (!mayPass)
            {
                throw new AssertionError("the sequence completed without reaching crash point " + point
                    + " (moved, renamed or no longer on this path?)");
            }
            before.checkSame(d, "the sequence without a crash");
            return false;
        }
        final int status = d.awaitExit(Duration.ofSeconds(30));
        final String where = "crash at " + point + " during '" + String.join(" ", SEQUENCE.get(step)) + "'";
        assertEquals(CrashPoints.STATUS, status, where + ": exit status\n" + d.log());
        final String name = point.contains(":") ? point : point + ":1";
        if (!d.log().contains("crash point " + name + " reached"))
        {
            throw new AssertionError(where + ": the daemon died, but not at the armed point\n" + d.log());
        }
        d.restart();
        checkConsistent(d, where);
        Consistency.removeAll(d, "cpn");
        before.checkSame(d, where + ", then removing what was left");
        System.err.printf("crash point %s: died during step %d, recovered in %d ms%n", point, step,
            (System.nanoTime() - t0) / 1_000_000);
        return true;
    }

    /** Runs the sequence; returns the index of the step during which the daemon died, or -1. */
    private static int runUntilDeath(final PontoonDaemon d, final String point)
    {
        for (int i = 0; i < SEQUENCE.size(); i++)
        {
            final ExecResult r = d.cli(SEQUENCE.get(i).toArray(String[]::new));
            if (r.ok())
            {
                continue;
            }
            try
            {
                d.awaitExit(Duration.ofSeconds(10));
            }
            catch (final AssertionError alive)
            {
                throw new AssertionError("before crash point " + point + " was reached, pontoon "
                    + String.join(" ", SEQUENCE.get(i)) + " failed\n" + r.describe() + "\n" + d.log(), alive);
            }
            return i;
        }
        return -1;
    }

    /** What a restart after the crash must give: daemon, store and kernel agree, traffic flows. */
    private static void checkConsistent(final PontoonDaemon d, final String where)
    {
        assertEquals(List.of(), Consistency.problems(d), where + ": daemon and kernel disagree\n" + d.log());
        final StoreAudit store = StoreAudit.of(d);
        assertEquals(List.of(), store.orphans(), where + ": orphan keys in the store");
        final Set<String> veths = new TreeSet<>();
        HostState.links(d.host()).stream().map(l -> l.split(" ")[0]).filter(l -> l.matches("ptv[0-9a-f]{12}"))
            .forEach(veths::add);
        assertEquals(store.hostIfNames(), veths, where + ": ptv links the store does not explain (or misses)");
        assertEquals(List.of(), Baseline.killStray(d), where + ": sandbox processes no sandbox owns (killed now)");
        final List<SandboxView> sandboxes = d.sandboxes();
        for (final SandboxView s : sandboxes)
        {
            for (final EndpointView e : s.endpoints())
            {
                if (!Ping.reaches(d, s, e.gateway()))
                {
                    throw new AssertionError(where + ": " + s.name() + " does not reach its gateway " + e.gateway()
                        + " on " + e.network());
                }
                for (final SandboxView peer : sandboxes)
                {
                    peer.endpoints().stream().filter(p -> p.networkId().equals(e.networkId()) && !peer.id().equals(s.id()))
                        .forEach(p ->
                        {
                            final String ip = p.ipAddress().substring(0, p.ipAddress().indexOf('/'));
                            if (!Ping.reaches(d, s, ip))
                            {
                                throw new AssertionError(where + ": " + s.name() + " does not reach " + peer.name() + " at "
                                    + ip + " on " + e.network());
                            }
                        });
                }
            }
        }
    }

    /** After a failed point: a fresh start, everything removed, stray sandbox processes killed. */
    private static void recover(final PontoonDaemon d)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                d.restart();
                Consistency.removeAll(d, "cpn");
                Baseline.killStray(d);
                return;
            }
            catch (final AssertionError | RuntimeException e)
            {
                System.err.println("recovering from the failed point: " + e.getMessage());
            }
        }
    }

    /** The host and store before the sequence: what removing everything must give back. */
    private record Baseline(Set<String> links, String nft, Set<String> keys)
    {
        static Baseline of(final PontoonDaemon d)
        {
            return new Baseline(new TreeSet<>(HostState.links(d.host())), nft(d), new TreeSet<>(StoreAudit.of(d).keys().keySet()));
        }

        private static String nft(final PontoonDaemon d)
        {
            return (d.host().execOk("nft", "list", "table", "ip", "pontoon") + d.host().execOk("nft", "list", "table", "bridge",
                "pontoon")).replaceAll("packets \\d+ bytes \\d+", "").replaceAll("\\s+", " ");
        }

        void checkSame(final PontoonDaemon d, final String where)
        {
            assertEquals(links, new TreeSet<>(HostState.links(d.host())), where + ": links");
            assertEquals(nft, nft(d), where + ": nft tables");
            assertEquals(keys, new TreeSet<>(StoreAudit.of(d).keys().keySet()), where + ": store keys");
            if (Files.isDirectory(d.netnsDir()))
            {
                try (var s = Files.list(d.netnsDir()))
                {
                    assertEquals(List.of(), s.toList(), where + ": namespace files");
                }
                catch (final java.io.IOException e)
                {
                    throw new AssertionError(e);
                }
            }
            final List<Long> stray = killStray(d);
            assertEquals(List.of(), stray, where + ": sandbox processes that outlived their sandbox (killed now)");
        }

        /** Kills the sandbox processes of this test that no sandbox owns any more; returns their pids. */
        static List<Long> killStray(final PontoonDaemon d)
        {
            final List<Long> out = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.endsWith("sleep " + SLEEP)).orElse(false))
                .map(ProcessHandle::pid).toList();
            final Set<Long> owned = new TreeSet<>();
            if (d.running())
            {
                d.sandboxes().forEach(s -> owned.add(s.pid()));
            }
            final List<Long> stray = out.stream().filter(p -> !owned.contains(p)).toList();
            stray.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
            return stray;
        }
    }
}
