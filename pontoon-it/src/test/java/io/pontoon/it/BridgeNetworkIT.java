// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.EndpointView;
import io.pontoon.api.rest.NetworkView;
import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.HostState;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge driver end to end, through the real daemon and CLI in lab host h1 (h2 is "the
 * outside", on the same underlay /24): IPAM, the bridge and veths, the default route, ping
 * between sandboxes, live connect/disconnect, and cleanup on rm.
 */
@Privileged
@LabHosts(count = 2)
class BridgeNetworkIT
{
    private static Lab.Host h1;
    private static PontoonDaemon d;

    @BeforeAll
    static void up(final Lab lab)
    {
        h1 = lab.host("h1");
        d = PontoonDaemon.start(h1);
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
    void theGatewaysMacIsTheBridgesOwnAndStaysWhileEndpointsComeAndGo()
    {
        final String id = d.cliOk("network", "create", "--subnet", "10.200.9.0/24", "nmac");
        final String bridge = "pt-" + id.substring(0, 12);
        final String gwMac = "02:42:0a:c8:09:01";
        assertEquals(gwMac, bridgeMac(bridge), "the bridge's MAC is derived from its gateway address");
        // a bridge without a MAC of its own takes its lowest port's: b2's (…:03) once a2 (…:02) leaves
        d.cliOk("run", "-d", "--name", "a2", "--network", "nmac", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "b2", "--network", "nmac", "sleep", "3600");
        assertEquals(gwMac, bridgeMac(bridge));
        assertTrue(d.exec("b2", "ping", "-c1", "-W2", "10.200.9.1").ok(), "b2 -> gateway");
        d.cliOk("rm", "-f", "a2");
        assertEquals(gwMac, bridgeMac(bridge), "the gateway MAC the sandboxes learnt stays valid");
        assertTrue(d.exec("b2", "ip", "neigh", "show", "10.200.9.1").stdout().contains(gwMac),
            "b2 resolved the gateway to the bridge's MAC");
        assertTrue(d.exec("b2", "ping", "-c1", "-W2", "10.200.9.1").ok(), "b2 -> gateway after a2 left");
        d.cliOk("rm", "-f", "b2");
        d.cliOk("network", "rm", "nmac");
    }

    private static String bridgeMac(final String bridge)
    {
        final String out = h1.execOk("ip", "-o", "link", "show", "dev", bridge);
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("link/ether (\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void sandboxesOnANetworkGetAddressesInOrderAndReachEachOtherAndTheGateway()
    {
        final String id = d.cliOk("network", "create", "--subnet", "10.200.1.0/24", "n1");
        assertTrue(id.matches("[0-9a-f]{64}"), "network create prints the full id: " + id);
        d.cliOk("run", "-d", "--name", "a1", "--network", "n1", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "b1", "--network", "n1", "sleep", "3600");
        final SandboxView a = d.inspect("a1");
        final SandboxView b = d.inspect("b1");
        assertEquals("running", a.state());
        final EndpointView ea = a.endpoints().get(0);
        assertEquals(List.of("eth0", "10.200.1.2/24", "10.200.1.1", "02:42:0a:c8:01:02"),
            List.of(ea.iface(), ea.ipAddress(), ea.gateway(), ea.macAddress()));
        assertEquals("10.200.1.3/24", b.endpoints().get(0).ipAddress());

        assertTrue(d.exec("a1", "ping", "-c1", "-W2", "10.200.1.3").ok(), "a1 -> b1");
        assertTrue(d.exec("b1", "ping", "-c1", "-W2", "10.200.1.2").ok(), "b1 -> a1");
        assertTrue(d.exec("a1", "ping", "-c1", "-W2", "10.200.1.1").ok(), "a1 -> gateway");
        assertTrue(d.nsExec(a, "ip", "route").stdout().contains("default via 10.200.1.1 dev eth0"));
        assertTrue(d.nsExec(a, "ip", "-o", "addr", "show", "eth0").stdout().contains("inet 10.200.1.2/24"));

        final String bridge = "pt-" + id.substring(0, 12);
        assertTrue(h1.execOk("ip", "-o", "addr", "show", "dev", bridge).contains("inet 10.200.1.1/24"), "gateway on " + bridge);
        final List<String> ports = HostState.links(h1).stream().filter(l -> l.contains("master " + bridge)).toList();
        assertEquals(2, ports.size(), "two veths on the bridge: " + ports);
        assertTrue(ports.stream().allMatch(l -> l.matches("ptv[0-9a-f]{12} .*master " + bridge)), ports.toString());

        final NetworkView n = d.network("n1");
        assertEquals(List.of("a1", "b1"), n.endpoints().stream().map(e -> e.sandboxName()).toList());
        final String row = id.substring(0, 12) + "\\s+n1\\s+bridge\\s+local\\s+10\\.200\\.1\\.0/24";
        assertTrue(d.cliOk("network", "ls").lines().anyMatch(l -> l.matches(row)),
            d.cliOk("network", "ls"));

        assertEquals("a1\nb1", d.cliOk("rm", "-f", "a1", "b1"));
        assertFalse(HostState.links(h1).stream().anyMatch(l -> l.contains("master " + bridge)), "veths removed with the sandboxes");
        assertEquals(List.of(), d.network("n1").endpoints());
        assertEquals("n1", d.cliOk("network", "rm", "n1"));
        assertFalse(h1.exec("ip", "link", "show", bridge).ok(), "bridge removed with the network");
        assertFalse(h1.execOk("nft", "list", "ruleset").contains(id.substring(0, 12)), "the network's chains are gone");
    }
    @Test
    void ipRangeAndGatewayAreHonouredAndAnExplicitIpMayLieOutsideTheRange()
    {
        d.cliOk("network", "create", "--subnet", "10.200.2.0/24", "--ip-range", "10.200.2.128/25", "--gateway", "10.200.2.254",
            "n2");
        final NetworkView n = d.network("n2");
        assertEquals(List.of("10.200.2.0/24", "10.200.2.254", "10.200.2.128/25"), List.of(n.subnet(), n.gateway(), n.ipRange()));
        assertTrue(h1.execOk("ip", "-o", "addr").contains("inet 10.200.2.254/24"), "gateway address on the bridge");
        d.cliOk("run", "-d", "--name", "r1", "--network", "n2", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "r2", "--network", "n2", "--ip", "10.200.2.10", "sleep", "3600");
        final SandboxView r1 = d.inspect("r1");
        final String ip1 = r1.endpoints().get(0).ipAddress();
        final int last = Integer.parseInt(ip1.substring("10.200.2.".length(), ip1.indexOf('/')));
        assertTrue(last >= 128 && last < 254, "dynamic address inside the ip-range: " + ip1);
        assertEquals("10.200.2.10/24", d.inspect("r2").endpoints().get(0).ipAddress());
        assertTrue(d.nsExec(r1, "ip", "route").stdout().contains("default via 10.200.2.254 dev eth0"));
        assertTrue(d.exec("r1", "ping", "-c1", "-W2", "10.200.2.10").ok(), "r1 -> r2");
        assertTrue(d.exec("r2", "ping", "-c1", "-W2", "10.200.2.254").ok(), "r2 -> gateway");
        d.cliOk("rm", "-f", "r1", "r2");
        d.cliOk("network", "rm", "n2");
    }

    @Test
    void connectAndDisconnectChangeInterfacesLiveAndTheDefaultRouteFollowsTheFirstNetwork()
    {
        d.cliOk("network", "create", "--subnet", "10.200.3.0/24", "c1");
        d.cliOk("network", "create", "--subnet", "10.200.4.0/24", "c2");
        d.cliOk("run", "-d", "--name", "x", "--network", "c1", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "y", "--network", "c2", "sleep", "3600");
        final SandboxView x = d.inspect("x");
        assertTrue(Ping.blocked(d, x, "10.200.4.2"), "c1 and c2 are isolated before connect");

        assertEquals("", d.cliOk("network", "connect", "c2", "x"));
        final SandboxView x2 = d.inspect("x");
        assertEquals(List.of("c1 eth0 10.200.3.2/24", "c2 eth1 10.200.4.3/24"),
            x2.endpoints().stream().map(e -> e.network() + " " + e.iface() + " " + e.ipAddress()).toList());
        assertTrue(d.nsExec(x, "ip", "-o", "addr", "show", "eth1").stdout().contains("inet 10.200.4.3/24"));
        assertTrue(Ping.reaches(d, x, "10.200.4.2"), "x reaches y through its new eth1");
        assertTrue(d.nsExec(x, "ip", "route").stdout().contains("default via 10.200.3.1 dev eth0"), "default route stays on c1");

        assertEquals("", d.cliOk("network", "disconnect", "c2", "x"));
        assertFalse(d.nsExec(x, "ip", "link", "show", "eth1").ok(), "eth1 removed");
        assertTrue(Ping.blocked(d, x, "10.200.4.2"), "x no longer reaches y");
        assertEquals(1, d.inspect("x").endpoints().size());

        d.cliOk("network", "connect", "--ip", "10.200.4.77", "--alias", "db", "--alias", "db-primary", "c2", "x");
        assertTrue(d.nsExec(x, "ip", "-o", "addr", "show", "eth1").stdout().contains("inet 10.200.4.77/24"), "--ip honoured");
        assertEquals(List.of("db", "db-primary"), d.inspect("x").endpoints().stream().filter(e -> e.network().equals("c2"))
            .findFirst().orElseThrow().aliases(), "--alias kept on the endpoint (inspect)");
        assertTrue(d.cliOk("network", "inspect", "c2").contains("\"db-primary\""), "and in network inspect");
        assertTrue(d.cli("network", "connect", "--alias", "bad alias", "c1", "y").stderr().contains("alias"),
            "an alias that is not a name is refused");
        d.cliOk("network", "disconnect", "c1", "x");
        assertFalse(d.nsExec(x, "ip", "link", "show", "eth0").ok(), "eth0 removed");
        assertTrue(d.nsExec(x, "ip", "route").stdout().contains("default via 10.200.4.1 dev eth1"),
            "the default route moved to the remaining network: " + d.nsExec(x, "ip", "route").stdout());
        assertTrue(Ping.reaches(d, x, "10.200.4.1"), "x reaches c2's gateway");
        d.cliOk("network", "connect", "c1", "x");
        assertEquals("eth0", d.inspect("x").endpoints().stream().filter(e -> e.network().equals("c1")).findFirst().orElseThrow()
            .iface(), "the smallest free ethN is reused");
        assertTrue(Ping.reaches(d, x, "10.200.3.1"), "x reaches c1's gateway again");

        d.cliOk("rm", "-f", "x", "y");
        d.cliOk("network", "rm", "c1", "c2");
    }

    @Test
    void trafficLeavingTheHostIsMasqueradedButTrafficBetweenSandboxesAndToTheHostIsNot() throws Exception
    {
        final Lab.Host h2 = h1.lab().host("h2");
        d.cliOk("network", "create", "--subnet", "10.200.5.0/24", "m1");
        d.cliOk("run", "-d", "--name", "m", "--network", "m1", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "m2", "--network", "m1", "sleep", "3600");
        final SandboxView m = d.inspect("m");
        final SandboxView m2 = d.inspect("m2");
        try (TcpServer outside = TcpServer.serve(h2.call(ServerSocketChannel::open), 7001, "h2");
             TcpServer peer = TcpServer.serve(d.inSandbox(m2, ServerSocketChannel::open), 7002, "m2");
             TcpServer host = TcpServer.serve(h1.call(ServerSocketChannel::open), 7003, "h1"))
        {
            assertEquals("h2", Tcp.banner(d.inSandbox(m, SocketChannel::open), h2.underlayIp(), 7001));
            assertEquals(h1.underlayIp(), outside.nextPeer(Duration.ofSeconds(2)).getHostAddress(),
                "the outside sees the host's address");
            assertEquals("m2", Tcp.banner(d.inSandbox(m, SocketChannel::open), "10.200.5.3", 7002));
            assertEquals("10.200.5.2", peer.nextPeer(Duration.ofSeconds(2)).getHostAddress(),
                "a sandbox sees the other sandbox's own address");
            assertEquals("h1", Tcp.banner(d.inSandbox(m, SocketChannel::open), "10.200.5.1", 7003));
            assertEquals("10.200.5.2", host.nextPeer(Duration.ofSeconds(2)).getHostAddress(),
                "the host sees the sandbox's own address");
            assertEquals("h1", Tcp.banner(d.inSandbox(m, SocketChannel::open), h1.underlayIp(), 7003));
            assertEquals("10.200.5.2", host.nextPeer(Duration.ofSeconds(2)).getHostAddress(),
                "the host sees the sandbox's own address on its underlay address too");
        }
        assertTrue(Ping.reaches(d, m, h2.underlayIp()), "ping to the outside");
        d.cliOk("rm", "-f", "m", "m2");
        d.cliOk("network", "rm", "m1");
    }

    @Test
    void theDefaultBridgeNetworkWorksLikeAUserNetwork()
    {
        final NetworkView bridge = d.network("bridge");
        assertEquals("172.17.0.0/16", bridge.subnet());
        d.cliOk("run", "-d", "--name", "dflt1", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "dflt2", "--network", "bridge", "sleep", "3600");
        final SandboxView s1 = d.inspect("dflt1");
        assertEquals("bridge", s1.mode());
        assertEquals("bridge", s1.endpoints().get(0).network());
        assertTrue(HostState.links(h1).stream().anyMatch(l -> l.startsWith("ptv") && l.endsWith("master pontoon0")));
        final String ip2 = d.inspect("dflt2").endpoints().get(0).ipAddress();
        assertTrue(Ping.reaches(d, s1, ip2.substring(0, ip2.indexOf('/'))), "dflt1 -> dflt2");
        assertTrue(Ping.reaches(d, s1, h1.lab().host("h2").underlayIp()), "dflt1 -> outside");
        d.cliOk("rm", "-f", "dflt1", "dflt2");
    }
}
