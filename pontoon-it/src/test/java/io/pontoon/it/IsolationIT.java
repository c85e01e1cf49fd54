// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.SandboxView;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Isolation with real packets: two user networks, the default bridge and an internal network
 * on one daemon (h1), h2 outside. Every negative is paired with a positive from the same
 * sandbox, so a "blocked" result cannot come from a sandbox that simply has no network.
 */
@Privileged
@LabHosts(count = 2)
class IsolationIT
{
    private static Lab.Host h1;
    private static Lab.Host h2;
    private static PontoonDaemon d;
    private static SandboxView a;
    private static SandboxView b;
    private static SandboxView dflt;
    private static SandboxView in1;
    private static SandboxView in2;

    @BeforeAll
    static void up(final Lab lab)
    {
        h1 = lab.host("h1");
        h2 = lab.host("h2");
        d = PontoonDaemon.start(h1);
        d.cliOk("network", "create", "--subnet", "10.200.30.0/24", "na");
        d.cliOk("network", "create", "--subnet", "10.200.31.0/24", "nb");
        d.cliOk("network", "create", "--internal", "--subnet", "10.200.32.0/24", "inside");
        d.cliOk("run", "-d", "--name", "a", "--network", "na", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "b", "--network", "nb", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "dflt", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "in1", "--network", "inside", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "in2", "--network", "inside", "sleep", "3600");
        a = d.inspect("a");
        b = d.inspect("b");
        dflt = d.inspect("dflt");
        in1 = d.inspect("in1");
        in2 = d.inspect("in2");
    }

    @AfterAll
    static void down()
    {
        if (d != null)
        {
            d.close();
        }
    }

    @Test
    void userNetworksAreIsolatedFromEachOtherBothWays() throws Exception
    {
        assertTrue(Ping.reaches(d, a, "10.200.30.1") && Ping.reaches(d, b, "10.200.31.1"), "each reaches its own gateway");
        assertTrue(Ping.reaches(d, a, h2.underlayIp()) && Ping.reaches(d, b, h2.underlayIp()), "each reaches the outside");
        assertTrue(Ping.blocked(d, a, ip(b)), "na -> nb");
        assertTrue(Ping.blocked(d, b, ip(a)), "nb -> na");
        try (TcpServer sb = TcpServer.serve(d.inSandbox(b, ServerSocketChannel::open), 7010, "b");
             TcpServer sa = TcpServer.serve(d.inSandbox(a, ServerSocketChannel::open), 7010, "a"))
        {
            assertTrue(Tcp.blocked(d.inSandbox(a, SocketChannel::open), ip(b), 7010), "no TCP na -> nb");
            assertTrue(Tcp.blocked(d.inSandbox(b, SocketChannel::open), ip(a), 7010), "no TCP nb -> na");
            assertEquals("b", Tcp.banner(d.inSandbox(b, SocketChannel::open), "127.0.0.1", 7010), "b's server is up");
            assertEquals("a", Tcp.banner(d.inSandbox(a, SocketChannel::open), "127.0.0.1", 7010), "a's server is up");
            assertTrue(sa.nextPeer(Duration.ofSeconds(1)).isLoopbackAddress());
            assertTrue(sb.nextPeer(Duration.ofSeconds(1)).isLoopbackAddress());
        }
    }

    @Test
    void userNetworksAndTheDefaultBridgeAreIsolatedBothWays()
    {
        assertTrue(Ping.reaches(d, dflt, "172.17.0.1") && Ping.reaches(d, dflt, h2.underlayIp()), "dflt has a working network");
        assertTrue(Ping.blocked(d, a, ip(dflt)), "na -> bridge");
        assertTrue(Ping.blocked(d, dflt, ip(a)), "bridge -> na");
        assertTrue(Ping.blocked(d, b, ip(dflt)), "nb -> bridge");
        assertTrue(Ping.blocked(d, dflt, ip(b)), "bridge -> nb");
    }

    @Test
    void sandboxesAreNotReachableFromOutsideExceptThroughPublishedPorts()
    {
        h2.execOk("ip", "route", "add", "10.200.30.0/24", "via", h1.underlayIp());
        try
        {
            assertTrue(Ping.blocked(h2, ip(a)), "h2 -> a's address, routed through h1");
        }
        finally
        {
            h2.execOk("ip", "route", "del", "10.200.30.0/24");
        }
    }

    @Test
    void anInternalNetworkTalksOnlyToItself()
    {
        assertTrue(Ping.reaches(d, in1, ip(in2)) && Ping.reaches(d, in2, ip(in1)), "in1 <-> in2");
        assertEquals(null, in1.endpoints().get(0).gateway(), "no gateway is reported for an internal network");
        assertFalse(d.nsExec(in1, "ip", "route").stdout().contains("default"), "no default route");
        assertTrue(Ping.blocked(d, in1, h2.underlayIp()), "internal -> outside");
        assertTrue(Ping.blocked(d, in1, ip(a)), "internal -> another network");
        assertTrue(Ping.blocked(d, a, ip(in1)), "another network -> internal");
        assertTrue(Ping.blocked(d, dflt, ip(in1)), "default bridge -> internal");
    }

    /**
     * The bridges have {@code route_localnet=1} (replies to the host's own connections to a port
     * published on 127.0.0.1 need it), so a sandbox that sends to 127.0.0.1 with its gateway's MAC
     * would reach services the host binds to loopback only, were 127.0.0.0/8 not dropped from
     * anything but {@code lo}. The same rewriting towards the gateway address reaches a server on
     * all addresses, so the path works.
     */
    @Test
    void aSandboxCannotReachTheHostsLoopbackThroughItsGateway() throws Exception
    {
        try (TcpServer _ = TcpServer.serve(h1.call(ServerSocketChannel::open),
                 new InetSocketAddress(IpPrefix.Ip.parse("127.0.0.1"), 7030), "loopback only");
             TcpServer _ = TcpServer.serve(h1.call(ServerSocketChannel::open), 7031, "any address");
             WireRewrite _ = WireRewrite.open(d, a, "10.200.30.1", "198.19.255.4", "10.200.30.1", 7031);
             WireRewrite _ = WireRewrite.open(d, a, "10.200.30.1", "198.19.255.3", "127.0.0.1", 7030))
        {
            assertEquals("loopback only", Tcp.banner(h1.call(SocketChannel::open), "127.0.0.1", 7030), "h1's own server is up");
            assertEquals("any address", Tcp.banner(d.inSandbox(a, SocketChannel::open), "198.19.255.4", 7031),
                "a through the rewriting, to the gateway address");
            assertTrue(Tcp.blocked(d.inSandbox(a, SocketChannel::open), "198.19.255.3", 7030),
                "a reached h1's 127.0.0.1-only server by sending to 127.0.0.1 through its gateway");
        }
    }

    /**
     * h2 routes the internal subnet back through h1 and runs a TCP server that a sandbox of an
     * ordinary network reaches, so a reply could come back and something listens: only h1's drop
     * can stop the internal sandbox.
     */
    @Test
    void anInternalNetworkHasNoWayOutEvenWithARouteAddedByHand() throws Exception
    {
        h2.execOk("ip", "route", "add", "10.200.32.0/24", "via", h1.underlayIp());
        d.nsExec(in2, "ip", "route", "add", "default", "via", "10.200.32.1");
        try (TcpServer onH2 = TcpServer.serve(h2.call(ServerSocketChannel::open), 7022, "h2"))
        {
            assertEquals("h2", Tcp.banner(d.inSandbox(a, SocketChannel::open), h2.underlayIp(), 7022), "h2's server answers na");
            assertEquals(IpPrefix.Ip.parse(h1.underlayIp()), onH2.nextPeer(Duration.ofSeconds(1)), "na's connection, masqueraded");
            assertTrue(Ping.blocked(d, in2, h2.underlayIp()), "internal -> outside with a default route");
            assertTrue(Ping.blocked(d, in2, ip(a)), "internal -> another network with a default route");
            assertTrue(Ping.blocked(d, in2, ip(dflt)), "internal -> default bridge with a default route");
            assertTrue(Tcp.blocked(d.inSandbox(in2, SocketChannel::open), h2.underlayIp(), 7022), "no TCP out either");
            assertTrue(Ping.blocked(h2, ip(in1)), "outside -> internal, routed through h1");
            assertNull(onH2.nextPeer(Duration.ofMillis(100)), "no connection from the internal network reached h2");
        }
        finally
        {
            d.nsExec(in2, "ip", "route", "del", "default");
            h2.execOk("ip", "route", "del", "10.200.32.0/24");
        }
    }

    private static String ip(final SandboxView s)
    {
        final String cidr = s.endpoints().get(0).ipAddress();
        return cidr.substring(0, cidr.indexOf('/'));
    }
}
