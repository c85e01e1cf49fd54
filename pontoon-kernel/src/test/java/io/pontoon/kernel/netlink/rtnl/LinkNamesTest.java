// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkNamesTest
{
    @Test
    void acceptsWhatTheKernelAccepts()
    {
        for (final String ok : List.of("eth0", "ptv1", "a", "x.100", "br-12345678901", "veth_abc-1.2", "123456789012345"))
        {
            assertNull(LinkNames.problem(ok), ok);
        }
    }

    @Test
    void refusesWhatTheKernelRefusesAndTemplates()
    {
        for (final String bad : List.of("", ".", "..", "1234567890123456", "a/b", "a b", "a:b", "tab\tx", "veth%d",
            "nl\n", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e98"))
        {
            assertNotNull(LinkNames.problem(bad), "'" + bad + "' must be refused");
        }
        assertNotNull(LinkNames.problem(null));
    }

    @Test
    void checkNamesOperationObjectAndReason()
    {
        final KernelException e = assertThrows(KernelException.class,
            () -> LinkNames.check("ip link add", "veth pt-much-too-long-name peer eth0", "pt-much-too-long-name"));
        assertEquals("ip link add", e.operation());
        assertEquals("veth pt-much-too-long-name peer eth0", e.object());
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.extack().contains("21 bytes long"), e.extack());
    }
}
