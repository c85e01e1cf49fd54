// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.NetworkView;
import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.HostState;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predefined {@code bridge} network's subnet in a fresh host: without a flag, the first
 * Docker default pool (172.17.0.0/16, 172.18.0.0/16, ...) that overlaps no route the host already
 * has, blackhole routes included; with {@code --default-bridge-subnet}, exactly that. Either way
 * the bridge {@code pontoon0} carries the gateway and a sandbox on it reaches the gateway.
 */
@Privileged
@LabHosts(count = 2)
class DefaultBridgeIT
{
    @Test
    void theDefaultSubnetAvoidsTheHostsRoutesBlackholesIncluded(final Lab lab)
    {
        final Lab.Host h1 = lab.host("h1");
        h1.execOk("ip", "route", "add", "172.17.0.0/16", "dev", "eth0");
        h1.execOk("ip", "route", "add", "blackhole", "172.18.0.0/16");
        try (PontoonDaemon d = PontoonDaemon.start(h1))
        {
            expectBridge(d, "172.19.0.0/16", "172.19.0.1");
            assertEquals(List.of("172.17.0.0/16 dev eth0 scope link", "blackhole 172.18.0.0/16"),
                h1.execOk("ip", "-4", "route", "show").lines().map(String::strip)
                    .filter(l -> l.contains("172.17.") || l.contains("172.18.")).toList(),
                "the host's own routes are left alone");
        }
    }

    @Test
    void theFlagSetsTheSubnet(final Lab lab)
    {
        try (PontoonDaemon d = PontoonDaemon.start(lab.host("h2"), "--default-bridge-subnet", "10.200.250.0/24"))
        {
            expectBridge(d, "10.200.250.0/24", "10.200.250.1");
            assertTrue(d.host().execOk("ip", "-4", "route", "show").lines().noneMatch(l -> l.startsWith("172.17.")),
                "nothing on 172.17.0.0/16");
        }
    }

    @Test
    void aChangedFlagMovesTheDefaultBridgeUnlessSandboxesAreOnIt(final Lab lab)
    {
        try (PontoonDaemon d = PontoonDaemon.start(lab.host("h1"), "--default-bridge-subnet", "10.200.251.0/24"))
        {
            expectBridge(d, "10.200.251.0/24", "10.200.251.1");
            d.restart("--default-bridge-subnet", "10.200.252.0/24");
            expectBridge(d, "10.200.252.0/24", "10.200.252.1");
            assertEquals(List.of("10.200.252.1/24"), addresses(d.host(), "pontoon0"), "the old gateway is gone");
            assertFalse(d.host().execOk("nft", "list", "ruleset").contains("10.200.251."), "no rule for the old subnet");
            assertTrue(HostState.store(d).stream().noneMatch(l -> l.contains("10.200.251.")), "no pool or address of it");

            d.cliOk("run", "-d", "--name", "stay", "sleep", "3600");
            d.restart("--default-bridge-subnet", "10.200.253.0/24");
            assertEquals("10.200.252.0/24", d.network("bridge").subnet(), "a sandbox on it keeps the bridge where it is");
            assertTrue(d.log().contains("--default-bridge-subnet 10.200.253.0/24 is not applied"), "and the log says so");
            assertTrue(Ping.reaches(d, d.inspect("stay"), "10.200.252.1"), "the sandbox still reaches its gateway");
            d.cliOk("rm", "-f", "stay");
        }
    }

    private static void expectBridge(final PontoonDaemon d, final String subnet, final String gateway)
    {
        final NetworkView bridge = d.network("bridge");
        assertEquals(subnet, bridge.subnet());
        assertEquals(gateway, bridge.gateway());
        final String prefix = subnet.substring(subnet.indexOf('/'));
        d.cliOk("run", "-d", "--name", "s1", "sleep", "3600");
        assertEquals(List.of(gateway + prefix), addresses(d.host(), "pontoon0"), "the bridge carries the gateway");
        final SandboxView s1 = d.inspect("s1");
        assertEquals("bridge", s1.endpoints().get(0).network());
        final String ip = s1.endpoints().get(0).ipAddress();
        assertTrue(ip.endsWith(prefix) && !ip.startsWith(gateway + "/"), ip);
        assertTrue(Ping.reaches(d, s1, gateway), "sandbox -> gateway");
        d.cliOk("rm", "-f", "s1");
    }

    /** {@code ip -o -4 addr show dev DEV}: the addresses with their lengths. */
    static List<String> addresses(final Lab.Host h, final String dev)
    {
        return h.execOk("ip", "-o", "-4", "addr", "show", "dev", dev).lines().map(l -> l.trim().split("\\s+")[3]).toList();
    }
}
