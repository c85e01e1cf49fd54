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
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a starting daemon rebuilds when someone deleted Pontoon's kernel objects while it was
 * stopped: a network's bridge, Pontoon's nft tables, a sandbox's host-side veth (which takes the
 * sandbox's end with it). After the start the host is exactly as before the stop ({@link
 * HostState}: links, addresses, routes, the nft ruleset line for line, so no rule is doubled, the
 * store, each sandbox's addresses and routes), and traffic works again: between sandboxes, to the
 * gateway, out through masquerade, and in through a published port.
 */
@Privileged
@LabHosts(count = 2)
class RebuildIT
{
    @Test
    void aDeletedBridgeNftTableAndVethAreRebuiltOnStart(final Lab lab) throws Exception
    {
        final Lab.Host h1 = lab.host("h1");
        final Lab.Host h2 = lab.host("h2");
        try (PontoonDaemon d = PontoonDaemon.start(h1))
        {
            d.cliOk("network", "create", "--subnet", "10.200.84.0/24", "rb");
            d.cliOk("run", "-d", "--name", "web", "--network", "rb", "-p", "8084:80", "sleep", "3600");
            d.cliOk("run", "-d", "--name", "cli", "--network", "rb", "sleep", "3600");
            d.cliOk("run", "-d", "--name", "dflt", "sleep", "3600");
            final SandboxView cli = d.inspect("cli");
            final String cliVeth = "ptv" + cli.endpoints().get(0).endpointId().substring(0, 12);
            final String cliLink = HostState.links(h1).stream().filter(l -> l.startsWith(cliVeth + " ") && l.contains(" master ")).findFirst()
                .orElseThrow(() -> new AssertionError(cliVeth + " on a bridge: " + HostState.links(h1)));
            final String rbBridge = cliLink.substring(cliLink.indexOf(" master ") + 8).split(" ")[0];
            assertTrue(rbBridge.startsWith("pt-"), cliLink);
            traffic(d, h1, h2);
            final HostState before = HostState.of(d);
            d.stop();

            h1.execOk("ip", "link", "del", rbBridge);
            for (final String family : List.of("ip", "bridge"))
            {
                if (h1.exec("nft", "list", "table", family, "pontoon").ok())
                {
                    h1.execOk("nft", "delete", "table", family, "pontoon");
                }
            }
            h1.execOk("ip", "link", "del", cliVeth);
            assertFalse(h1.execOk("nft", "list", "ruleset").contains("pontoon"), "no Pontoon table left");
            assertTrue(Ping.blocked(d, cli, "10.200.84.1"), "cli lost its link");

            d.restart();
            assertEquals("", before.diff(HostState.of(d)), "the start rebuilt everything, once\n" + d.log());
            assertEquals(List.of(), Consistency.problems(d));
            traffic(d, h1, h2);
        }
    }

    /** Sandbox to sandbox, to the gateway, to the outside, and from the outside to a published port. */
    private static void traffic(final PontoonDaemon d, final Lab.Host h1, final Lab.Host h2) throws Exception
    {
        final SandboxView web = d.inspect("web");
        final SandboxView cli = d.inspect("cli");
        final SandboxView dflt = d.inspect("dflt");
        final String webIp = web.endpoints().get(0).ipAddress().split("/")[0];
        assertTrue(Ping.reaches(d, cli, webIp), "cli -> web");
        assertTrue(Ping.reaches(d, cli, "10.200.84.1"), "cli -> gateway");
        assertTrue(Ping.reaches(d, cli, h2.underlayIp()), "cli -> outside (masquerade)");
        assertTrue(Ping.reaches(d, dflt, h2.underlayIp()), "dflt -> outside on the default bridge");
        final TcpServer server = TcpServer.serve(d.inSandbox(web, ServerSocketChannel::open), 80, "web");
        try
        {
            assertEquals("web", Tcp.banner(h2.call(SocketChannel::open), h1.underlayIp(), 8084), "outside -> published port");
        }
        finally
        {
            server.close();
        }
    }
}
