// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A handle on the process's own namespace, used read-only (no privilege needed to read). */
class RtnlOwnNamespaceTest
{
    @Test
    void readsLoopbackOfItsOwnNamespace()
    {
        try (Rtnl r = Rtnl.open())
        {
            assertNull(r.ns());
            final LinkInfo lo = r.linkGet("lo").orElseThrow();
            assertEquals(lo.index(), r.linkIndex("lo"));
            assertNull(lo.kind(), "loopback has no IFLA_INFO_KIND");
            assertTrue(r.linkList().contains(lo));
            assertTrue(r.linkGet("pt-no-such0").isEmpty());
            final KernelException e = assertThrows(KernelException.class, () -> r.linkIndex("pt-no-such0"));
            assertEquals(Errno.ENODEV, e.errno());
            assertEquals("ip link show", e.operation());
        }
    }
}
