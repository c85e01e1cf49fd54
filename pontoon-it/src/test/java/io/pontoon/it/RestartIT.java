// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.HostState;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon going away and coming back: after SIGTERM and after kill -9, networks, sandboxes,
 * addresses, published ports and their processes are all still there, traffic keeps flowing
 * while the daemon is down, established TCP connections survive, and the restarted daemon
 * duplicates nothing (the whole host state compares equal) and removes only leftovers it can
 * prove are its own. Each test has its own lab: h1 runs the daemon, h2 is the outside.
 */
@Privileged
@LabHosts(count = 2)
class RestartIT
{
    @Test
    void everythingSurvivesASigtermRestart(final Lab lab) throws Exception
    {
        survives(lab, false);
    }

    @Test
    void everythingSurvivesKillNine(final Lab lab) throws Exception
    {
        survives(lab, true);
    }

    private static void survives(final Lab lab, final boolean kill) throws Exception
    {
        final Lab.Host h1 = lab.host("h1");
        final Lab.Host h2 = lab.host("h2");
        final Path www = Files.createTempDirectory("pt-www-");
        Files.writeString(www.resolve("index.html"), "kept\n");
        try (PontoonDaemon d = PontoonDaemon.start(h1))
        {
            d.cliOk("network", "create", "--subnet", "10.200.70.0/24", "n1");
            d.cliOk("network", "create", "--subnet", "10.200.71.0/24", "-o", "com.docker.network.bridge.enable_icc=false", "n2");
            d.cliOk("network", "create", "--internal", "--subnet", "10.200.72.0/24", "n3");
            d.cliOk("run", "-d", "--name", "a", "--network", "n1", "sleep", "3600");
            d.cliOk("run", "-d", "--name", "web", "--network", "n1", "-p", "8080:80", "busybox", "httpd", "-f", "-p", "80", "-h",
                www.toString());
            d.cliOk("run", "-d", "--name", "srv", "--network", "n2", "-p", "8081:81", "-p", "5300-5301:53-54/udp");
            d.cliOk("run", "-d", "--name", "in", "--network", "n3", "sleep", "3600");
            d.cliOk("run", "-d", "--name", "dflt", "sleep", "3600");
            d.cliOk("network", "connect", "n2", "a");
            d.cliOk("run", "-d", "--name", "side", "--network", "container:a", "sleep", "3600");
            final SandboxView a = d.inspect("a");
            final SandboxView srv = d.inspect("srv");
            final SandboxView internal = d.inspect("in");
            Await.until("web to serve", Duration.ofSeconds(20), () -> "kept".equals(PublishedPortsIT.curl(h2, h1.underlayIp(), 8080)));
            assertEquals(List.of(), Consistency.problems(d));
            final HostState before = HostState.of(d);

            try (TcpServer outside = TcpServer.serve(h2.call(ServerSocketChannel::open), 7100, "h2");
                 TcpServer inside = TcpServer.serve(d.inSandbox(srv, ServerSocketChannel::open), 81, "srv");
                 Tcp out = Tcp.connect(d.inSandbox(a, SocketChannel::open), h2.underlayIp(), 7100);
                 Tcp in = Tcp.connect(h2.call(SocketChannel::open), h1.underlayIp(), 8081))
            {
                assertEquals("h2", out.banner());
                assertEquals("srv", in.banner());
                assertEquals(h1.underlayIp(), outside.nextPeer(Duration.ofSeconds(2)).getHostAddress());
                assertEquals(h2.underlayIp(), inside.nextPeer(Duration.ofSeconds(2)).getHostAddress());

                if (kill)
                {
                    d.kill9();
                }
                else
                {
                    d.stop();
                }
                assertFalse(d.running());
                final ExecResult down = d.cli("ps");
                assertEquals(1, down.exitCode(), down.describe());
                assertEquals("Error: cannot reach the Pontoon daemon at " + d.hostUri() + " (is \"pontoon daemon\" running?)",
                    down.stderr().strip(), "one clear line while the daemon is down");
                assertEquals("down-1", out.roundTrip("down-1"), "masqueraded connection while the daemon is down");
                assertEquals("down-2", in.roundTrip("down-2"), "published-port connection while the daemon is down");
                assertTrue(Ping.reaches(d, a, "10.200.70.3"), "a -> web while the daemon is down");
                assertTrue(Ping.reaches(d, a, h2.underlayIp()), "a -> outside while the daemon is down");
                assertTrue(Ping.reaches(d, internal, "10.200.72.1"), "internal network while down");
                assertEquals("kept", PublishedPortsIT.curl(h2, h1.underlayIp(), 8080), "published port while down");
                assertEquals("kept", PublishedPortsIT.curl(h1, "127.0.0.1", 8080), "127.0.0.1 while down");
                assertTrue(Ping.blocked(d, a, "10.200.71.2"), "icc=false still holds while down");
                assertEquals("srv", Tcp.banner(h2.call(SocketChannel::open), h1.underlayIp(), 8081), "new connections while down");

                d.restart();
                final HostState after = HostState.of(d);
                assertEquals("", before.diff(after), "the restart changed the host");
                assertEquals(List.of(), Consistency.problems(d));
                assertEquals("up-1", out.roundTrip("up-1"), "the masqueraded connection survived the restart");
                assertEquals("up-2", in.roundTrip("up-2"), "the published-port connection survived the restart");
            }
            final SandboxView a2 = d.inspect("a");
            assertEquals("running", a2.state());
            assertEquals(a.pid(), a2.pid(), "the same process");
            assertEquals("kept", PublishedPortsIT.curl(h2, h1.underlayIp(), 8080));

            d.cliOk("run", "-d", "--name", "late", "--network", "n1", "sleep", "3600");
            assertEquals("10.200.70.4/24", d.inspect("late").endpoints().get(0).ipAddress(), "allocations were kept");
            assertTrue(Ping.reaches(d, d.inspect("late"), "10.200.70.2"), "late -> a");
            final ExecResult refused = d.cli("run", "-d", "--network", "n1", "-p", "8080:80", "sleep", "1");
            assertEquals("Error: host port 0.0.0.0:8080/tcp is already published by sandbox web", refused.stderr().strip());

            final long pid = a2.pid();
            d.cliOk("rm", "-f", "a");
            assertFalse(runningNotZombie(pid), "rm -f killed a process it did not start");
            assertEquals(List.of(), d.sandboxes().stream().filter(s -> s.name().equals("side")).toList(), "side went with a");
            assertEquals(List.of(), Consistency.problems(d));
        }
        finally
        {
            Files.deleteIfExists(www.resolve("index.html"));
            Files.deleteIfExists(www);
        }
    }

    /** Alive and not a zombie: init reaps a killed orphan when it likes, dead is what matters. */
    private static boolean runningNotZombie(final long pid)
    {
        try
        {
            final String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        }
        catch (final java.io.IOException e)
        {
            return false;
        }
    }
}
