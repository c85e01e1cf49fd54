// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Privileged
class LabTest
{
    @Test
    @LabHosts(count = 3)
    void everyHostPingsEveryOtherOverTheUnderlay(final Lab lab)
    {
        final List<Lab.Host> hosts = lab.hosts();
        assertEquals(List.of("h1", "h2", "h3"), hosts.stream().map(Lab.Host::name).toList());
        assertEquals(3, new HashSet<>(hosts.stream().map(Lab.Host::underlayIp).toList()).size());
        final String netns = Commands.runOk(List.of("ip", "netns", "list"), Lab.DEFAULT_TIMEOUT).stdout();
        for (final Lab.Host h : hosts)
        {
            assertTrue(h.nsName().startsWith(Lab.PREFIX + lab.id() + "-"), h.nsName());
            assertTrue(netns.contains(h.nsName()), netns);
            assertTrue(h.execOk("ip", "-o", "addr", "show", "dev", "eth0").contains("inet " + h.underlayPrefix()));
            for (final Lab.Host other : hosts)
            {
                if (other != h)
                {
                    assertTrue(h.ping(other.underlayIp()), h + " cannot ping " + other);
                }
            }
        }
    }

    @Test
    @LabHosts(count = 1)
    void execReportsExitCodeAndBothStreamsAndRunsInsideTheHost(final Lab lab)
    {
        final Lab.Host h1 = lab.host("h1");
        final ExecResult r = h1.exec("sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(new ExecResult(3, "out\n", "err\n"), r);
        assertFalse(r.ok());

        final LabException e = assertThrows(LabException.class, () -> h1.execOk("sh", "-c", "echo said-this; echo and-that >&2; exit 5"));
        assertTrue(e.getMessage().contains("exit 5") && e.getMessage().contains("said-this") && e.getMessage().contains("and-that"), e.getMessage());

        final List<String> links = Leftovers.parseLinks(h1.execOk("ip", "-o", "link", "show"));
        assertEquals(List.of("lo", "eth0"), links);
        assertEquals("", h1.execOk("true"));
    }

    @Test
    @LabHosts(count = 1)
    void aCommandThatOverrunsItsTimeoutIsKilled(final Lab lab)
    {
        final Lab.Host h1 = lab.host("h1");
        final LabException e = assertThrows(LabException.class,
            () -> h1.exec(Duration.ofMillis(300), "sh", "-c", "echo started; exec sleep 600"));
        assertTrue(e.getMessage().contains("timed out") && e.getMessage().contains("started"), e.getMessage());
        assertEquals("", Commands.runOk(List.of("ip", "netns", "pids", h1.nsName()), Lab.DEFAULT_TIMEOUT).stdout());
    }

    @Test
    void closeKillsBackgroundProcessesAndEscapedDaemonsAndRemovesEveryNamespace()
    {
        final List<String> names;
        final List<Long> pids = new ArrayList<>();
        try (Lab lab = Lab.create("LabTest.close", 2))
        {
            names = lab.namespaceNames();
            assertEquals(3, names.size());
            final Spawned s = lab.host("h1").spawn("sh", "-c", "sleep 600 & echo child $!; wait");
            Await.until("the child's pid in " + s.log(), Duration.ofSeconds(10), () -> s.output().contains("child "));
            pids.add(s.pid());
            pids.add(Long.parseLong(s.output().replaceAll("(?s).*child (\\d+).*", "$1")));
            // a double fork: the daemon is reparented and is no descendant of anything the lab started
            lab.host("h2").execOk("sh", "-c", "setsid sleep 600 </dev/null >/dev/null 2>&1 &");
            final String inH2 = Commands.runOk(List.of("ip", "netns", "pids", lab.host("h2").nsName()), Lab.DEFAULT_TIMEOUT).stdout();
            assertFalse(inH2.isBlank());
            pids.add(Long.parseLong(inH2.trim().split("\n")[0]));
            for (final long pid : pids)
            {
                assertTrue(alive(pid), "pid " + pid + " should run before close");
            }
        }
        for (final long pid : pids)
        {
            assertFalse(alive(pid), "pid " + pid + " survived the lab");
        }
        final String netns = Commands.runOk(List.of("ip", "netns", "list"), Lab.DEFAULT_TIMEOUT).stdout();
        for (final String n : names)
        {
            assertFalse(netns.contains(n), n + " is still there: " + netns);
        }
    }

    @Test
    void aThrowingTestBodyStillRemovesTheLab()
    {
        final Lab[] held = new Lab[1];
        assertThrows(IllegalStateException.class, () ->
        {
            try (Lab lab = Lab.create("LabTest.throwing", 1))
            {
                held[0] = lab;
                throw new IllegalStateException("boom");
            }
        });
        assertTrue(held[0].closed());
        final List<String> netns = Leftovers.snapshot().namespaces();
        held[0].namespaceNames().forEach(n -> assertFalse(netns.contains(n), n));
        assertThrows(LabException.class, () -> held[0].host("h1").exec("true"));
        held[0].close();
    }

    @Test
    @LabHosts(count = 2)
    void tcpConnectReachesAListenerInAnotherHostOnly(final Lab lab) throws Exception
    {
        final Lab.Host h1 = lab.host("h1");
        final Lab.Host h2 = lab.host("h2");
        try (ServerSocketChannel server = h2.call(ServerSocketChannel::open))
        {
            server.bind(new InetSocketAddress(h2.underlayIp(), 7000));
            assertTrue(h1.tcpConnect(h2.underlayIp(), 7000));
            assertFalse(h1.tcpConnect(h2.underlayIp(), 7001));
            assertFalse(h1.tcpConnect("127.0.0.1", 7000), "h1's loopback is its own");
        }
    }

    @Test
    @LabHosts(count = 2)
    void disconnectCutsAHostOffTheSwitchAndReconnectHeals(final Lab lab)
    {
        final Lab.Host h1 = lab.host("h1");
        final Lab.Host h2 = lab.host("h2");
        assertTrue(h1.ping(h2.underlayIp()));
        lab.disconnect(h2);
        assertFalse(h1.ping(h2.underlayIp()));
        lab.reconnect(h2);
        assertTrue(h1.ping(h2.underlayIp()));
    }

    @Test
    @LabHosts(count = 1)
    void addHostJoinsTheSameSwitchAndNamesAreChecked(final Lab lab)
    {
        final Lab.Host outside = lab.addHost("outside");
        assertEquals("198.18." + lab.subnet().split("\\.")[2] + ".12", outside.underlayIp());
        assertTrue(outside.ping(lab.host("h1").underlayIp()));
        assertTrue(lab.host("h1").ping(outside.underlayIp()));
        assertThrows(IllegalArgumentException.class, () -> lab.addHost("outside"));
        assertThrows(IllegalArgumentException.class, () -> lab.addHost("sw"));
        assertThrows(IllegalArgumentException.class, () -> lab.addHost("Bad-Name"));
        assertThrows(IllegalArgumentException.class, () -> lab.host("nope"));
        assertThrows(IllegalArgumentException.class, () -> outside.ping("example.com"));
    }

    @Test
    void twoLabsNeverShareANamespace()
    {
        try (Lab a = Lab.create("LabTest.a", 1); Lab b = Lab.create("LabTest.b", 1))
        {
            assertFalse(a.id().equals(b.id()));
            assertTrue(a.namespaceNames().stream().noneMatch(b.namespaceNames()::contains));
        }
    }

    @Test
    @LabHosts(count = 1)
    void adoptedResourcesCloseNewestFirstWhileTheLabsProcessesStillRun(final Lab lab)
    {
        final Spawned daemon = lab.host("h1").spawn("sleep", "600");
        final List<String> order = new ArrayList<>();
        lab.adopt(() -> order.add("older, daemon alive " + daemon.alive()));
        lab.adopt(() -> order.add("newer, daemon alive " + daemon.alive()));
        lab.close();
        assertEquals(List.of("newer, daemon alive true", "older, daemon alive true"), order);
        assertFalse(daemon.alive());
        assertThrows(LabException.class, () -> lab.adopt(() -> order.add("too late")));
    }

    private static boolean alive(final long pid)
    {
        return Commands.running(pid);
    }
}
