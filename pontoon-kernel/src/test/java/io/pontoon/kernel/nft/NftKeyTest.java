// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import io.pontoon.kernel.net.IpPrefix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static io.pontoon.kernel.nft.NftKey.concat;
import static io.pontoon.kernel.nft.NftKey.ether;
import static io.pontoon.kernel.nft.NftKey.ifname;
import static io.pontoon.kernel.nft.NftKey.ipv4;
import static io.pontoon.kernel.nft.NftKey.ipv6;
import static io.pontoon.kernel.nft.NftKey.port;
import static io.pontoon.kernel.nft.NftKey.proto;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NftKeyTest
{
    private static String hex(final NftKey k)
    {
        return HexFormat.of().formatHex(k.bytes());
    }

    @Test
    void singleFieldsKeepTheirNaturalLengthAndNetworkOrder()
    {
        assertEquals("0a580005", hex(ipv4("10.88.0.5")));
        assertEquals("fd000000000000000000000000000005", hex(ipv6("fd00::5")));
        assertEquals("1f90", hex(port(8080)));
        assertEquals("06", hex(proto(6)));
        assertEquals("0242ac110002", hex(ether("02:42:AC:11:00:02")));
        assertEquals("70742d7665746830" + "0000000000000000", hex(ifname("pt-veth0")));
        final byte[] mark = new byte[4];
        ByteBuffer.wrap(mark).order(ByteOrder.nativeOrder()).putInt(0x1234);
        assertArrayEquals(mark, NftKey.mark(0x1234).bytes());
    }

    @Test
    void concatenationsPadEachFieldToFourBytes()
    {
        assertEquals("0a000001" + "00500000", hex(concat(ipv4("10.0.0.1"), port(80))));
        assertEquals("0a000001" + "06000000" + "01bb0000", hex(concat(ipv4("10.0.0.1"), proto(6), port(443))));
        assertEquals("0242ac110002" + "0000" + "0a000001", hex(concat(ether("02:42:ac:11:00:02"), ipv4("10.0.0.1"))));
        assertEquals(concat(ipv4("10.0.0.1"), port(80)), concat(concat(ipv4("10.0.0.1")), concat(port(80))));
        assertEquals(2, concat(ipv4("10.0.0.1"), port(80)).fieldCount());
        assertEquals("10.0.0.1 . 80", concat(ipv4("10.0.0.1"), port(80)).toString());
    }

    @Test
    void rawKeysFromTheKernelEqualBuiltKeys()
    {
        final NftKey built = concat(ipv6("fd00::1"), port(53));
        assertEquals(built, NftKey.raw(built.bytes()));
        assertEquals(built.hashCode(), NftKey.raw(built.bytes()).hashCode());
        assertThrows(IllegalArgumentException.class, () -> concat(ipv6("fd00::1"), ipv6("fd00::2"), ipv6("fd00::3"),
            ipv6("fd00::4"), port(1)));
    }

    @Test
    void intervalNeighboursCarryAcrossBytes()
    {
        assertEquals(port(256), port(255).next());
        assertNull(port(65535).next());
        assertEquals(port(255), port(256).previous());
        assertEquals(ipv4("10.1.0.0"), ipv4("10.0.255.255").next());
    }

    @Test
    void badValuesAreRefusedBeforeAnythingIsSent()
    {
        assertThrows(IllegalArgumentException.class, () -> ipv4("10.0.0.300"));
        assertThrows(IllegalArgumentException.class, () -> ipv4("localhost"));
        assertThrows(IllegalArgumentException.class, () -> ipv4("fd00::1"));
        assertThrows(IllegalArgumentException.class, () -> ipv6("10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> port(65536));
        assertThrows(IllegalArgumentException.class, () -> port(-1));
        assertThrows(IllegalArgumentException.class, () -> proto(256));
        assertThrows(IllegalArgumentException.class, () -> ifname("a-name-that-is-too-long"));
        assertThrows(IllegalArgumentException.class, () -> ifname("eth0; drop"));
        assertThrows(IllegalArgumentException.class, () -> ether("02:42:ac:11:00"));
    }

    @Test
    void elementsAndVerdictsCheckTheirShape()
    {
        assertThrows(IllegalArgumentException.class, () -> SetElement.range(port(2000), port(1000)));
        assertThrows(IllegalArgumentException.class, () -> SetElement.range(port(1), ipv4("10.0.0.1")));
        assertThrows(IllegalArgumentException.class, () -> new SetElement(port(1), null, port(2), NftVerdict.DROP));
        assertThrows(IllegalArgumentException.class, () -> NftVerdict.jump(null));
        assertThrows(IllegalArgumentException.class, () -> new NftVerdict(NftVerdict.NF_ACCEPT, "c"));
        assertEquals("jump pt_c1", NftVerdict.jump("pt_c1").toString());
        final SetElement net = SetElement.prefix(IpPrefix.parse("10.200.1.7/16"));
        assertEquals(SetElement.range(ipv4("10.200.0.0"), ipv4("10.200.255.255")), net);
        assertTrue(net.isRange());
        assertEquals("10.0.0.1 . 80 : 10.0.0.2 . 8080",
            SetElement.of(concat(ipv4("10.0.0.1"), port(80)), concat(ipv4("10.0.0.2"), port(8080))).toString());
        assertEquals(NftFamily.INET, NftFamily.parse("inet"));
        assertThrows(IllegalArgumentException.class, () -> NftFamily.parse("ipx"));
    }
}
