// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.core.PontoonException;
import io.pontoon.kernel.net.IpPrefix;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsAndMacTest
{
    @Test
    void newIdsAreDistinct64HexAndShortenTo12()
    {
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++)
        {
            final String id = Ids.newId();
            assertTrue(id.matches("[0-9a-f]{64}"), id);
            assertTrue(Ids.isId(id));
            assertTrue(seen.add(id));
            assertEquals(id.substring(0, 12), Ids.shortId(id));
        }
        assertEquals("abc", Ids.shortId("abc"));
        assertFalse(Ids.isId("ABC"));
        final PontoonException e = assertThrows(PontoonException.class, () -> Ids.checkId("network", "xyz"));
        assertEquals("invalid network id 'xyz': expected 64 hexadecimal characters", e.getMessage());
    }

    @Test
    void namesFollowDockersRule()
    {
        for (final String ok : new String[] {"web", "a", "9lives", "my_net.v2-b", "A.B"})
        {
            assertEquals(ok, Ids.checkName("network", ok));
        }
        for (final String bad : new String[] {"-web", "_x", ".hidden", "has space", "sl/ash", "ümlaut", "a:b"})
        {
            final PontoonException e = assertThrows(PontoonException.class, () -> Ids.checkName("network", bad));
            assertEquals(PontoonException.Kind.INVALID, e.kind());
            assertEquals("invalid network name '" + bad + "': a name must start with a letter or digit and contain only letters,"
                + " digits, '_', '.' and '-'", e.getMessage());
        }
        assertEquals("sandbox name must not be empty",
            assertThrows(PontoonException.class, () -> Ids.checkName("sandbox", "")).getMessage());
    }

    @Test
    void macIsDerivedFromIpv4LikeDocker()
    {
        assertEquals("02:42:0a:c8:00:02", Mac.fromIpv4(IpPrefix.Ip.parse("10.200.0.2")));
        assertEquals("02:42:ac:11:ff:fe", Mac.fromIpv4(IpPrefix.Ip.parse("172.17.255.254")));
        assertEquals(PontoonException.Kind.INVALID,
            assertThrows(PontoonException.class, () -> Mac.fromIpv4(IpPrefix.Ip.parse("fd00::1"))).kind());
    }

    @Test
    void randomMacsAreLocalUnicastAndParseNormalizes()
    {
        for (int i = 0; i < 100; i++)
        {
            final String m = Mac.random();
            assertTrue(Mac.isValid(m), m);
            final int first = Integer.parseInt(m.substring(0, 2), 16);
            assertEquals(0x02, first & 0x03, "locally administered, unicast: " + m);
        }
        assertNotEquals(Mac.random(), Mac.random());
        assertEquals("02:42:0a:00:00:02", Mac.parse(" 02:42:0A:00:00:02 "));
        assertThrows(PontoonException.class, () -> Mac.parse("02:42:0a:00:00"));
        assertThrows(PontoonException.class, () -> Mac.parse("01:00:5e:00:00:01"));
    }
}
