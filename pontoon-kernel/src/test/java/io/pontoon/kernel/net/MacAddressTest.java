// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.net;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacAddressTest
{
    @Test
    void parsesPrintsAndConvertsToBytes()
    {
        final MacAddress m = MacAddress.parse("02:42:AC:11:00:0f");
        assertEquals("02:42:ac:11:00:0f", m.toString());
        assertArrayEquals(new byte[] {2, 0x42, (byte) 0xac, 0x11, 0, 0x0f}, m.bytes());
        assertEquals(m, MacAddress.ofBytes(m.bytes()));
        assertTrue(m.isLocal());
        assertFalse(m.isMulticast());
        assertTrue(MacAddress.parse("ff:ff:ff:ff:ff:ff").isMulticast());
        assertEquals("00:00:00:00:00:00", MacAddress.ZERO.toString());
        assertNull(MacAddress.ofBytes(new byte[4]));
    }

    @Test
    void refusesAnythingElse()
    {
        for (final String bad : List.of("", "02:42:ac:11:00", "02-42-ac-11-00-0f", "02:42:ac:11:00:0g", "2:42:ac:11:00:0f0",
            "02:42:ac:11:00:0f "))
        {
            assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(null));
    }
}
