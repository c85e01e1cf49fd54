// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.sysctl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SysctlTest
{
    @Test
    void keysMapToProcSysPaths()
    {
        assertEquals("/proc/sys/net/ipv4/ip_forward", Sysctl.path("net.ipv4.ip_forward", "sysctl"));
        assertEquals("/proc/sys/net/ipv4/conf/eth0.100/proxy_arp",
            Sysctl.path("net/ipv4/conf/eth0.100/proxy_arp", "sysctl"));
        assertEquals("net/ipv4/conf/eth0.100/rp_filter", Sysctl.deviceKey("ipv4", "eth0.100", "rp_filter"));
        assertEquals("net/ipv6/conf/all/forwarding", Sysctl.deviceKey("ipv6", "all", "forwarding"));
    }

    @Test
    void onlyWellFormedNetKeysAreAccepted()
    {
        for (final String bad : List.of("kernel.hostname", "net", "net..ipv4", "net/../../etc/passwd", "net.ipv4.a b",
            "vm/overcommit_memory", "net/ipv4/"))
        {
            final KernelException e = assertThrows(KernelException.class, () -> Sysctl.path(bad, "sysctl -w"), bad);
            assertEquals(Errno.EINVAL, e.errno());
            assertEquals("sysctl -w", e.operation());
        }
        assertThrows(KernelException.class, () -> Sysctl.deviceKey("ipv4", "../x", "proxy_arp"));
        assertThrows(KernelException.class, () -> Sysctl.rpFilter(null, "all", 3));
    }
}
