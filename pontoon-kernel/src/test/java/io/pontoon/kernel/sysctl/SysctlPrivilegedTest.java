// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.sysctl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.netlink.rtnl.Bridge;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netns.NetNs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sysctls written in a fresh namespace, read back with {@code nsenter --net=NS cat /proc/sys/...}. */
@Tag("privileged")
class SysctlPrivilegedTest
{
    private static final String BRIDGE_NF = "/proc/sys/net/bridge/bridge-nf-call-iptables";

    /** {@code modprobe br_netfilter} unless the host already has it (loaded or built in); failing to load fails the test. */
    @BeforeAll
    static void loadBrNetfilter() throws IOException, InterruptedException
    {
        if (Files.exists(Path.of(BRIDGE_NF)))
        {
            return;
        }
        final Process p = new ProcessBuilder("modprobe", "br_netfilter").redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), "modprobe br_netfilter: " + out);
        assertTrue(Files.exists(Path.of(BRIDGE_NF)), "br_netfilter loaded but " + BRIDGE_NF + " is missing");
    }

    private static String cat(final NetNs ns, final String procPath) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder("nsenter", "--net=" + ns.path(), "cat", procPath).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return p.exitValue() == 0 ? out : null;
    }

    @Test
    void valuesLandInTheNamespaceAndNowhereElse() throws Exception
    {
        final Path dir = Files.createTempDirectory("pt-sysctl");
        final String name = "ptsys-" + ProcessHandle.current().pid();
        try (NetNs ns = NetNs.create(dir, name))
        {
            final String rootBefore = Sysctl.get(null, Sysctl.IP_FORWARD);
            assertEquals("0", Sysctl.get(ns, Sysctl.IP_FORWARD), "a fresh namespace does not forward");
            Sysctl.ipForward(ns, true);
            assertEquals("1", cat(ns, "/proc/sys/net/ipv4/ip_forward"));
            assertEquals("1", Sysctl.get(ns, "net/ipv4/ip_forward"));
            assertEquals(rootBefore, Sysctl.get(null, Sysctl.IP_FORWARD), "the host's value is untouched");

            try (Rtnl r = Rtnl.open(ns))
            {
                r.linkAdd(Bridge.of("ptbr0"));
            }
            Sysctl.proxyArp(ns, "ptbr0", true);
            Sysctl.routeLocalnet(ns, "ptbr0", true);
            Sysctl.rpFilter(ns, "all", 2);
            final Map<String, String> many = new LinkedHashMap<>();
            many.put(Sysctl.IPV6_FORWARDING, "1");
            many.put("net.ipv4.conf.ptbr0.rp_filter", "1");
            Sysctl.setAll(ns, many);
            assertEquals("1", cat(ns, "/proc/sys/net/ipv4/conf/ptbr0/proxy_arp"));
            assertEquals("1", cat(ns, "/proc/sys/net/ipv4/conf/ptbr0/route_localnet"));
            assertEquals("2", cat(ns, "/proc/sys/net/ipv4/conf/all/rp_filter"));
            assertEquals("1", cat(ns, "/proc/sys/net/ipv6/conf/all/forwarding"));
            assertEquals("1", Sysctl.get(ns, Sysctl.deviceKey("ipv4", "ptbr0", "rp_filter")));

            final KernelException missing = assertThrows(KernelException.class,
                () -> Sysctl.proxyArp(ns, "ptnope", true));
            assertEquals(Errno.ENOENT, missing.errno());
            assertEquals("sysctl -w", missing.operation());
            assertEquals("net/ipv4/conf/ptnope/proxy_arp=1", missing.object());
            final KernelException refused = assertThrows(KernelException.class,
                () -> Sysctl.set(ns, Sysctl.IP_FORWARD, "banana"));
            assertEquals(Errno.EINVAL, refused.errno(), refused.getMessage());

            final KernelException bridgeKey = assertThrows(KernelException.class,
                () -> Sysctl.set(ns, "net.bridge.no-such-key", "1"));
            assertTrue(bridgeKey.getMessage().contains("br_netfilter"), bridgeKey.getMessage());

            // br_netfilter's sysctls are per namespace (kernel >= 5.3); dev/setup loads the module
            final String rootBridgeNf = Sysctl.get(null, Sysctl.BRIDGE_NF_CALL_IPTABLES);
            final boolean flip = !"1".equals(rootBridgeNf);
            Sysctl.bridgeNfCallIptables(ns, flip);
            assertEquals(flip ? "1" : "0", cat(ns, BRIDGE_NF));
            Sysctl.bridgeNfCallIptables(ns, !flip);
            assertEquals(flip ? "0" : "1", Sysctl.get(ns, Sysctl.BRIDGE_NF_CALL_IPTABLES));
            Sysctl.bridgeNfCallIptables(ns, flip);
            assertEquals(flip ? "1" : "0", Sysctl.get(ns, Sysctl.BRIDGE_NF_CALL_IPTABLES));
            assertEquals(rootBridgeNf, Sysctl.get(null, Sysctl.BRIDGE_NF_CALL_IPTABLES), "the host's value is untouched");
        }
        finally
        {
            NetNs.delete(dir, name);
            Files.deleteIfExists(dir);
        }
    }
}
