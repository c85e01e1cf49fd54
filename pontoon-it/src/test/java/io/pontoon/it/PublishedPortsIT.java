// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.PortView;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.HostState;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Published ports ({@code -p}) through kernel DNAT: reachable from another lab host on the
 * underlay, from the host itself through 127.0.0.1 and its own addresses, and from sandboxes on
 * the same bridge (hairpin); TCP and UDP; ranges; a HOSTIP limits where a port answers; a port
 * published twice is refused. The web servers are real {@code busybox httpd} processes started
 * by the daemon ({@code run -d}), fetched with curl.
 */
@Privileged
@LabHosts(count = 2)
class PublishedPortsIT
{
    private static final String PAGE = "hello from web";
    private static Lab.Host h1;
    private static Lab.Host h2;
    private static PontoonDaemon d;
    private static Path www;

    @BeforeAll
    static void up(final Lab lab) throws IOException
    {
        h1 = lab.host("h1");
        h2 = lab.host("h2");
        www = Files.createTempDirectory("pt-www-");
        Files.writeString(www.resolve("index.html"), PAGE + "\n");
        d = PontoonDaemon.start(h1);
        d.cliOk("network", "create", "--subnet", "10.200.20.0/24", "pp");
        d.cliOk("run", "-d", "--name", "web", "--network", "pp", "-p", "8080:80", "busybox", "httpd", "-f", "-p", "80", "-h",
            www.toString());
        d.cliOk("run", "-d", "--name", "client", "--network", "pp", "sleep", "3600");
        Await.until("web to serve through its published port", Duration.ofSeconds(20),
            () -> PAGE.equals(curl(h1, "127.0.0.1", 8080)));
    }

    @AfterAll
    static void down() throws IOException
    {
        try
        {
            if (d != null)
            {
                d.close();
            }
        }
        finally
        {
            Files.deleteIfExists(www.resolve("index.html"));
            Files.deleteIfExists(www);
        }
    }

    @Test
    void aPublishedTcpPortAnswersFromAnotherHostFromTheHostItselfAndFromSandboxesOnTheBridge()
    {
        assertEquals(PAGE, curl(h2, h1.underlayIp(), 8080), "from another lab host, to h1's underlay address");
        assertEquals(PAGE, curl(h1, "127.0.0.1", 8080), "from h1 through 127.0.0.1");
        assertEquals(PAGE, curl(h1, h1.underlayIp(), 8080), "from h1 through its own underlay address");
        assertEquals(PAGE, curl(h1, "10.200.20.1", 8080), "from h1 through the bridge's address");
        final SandboxView client = d.inspect("client");
        assertEquals(PAGE, curlIn(client, h1.underlayIp(), 8080), "hairpin: another sandbox on the bridge, via the host address");
        assertEquals(PAGE, curlIn(client, "10.200.20.1", 8080), "hairpin via the gateway address");
        assertEquals(PAGE, curlIn(d.inspect("web"), h1.underlayIp(), 8080), "hairpin: the sandbox reaches itself");
        final ExecResult viaCli = d.exec("client", "curl", "-s", "-m", "3", "http://" + h1.underlayIp() + ":8080/");
        assertEquals(PAGE, viaCli.stdout().strip(), "pontoon exec works too: " + viaCli.describe());
        assertEquals(List.of(new PortView(null, 8080, 80, "tcp")), d.inspect("web").ports());
        assertTrue(d.cliOk("ps").lines().anyMatch(l -> l.contains(" web ") && l.contains("*:8080->80/tcp")), d.cliOk("ps"));
        assertEquals("", listeners(h1, 8080), "no userspace proxy: nothing on h1 listens on the published port");
    }

    @Test
    void aPublishedUdpPortAnswersFromAnotherHostAndFromTheHost() throws Exception
    {
        d.cliOk("run", "-d", "--name", "dns", "--network", "pp", "-p", "5353:53/udp");
        final SandboxView dns = d.inspect("dns");
        try (DatagramChannel echo = Udp.echo(d.inSandbox(dns, DatagramChannel::open), 53, "dns");
             TcpServer tcp53 = TcpServer.serve(d.inSandbox(dns, ServerSocketChannel::open), 53, "tcp 53"))
        {
            assertEquals("dns:from-h2", Udp.ask(h2.call(DatagramChannel::open), h1.underlayIp(), 5353, "from-h2"));
            assertEquals("dns:from-lo", Udp.ask(h1.call(DatagramChannel::open), "127.0.0.1", 5353, "from-lo"));
            assertEquals("dns:from-h1", Udp.ask(h1.call(DatagramChannel::open), h1.underlayIp(), 5353, "from-h1"),
                "from h1 through its own underlay address");
            assertEquals("dns:from-client",
                Udp.ask(d.inSandbox(d.inspect("client"), DatagramChannel::open), h1.underlayIp(), 5353, "from-client"));
            assertEquals("", listeners(h1, 5353), "no userspace proxy: nothing on h1 is bound to the published port");
            assertEquals("tcp 53", Tcp.banner(h1.call(SocketChannel::open), ip(dns), 53), "the sandbox also serves TCP 53");
            assertEquals(IpPrefix.Ip.parse("10.200.20.1"), tcp53.nextPeer(Duration.ofSeconds(1)), "h1's connection, from the gateway");
            assertTrue(Tcp.blocked(h2.call(SocketChannel::open), h1.underlayIp(), 5353), "only udp is published");
            assertNull(tcp53.nextPeer(Duration.ofMillis(100)), "no TCP connection reached the sandbox through 5353");
            assertTrue(echo.isOpen());
        }
        finally
        {
            d.cliOk("rm", "-f", "dns");
        }
        assertNull(Udp.ask(h2.call(DatagramChannel::open), h1.underlayIp(), 5353, "after-rm"), "unpublished with the sandbox");
    }

    @Test
    void aPortRangeMapsPortByPort() throws Exception
    {
        d.cliOk("run", "-d", "--name", "ranged", "--network", "pp", "-p", "9000-9002:8000-8002");
        final SandboxView r = d.inspect("ranged");
        assertEquals(List.of(new PortView(null, 9000, 8000, "tcp"), new PortView(null, 9001, 8001, "tcp"),
            new PortView(null, 9002, 8002, "tcp")), r.ports());
        assertTrue(d.cliOk("ps").contains("*:9000-9002->8000-8002/tcp"), d.cliOk("ps"));
        final List<TcpServer> servers = new ArrayList<>();
        try
        {
            for (int p = 8000; p <= 8003; p++)
            {
                servers.add(TcpServer.serve(d.inSandbox(r, ServerSocketChannel::open), p, "port " + p));
            }
            for (int i = 0; i <= 2; i++)
            {
                assertEquals("port " + (8000 + i), Tcp.banner(h2.call(SocketChannel::open), h1.underlayIp(), 9000 + i));
            }
            assertEquals("port 8003", Tcp.banner(h1.call(SocketChannel::open), ip(r), 8003), "the sandbox serves 8003 too");
            assertTrue(Tcp.blocked(h2.call(SocketChannel::open), h1.underlayIp(), 9003), "one past the range");
        }
        finally
        {
            for (final TcpServer s : servers)
            {
                s.close();
            }
            d.cliOk("rm", "-f", "ranged");
        }
    }

    @Test
    void aUdpPortRangeMapsPortByPort() throws Exception
    {
        d.cliOk("run", "-d", "--name", "udpr", "--network", "pp", "-p", "5360-5362:6000-6002/udp");
        final SandboxView r = d.inspect("udpr");
        final List<DatagramChannel> echoes = new ArrayList<>();
        try
        {
            assertEquals(List.of(new PortView(null, 5360, 6000, "udp"), new PortView(null, 5361, 6001, "udp"),
                new PortView(null, 5362, 6002, "udp")), r.ports());
            for (int p = 6000; p <= 6003; p++)
            {
                echoes.add(Udp.echo(d.inSandbox(r, DatagramChannel::open), p, "udp " + p));
            }
            for (int i = 0; i <= 2; i++)
            {
                assertEquals("udp " + (6000 + i) + ":h2", Udp.ask(h2.call(DatagramChannel::open), h1.underlayIp(), 5360 + i, "h2"));
                assertEquals("udp " + (6000 + i) + ":lo", Udp.ask(h1.call(DatagramChannel::open), "127.0.0.1", 5360 + i, "lo"));
            }
            assertEquals("udp 6003:h1", Udp.ask(h1.call(DatagramChannel::open), ip(r), 6003, "h1"), "the sandbox answers 6003 too");
            assertNull(Udp.ask(h2.call(DatagramChannel::open), h1.underlayIp(), 5363, "h2"), "one past the range");
        }
        finally
        {
            for (final DatagramChannel e : echoes)
            {
                e.close();
            }
            d.cliOk("rm", "-f", "udpr");
        }
    }

    @Test
    void aHostIpLimitsWhereThePortAnswers()
    {
        d.cliOk("run", "-d", "--name", "local", "--network", "pp", "-p", "127.0.0.1:8081:80", "busybox", "httpd", "-f", "-p", "80",
            "-h", www.toString());
        d.cliOk("run", "-d", "--name", "under", "--network", "pp", "-p", h1.underlayIp() + ":8082:80", "busybox", "httpd", "-f",
            "-p", "80", "-h", www.toString());
        try
        {
            Await.until("local to serve", Duration.ofSeconds(20), () -> PAGE.equals(curl(h1, "127.0.0.1", 8081)));
            assertNull(curl(h1, h1.underlayIp(), 8081), "127.0.0.1 only: not via h1's underlay address");
            assertNull(curl(h2, h1.underlayIp(), 8081), "127.0.0.1 only: not from another host");
            assertNull(curlIn(d.inspect("client"), h1.underlayIp(), 8081), "127.0.0.1 only: not from a sandbox");
            Await.until("under to serve", Duration.ofSeconds(20), () -> PAGE.equals(curl(h2, h1.underlayIp(), 8082)));
            assertEquals(PAGE, curl(h1, h1.underlayIp(), 8082), "h1 itself through that address");
            assertEquals(PAGE, curlIn(d.inspect("client"), h1.underlayIp(), 8082), "hairpin: a sandbox on the bridge through that address");
            assertNull(curl(h1, "127.0.0.1", 8082), "bound to the underlay address: not via 127.0.0.1");
            assertEquals(List.of(new PortView("127.0.0.1", 8081, 80, "tcp")), d.inspect("local").ports());
            assertTrue(d.cliOk("ps").contains("127.0.0.1:8081->80/tcp"), d.cliOk("ps"));
        }
        finally
        {
            d.cliOk("rm", "-f", "local", "under");
        }
    }

    /**
     * A neighbour that sends to {@code 127.0.0.1} with h1's MAC must not reach a port published
     * on 127.0.0.1: the DNAT in prerouting would otherwise rewrite the packet before routing drops
     * it as a martian (Docker's bug until 28.0). The same rewriting towards h1's underlay address
     * does reach a port of the same sandbox published on all addresses, so the path works.
     */
    @Test
    void aPortPublishedOnLoopbackIsNotReachableFromANeighbourThatSendsTo127() throws Exception
    {
        d.cliOk("run", "-d", "--name", "loonly", "--network", "pp", "-p", "127.0.0.1:8088:7000", "-p", "8089:7000");
        try (TcpServer _ = TcpServer.serve(d.inSandbox(d.inspect("loonly"), ServerSocketChannel::open), 7000, "loonly");
             WireRewrite _ = WireRewrite.open(h2, h1.underlayIp(), "198.19.255.2", h1.underlayIp(), 8089);
             WireRewrite _ = WireRewrite.open(h2, h1.underlayIp(), "198.19.255.1", "127.0.0.1", 8088))
        {
            assertEquals("loonly", Tcp.banner(h1.call(SocketChannel::open), "127.0.0.1", 8088), "h1 itself through 127.0.0.1");
            assertEquals("loonly", Tcp.banner(h2.call(SocketChannel::open), "198.19.255.2", 8089),
                "h2 through the rewriting, to h1's underlay address and the port published on all addresses");
            assertTrue(Tcp.blocked(h2.call(SocketChannel::open), "198.19.255.1", 8088),
                "h2 sending to 127.0.0.1:8088 with h1's MAC reached the sandbox");
            assertTrue(Tcp.blocked(h2.call(SocketChannel::open), "198.19.255.1", 8089),
                "h2 sending to 127.0.0.1:8089 with h1's MAC reached the sandbox");
            assertEquals("loonly", Tcp.banner(h1.call(SocketChannel::open), "127.0.0.1", 8088), "h1 itself, still");
        }
        finally
        {
            d.cliOk("rm", "-f", "loonly");
        }
    }

    @Test
    void aHostPortThatIsAlreadyPublishedIsRefusedAndNothingIsLeftBehind()
    {
        final HostState before = HostState.of(d);
        refused("Error: host port 0.0.0.0:8080/tcp is already published by sandbox web", "-p", "8080:80");
        refused("Error: host port 127.0.0.1:8080/tcp is already published by sandbox web", "-p", "127.0.0.1:8080:80");
        refused("Error: host port 0.0.0.0:8080/tcp is already published by sandbox web", "-p", "8079-8081:80-82");
        refused("Error: host port 0.0.0.0:8080/tcp is already published by sandbox web", "-p", "9100:80", "-p", "8080:81");
        assertEquals("", before.diff(HostState.of(d)), "a refused run left something behind");
        d.cliOk("run", "-d", "--name", "udp8080", "--network", "pp", "-p", "8080:80/udp");
        d.cliOk("rm", "-f", "udp8080");
        assertEquals(PAGE, curl(h2, h1.underlayIp(), 8080), "the original binding still works");
    }

    @Test
    void aHostPortInUseByAProcessOnTheHostIsRefusedAndNothingIsLeftBehind() throws Exception
    {
        try (ServerSocketChannel tcp = h1.call(ServerSocketChannel::open);
             DatagramChannel udp = h1.call(DatagramChannel::open))
        {
            tcp.bind(new InetSocketAddress(8085));
            udp.bind(new InetSocketAddress(IpPrefix.Ip.parse("127.0.0.1"), 8086));
            final HostState before = HostState.of(d);
            refused("Error: host port 0.0.0.0:8085/tcp is already in use on this host", "-p", "8085:80");
            refused("Error: host port 0.0.0.0:8085/tcp is already in use on this host", "-p", "8084-8085:80-81");
            refused("Error: host port 0.0.0.0:8086/udp is already in use on this host", "-p", "8086:53/udp");
            refused("Error: host port 127.0.0.1:8086/udp is already in use on this host", "-p", "127.0.0.1:8086:53/udp");
            refused("Error: cannot publish 10.99.99.99:8087/tcp: 10.99.99.99 is not an address of this host",
                "-p", "10.99.99.99:8087:80");
            assertEquals("", before.diff(HostState.of(d)), "a refused run left something behind");
            d.cliOk("run", "-d", "--name", "tcp8086", "--network", "pp", "-p", "8086:80");
            d.cliOk("rm", "-f", "tcp8086");
        }
    }

    @Test
    void withoutAHostPortTheDaemonPicksAFreeOneAndAHostRangeGivesItsFirstFreePort() throws Exception
    {
        final String[] httpd = {"busybox", "httpd", "-f", "-p", "80", "-h", www.toString()};
        // host processes hold the first port of the ephemeral range and the first of the host range
        try (ServerSocketChannel first = h1.call(ServerSocketChannel::open);
             ServerSocketChannel range = h1.call(ServerSocketChannel::open))
        {
            first.bind(new InetSocketAddress(49153));
            range.bind(new InetSocketAddress(8090));
            d.cliOk(cat(new String[] {"run", "-d", "--name", "eph1", "--network", "pp", "-p", "80"}, httpd));
            d.cliOk(cat(new String[] {"run", "-d", "--name", "eph2", "--network", "pp", "-p", "127.0.0.1::80"}, httpd));
            d.cliOk(cat(new String[] {"run", "-d", "--name", "rng", "--network", "pp", "-p", "8090-8092:80"}, httpd));
            final int p1 = d.inspect("eph1").ports().getFirst().hostPort();
            final int p2 = d.inspect("eph2").ports().getFirst().hostPort();
            final int p3 = d.inspect("rng").ports().getFirst().hostPort();
            assertTrue(p1 > 49153 && p1 <= 65535, "eph1 got " + p1 + ", not the held 49153");
            assertTrue(p2 > 49153 && p2 <= 65535 && p2 != p1, "eph2 got " + p2 + " (eph1 " + p1 + ")");
            assertEquals(8091, p3, "8090 is held by a host process");
            Await.until("eph1 to serve", Duration.ofSeconds(20), () -> PAGE.equals(curl(h2, h1.underlayIp(), p1)));
            assertEquals(PAGE, curl(h1, "127.0.0.1", p2), "eph2 on 127.0.0.1");
            assertNull(curl(h2, h1.underlayIp(), p2), "eph2 only on 127.0.0.1");
            Await.until("rng to serve", Duration.ofSeconds(20), () -> PAGE.equals(curl(h2, h1.underlayIp(), 8091)));
            assertEquals("127.0.0.1", d.inspect("eph2").ports().getFirst().hostIp());
        }
        finally
        {
            for (final String name : List.of("eph1", "eph2", "rng"))
            {
                d.cli("rm", "-f", name);
            }
        }
    }

    private static String[] cat(final String[] a, final String[] b)
    {
        final String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aPortIsUnpublishedWhenItsSandboxGoesAndCanThenBeReused()
    {
        d.cliOk("run", "-d", "--name", "tmp", "--network", "pp", "-p", "8083:80", "busybox", "httpd", "-f", "-p", "80", "-h",
            www.toString());
        Await.until("tmp to serve", Duration.ofSeconds(20), () -> PAGE.equals(curl(h2, h1.underlayIp(), 8083)));
        assertTrue(h1.execOk("nft", "list", "map", "ip", "pontoon", "pub_any").contains("tcp . 8083 : "));
        d.cliOk("rm", "-f", "tmp");
        assertNull(curl(h2, h1.underlayIp(), 8083));
        assertFalse(h1.execOk("nft", "list", "map", "ip", "pontoon", "pub_any").contains("8083"), "the map element is gone");
        d.cliOk("run", "-d", "--name", "tmp2", "--network", "pp", "-p", "8083:80");
        d.cliOk("rm", "-f", "tmp2");
    }

    @Test
    void portsPublishedOnTheDefaultBridgeWorkToo()
    {
        d.cliOk("run", "-d", "--name", "dweb", "-p", "8084:80", "busybox", "httpd", "-f", "-p", "80", "-h", www.toString());
        try
        {
            Await.until("dweb to serve", Duration.ofSeconds(20), () -> PAGE.equals(curl(h2, h1.underlayIp(), 8084)));
            assertEquals(PAGE, curl(h1, "127.0.0.1", 8084));
        }
        finally
        {
            d.cliOk("rm", "-f", "dweb");
        }
    }

    private static void refused(final String error, final String... publish)
    {
        final List<String> args = new ArrayList<>(List.of("run", "-d", "--name", "clash", "--network", "pp"));
        args.addAll(List.of(publish));
        args.addAll(List.of("sleep", "3600"));
        final ExecResult r = d.cli(args.toArray(String[]::new));
        if (r.ok())
        {
            d.cli("rm", "-f", "clash");
        }
        assertEquals(1, r.exitCode(), "expected '" + error + "'\n" + r.describe());
        assertEquals(error, r.stderr().strip(), "exactly one error line");
        assertEquals("", r.stdout());
    }

    /** What {@code curl http://IP:PORT/} run in {@code h} fetches, or null when it fails. */
    static String curl(final Lab.Host h, final String ip, final int port)
    {
        final ExecResult r = h.exec("curl", "-s", "-m", "3", "http://" + ip + ":" + port + "/");
        return r.ok() ? r.stdout().strip() : null;
    }

    /** What {@code ss -Hltnu sport = :PORT} in {@code h} lists: TCP listeners and bound UDP sockets on that port. */
    private static String listeners(final Lab.Host h, final int port)
    {
        return h.execOk("ss", "-Hltnu", "sport", "=", ":" + port).strip();
    }

    private static String ip(final SandboxView s)
    {
        final String cidr = s.endpoints().get(0).ipAddress();
        return cidr.substring(0, cidr.indexOf('/'));
    }

    private static String curlIn(final SandboxView s, final String ip, final int port)
    {
        final ExecResult r = d.nsExec(s, "curl", "-s", "-m", "3", "http://" + ip + ":" + port + "/");
        return r.ok() ? r.stdout().strip() : null;
    }
}
