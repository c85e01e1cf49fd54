// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.core.model.NetworkRecord;
import io.pontoon.kernel.net.IpPrefix;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Block sizes per range, block enumeration, and which addresses are never handed out. */
class BlockLayoutTest
{
    static NetworkRecord net(final String subnet, final String range, final String gateway)
    {
        return new NetworkRecord("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "ov", "overlay",
            NetworkRecord.SCOPE_GLOBAL, false, IpPrefix.parse(subnet), gateway == null ? null : IpPrefix.parse(gateway),
            range == null ? null : IpPrefix.parse(range), "p", Map.of(), Map.of(), Instant.EPOCH, null);
    }

    static InetAddress ip(final String s)
    {
        return IpPrefix.Ip.parse(s);
    }

    @Test
    void blockLengthGrowsWithTheRangeBetween26And29()
    {
        assertEquals(26, BlockLayout.of(net("10.0.0.0/16", null, "10.0.0.1/16")).blockLength());
        assertEquals(26, BlockLayout.of(net("10.0.0.0/22", null, "10.0.0.1/22")).blockLength());
        assertEquals(27, BlockLayout.of(net("10.0.0.0/23", null, "10.0.0.1/23")).blockLength());
        assertEquals(28, BlockLayout.of(net("10.0.0.0/24", null, "10.0.0.1/24")).blockLength());
        assertEquals(29, BlockLayout.of(net("10.0.0.0/27", null, "10.0.0.1/27")).blockLength());
        assertEquals(29, BlockLayout.of(net("10.0.0.0/29", null, "10.0.0.1/29")).blockLength());
        final BlockLayout ranged = BlockLayout.of(net("10.0.0.0/16", "10.0.8.0/24", "10.0.0.1/16"));
        assertEquals(28, ranged.blockLength());
        assertEquals(16, ranged.count());
        assertEquals(IpPrefix.parse("10.0.8.240/28"), ranged.block(15));
    }

    @Test
    void blocksTileTheRangeAndBlockOfFindsThem()
    {
        final BlockLayout l = BlockLayout.of(net("10.1.0.0/24", null, "10.1.0.1/24"));
        assertEquals(16, l.count());
        final Set<InetAddress> seen = new HashSet<>();
        for (int i = 0; i < l.count(); i++)
        {
            final IpPrefix b = l.block(i);
            assertEquals(28, b.length());
            for (final InetAddress a : l.usableIn(b))
            {
                assertTrue(seen.add(a), a + " twice");
                assertEquals(b, l.blockOf(a));
            }
        }
        assertEquals(253, seen.size(), "256 minus network, broadcast and gateway");
        assertFalse(seen.contains(ip("10.1.0.0")));
        assertFalse(seen.contains(ip("10.1.0.1")));
        assertFalse(seen.contains(ip("10.1.0.255")));
        assertNull(l.blockOf(ip("10.2.0.5")));
    }

    @Test
    void aRangeKeepsAllocationInsideIt()
    {
        final BlockLayout l = BlockLayout.of(net("10.1.0.0/16", "10.1.4.0/23", "10.1.0.1/16"));
        assertFalse(l.usable(ip("10.1.0.9")));
        assertTrue(l.usable(ip("10.1.4.0")), "not the subnet's network address, so usable");
        assertTrue(l.usable(ip("10.1.5.255")));
        assertEquals(IpPrefix.parse("10.1.4.0/27"), l.blockOf(ip("10.1.4.17")));
        assertEquals(IpPrefix.parse("10.1.4.17/16"), l.withSubnetLength(ip("10.1.4.17")));
    }
}
