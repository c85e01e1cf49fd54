// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.packet;

import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;

import java.net.Inet4Address;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ArpFrameTest
{
    @Test
    void gratuitousReplyIsBroadcastWithSenderAndTargetBothTheAnnouncedAddress()
    {
        final byte[] f = ArpFrame.gratuitous((Inet4Address) IpPrefix.Ip.parse("10.200.0.9"),
            MacAddress.parse("02:42:0a:c8:00:09"));
        assertEquals(60, f.length);
        final String hex = HexFormat.of().formatHex(f);
        assertEquals("ffffffffffff" + "02420ac80009" + "0806"      // Ethernet: broadcast from MAC, ARP
            + "0001" + "0800" + "06" + "04" + "0002"                  // Ethernet/IPv4, reply
            + "02420ac80009" + "0ac80009"                            // sender MAC, IP
            + "02420ac80009" + "0ac80009"                            // target MAC, IP (the same: gratuitous)
            + "00".repeat(18), hex);
    }
}
