// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

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
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docker's bridge driver options, with real packets: {@code enable_icc=false},
 * {@code driver.mtu}, {@code bridge.name} and {@code enable_ip_masquerade=false}. The daemon runs
 * in h1; h2 is the outside.
 */
@Privileged
@LabHosts(count = 2)
class BridgeOptionsIT
{
    private static Lab.Host h1;
    private static Lab.Host h2;
    private static PontoonDaemon d;

    @BeforeAll
    static void up(final Lab lab)
    {
        h1 = lab.host("h1");
        h2 = lab.host("h2");
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
    void iccFalseBlocksSandboxToSandboxButNotTheGatewayOrTheOutside() throws Exception
    {
        d.cliOk("network", "create", "--subnet", "10.200.7.0/24", "-o", "com.docker.network.bridge.enable_icc=false", "i1");
        assertEquals(Map.of("com.docker.network.bridge.enable_icc", "false"), d.network("i1").options());
        d.cliOk("run", "-d", "--name", "ia", "--network", "i1", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "ib", "--network", "i1", "-p", "8090:7004", "sleep", "3600");
        final SandboxView ia = d.inspect("ia");
        final SandboxView ib = d.inspect("ib");
        assertTrue(Ping.blocked(d, ia, "10.200.7.3"), "ia -> ib blocked");
        assertTrue(Ping.blocked(d, ib, "10.200.7.2"), "ib -> ia blocked");
        assertTrue(Ping.reaches(d, ia, "10.200.7.1"), "ia -> gateway");
        assertTrue(Ping.reaches(d, ib, "10.200.7.1"), "ib -> gateway");
        assertTrue(Ping.reaches(d, ia, h2.underlayIp()), "ia -> outside");
        try (TcpServer s = TcpServer.serve(d.inSandbox(ib, ServerSocketChannel::open), 7004, "ib"))
        {
            assertTrue(Tcp.blocked(d.inSandbox(ia, SocketChannel::open), "10.200.7.3", 7004), "no TCP between sandboxes either");
            assertEquals("ib", Tcp.banner(h2.call(SocketChannel::open), h1.underlayIp(), 8090),
                "a published port of an icc=false sandbox is reachable from outside");
            assertEquals(h2.underlayIp(), s.nextPeer(Duration.ofSeconds(2)).getHostAddress(),
                "the sandbox sees the outside client's own address");
        }
        d.cliOk("rm", "-f", "ia", "ib");
        d.cliOk("network", "rm", "i1");
    }

    @Test
    void mtuOptionSetsTheBridgeAndBothEndsOfEveryVeth()
    {
        final String id = d.cliOk("network", "create", "--subnet", "10.200.8.0/24", "-o", "com.docker.network.driver.mtu=1400",
            "mt");
        d.cliOk("run", "-d", "--name", "mta", "--network", "mt", "sleep", "3600");
        final SandboxView s = d.inspect("mta");
        assertTrue(d.nsExec(s, "ip", "link", "show", "eth0").stdout().contains(" mtu 1400 "), "mtu inside the sandbox");
        final String bridge = "pt-" + id.substring(0, 12);
        final List<String> links = HostState.links(h1);
        assertTrue(links.contains(bridge + " mtu 1400"), "bridge mtu: " + links);
        assertTrue(links.stream().anyMatch(l -> l.matches("ptv[0-9a-f]{12} mtu 1400 master " + bridge)), "host end mtu: " + links);
        assertTrue(d.exec("mta", "ping", "-c1", "-W2", "-M", "do", "-s", "1372", "10.200.8.1").ok(), "1400-byte packets pass");
        assertFalse(d.exec("mta", "ping", "-c1", "-W2", "-M", "do", "-s", "1373", "10.200.8.1").ok(), "1401 bytes do not fit");
        d.cliOk("rm", "-f", "mta");
        d.cliOk("network", "rm", "mt");
    }

    @Test
    void bridgeNameOptionNamesTheBridge()
    {
        d.cliOk("network", "create", "--subnet", "10.200.9.0/24", "-o", "com.docker.network.bridge.name=mybr0", "named");
        assertTrue(h1.execOk("ip", "-d", "link", "show", "mybr0").contains("bridge "), "mybr0 is a bridge");
        assertTrue(h1.execOk("ip", "-o", "addr", "show", "dev", "mybr0").contains("inet 10.200.9.1/24"));
        d.cliOk("run", "-d", "--name", "nb", "--network", "named", "sleep", "3600");
        assertTrue(HostState.links(h1).stream().anyMatch(l -> l.startsWith("ptv") && l.endsWith("master mybr0")));
        assertTrue(Ping.reaches(d, d.inspect("nb"), "10.200.9.1"));
        assertTrue(h1.execOk("nft", "list", "ruleset").contains("\"mybr0\""), "the rules name the bridge");
        d.cliOk("rm", "-f", "nb");
        d.cliOk("network", "rm", "named");
        assertFalse(h1.exec("ip", "link", "show", "mybr0").ok(), "mybr0 removed with its network");
    }

    @Test
    void masqueradeFalseLetsTheOutsideSeeTheSandboxAddress() throws Exception
    {
        d.cliOk("network", "create", "--subnet", "10.200.10.0/24", "-o", "com.docker.network.bridge.enable_ip_masquerade=false",
            "nomasq");
        d.cliOk("network", "create", "--subnet", "10.200.11.0/24", "masq");
        d.cliOk("run", "-d", "--name", "nm", "--network", "nomasq", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "ms", "--network", "masq", "sleep", "3600");
        // the outside needs a route back to the unmasqueraded subnet
        h2.execOk("ip", "route", "add", "10.200.10.0/24", "via", h1.underlayIp());
        try (TcpServer outside = TcpServer.serve(h2.call(ServerSocketChannel::open), 7005, "h2"))
        {
            assertEquals("h2", Tcp.banner(d.inSandbox(d.inspect("nm"), SocketChannel::open), h2.underlayIp(), 7005));
            assertEquals("10.200.10.2", outside.nextPeer(Duration.ofSeconds(2)).getHostAddress(), "not masqueraded");
            assertEquals("h2", Tcp.banner(d.inSandbox(d.inspect("ms"), SocketChannel::open), h2.underlayIp(), 7005));
            assertEquals(h1.underlayIp(), outside.nextPeer(Duration.ofSeconds(2)).getHostAddress(),
                "the other network is still masqueraded");
        }
        finally
        {
            h2.execOk("ip", "route", "del", "10.200.10.0/24");
        }
        d.cliOk("rm", "-f", "nm", "ms");
        d.cliOk("network", "rm", "nomasq", "masq");
    }
}
