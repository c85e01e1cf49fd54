// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import io.pontoon.kernel.netlink.NlAttrs;
import io.pontoon.kernel.netlink.NlMsg;
import io.pontoon.kernel.netlink.NlReply;
import io.pontoon.kernel.nft.NftWire.WireElem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.pontoon.kernel.nft.NftKey.concat;
import static io.pontoon.kernel.nft.NftKey.ipv4;
import static io.pontoon.kernel.nft.NftKey.port;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Byte-level encoding of element batches. The golden LIST_ELEMENTS payloads were captured with
 * {@code strace -xx} from nft 1.0.6 adding the same elements on x86-64 (host order little-endian).
 */
class NftWireTest
{
    private static final int MAP = SetInfo.NFT_SET_MAP;
    private static final SetInfo M4 = new SetInfo(NftFamily.INET, "ptx", "m4", MAP, 8, 0, 8);
    private static final SetInfo VM = new SetInfo(NftFamily.INET, "ptx", "vm", MAP, 4, SetInfo.NFT_DATA_VERDICT, 0);
    private static final SetInfo PORTS = new SetInfo(NftFamily.INET, "ptx", "pr", SetInfo.NFT_SET_INTERVAL, 2, 0, 0);
    private static final SetInfo CPORTS = new SetInfo(NftFamily.INET, "ptx", "cr",
        SetInfo.NFT_SET_INTERVAL | SetInfo.NFT_SET_CONCAT, 8, 0, 0);
    private static final SetInfo S4 = new SetInfo(NftFamily.INET, "ptx", "s4", 0, 8, 0, 0);

    private static List<NlReply> split(final byte[] bytes)
    {
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        final List<NlReply> out = new ArrayList<>();
        int off = 0;
        while (off < bytes.length)
        {
            final int len = b.getInt(off);
            out.add(new NlReply(Short.toUnsignedInt(b.getShort(off + 4)), Short.toUnsignedInt(b.getShort(off + 6)),
                b.getInt(off + 8), b.slice(off, len).order(ByteOrder.nativeOrder())));
            off += NlMsg.align(len);
        }
        return out;
    }

    private static List<NlReply> batch(final SetInfo set, final List<SetElement> elements, final boolean withValues)
    {
        final NlMsg m = new NlMsg();
        NftWire.batchBegin(m);
        NftWire.elements(m, NftWire.NFT_MSG_NEWSETELEM, NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK | NlMsg.NLM_F_CREATE,
            set.family(), set.table(), set.name(), NftWire.expand(elements, set, withValues));
        NftWire.batchEnd(m);
        return split(m.toBytes(100));
    }

    private static String elementsHex(final NlReply r)
    {
        final ByteBuffer v = r.attrs(NftWire.NFGENMSG_LEN).get(NftWire.NFTA_SET_ELEM_LIST_ELEMENTS);
        final byte[] b = new byte[v.limit()];
        v.get(0, b);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void aMapElementBatchIsFramedAndEncodedLikeNft()
    {
        final List<NlReply> msgs = batch(M4, List.of(SetElement.of(concat(ipv4("10.0.0.1"), port(80)),
            concat(ipv4("10.0.0.2"), port(8080)))), true);
        assertEquals(3, msgs.size());

        final NlReply begin = msgs.get(0);
        assertEquals(0x10, begin.type());
        assertEquals(NlMsg.NLM_F_REQUEST, begin.flags());
        assertEquals(100, begin.seq());
        assertEquals("00000a", HexFormat.of().formatHex(new byte[] {begin.payload().get(0), begin.payload().get(2),
            begin.payload().get(3)}));

        final NlReply add = msgs.get(1);
        assertEquals((10 << 8) | 12, add.type());
        assertEquals(NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK | NlMsg.NLM_F_CREATE, add.flags());
        assertEquals(101, add.seq());
        assertEquals(NftFamily.INET.code(), add.payload().get(0));
        final NlAttrs a = add.attrs(NftWire.NFGENMSG_LEN);
        assertEquals("ptx", a.string(NftWire.NFTA_SET_ELEM_LIST_TABLE));
        assertEquals("m4", a.string(NftWire.NFTA_SET_ELEM_LIST_SET));
        assertEquals("24000180" + "10000180" + "0c000100" + "0a000001" + "00500000"
            + "10000280" + "0c000100" + "0a000002" + "1f900000", elementsHex(add));

        assertEquals(0x11, msgs.get(2).type());
        assertEquals(102, msgs.get(2).seq());
    }

    @Test
    void verdictsAndConcatenatedRangesMatchNft()
    {
        final NlReply jump = batch(VM, List.of(SetElement.of(ipv4("10.0.0.1"), NftVerdict.jump("c1"))), true).get(1);
        assertEquals("28000180" + "0c000180" + "08000100" + "0a000001"
            + "18000280" + "14000280" + "08000100" + "fffffffd" + "07000200" + "63310000", elementsHex(jump));

        final NlReply range = batch(CPORTS, List.of(SetElement.range(concat(ipv4("10.0.0.1"), port(1000)),
            concat(ipv4("10.0.0.1"), port(2000)))), true).get(1);
        assertEquals("24000180" + "10000180" + "0c000100" + "0a000001" + "03e80000"
            + "10000a80" + "0c000100" + "0a000001" + "07d00000", elementsHex(range));
    }

    @Test
    void plainIntervalSetsTakeAStartAndAnExclusiveEnd()
    {
        final List<WireElem> w = NftParse.wireElements(batch(PORTS, List.of(SetElement.range(port(1000), port(2000)),
            SetElement.of(port(80)), SetElement.range(port(60000), port(65535))), true));
        assertEquals(5, w.size());
        assertEquals("03e8", HexFormat.of().formatHex(w.get(0).key()));
        assertEquals(0, w.get(0).flags());
        assertEquals("07d1", HexFormat.of().formatHex(w.get(1).key()));
        assertEquals(NftWire.NFT_SET_ELEM_INTERVAL_END, w.get(1).flags());
        assertEquals("0050", HexFormat.of().formatHex(w.get(2).key()));
        assertEquals("0051", HexFormat.of().formatHex(w.get(3).key()));
        assertEquals("ea60", HexFormat.of().formatHex(w.get(4).key()));
        assertNull(w.get(4).keyEnd());

        final List<SetElement> back = NftParse.elements(w.reversed(), PORTS);
        assertEquals(List.of(SetElement.of(NftKey.raw(port(80).bytes())),
            SetElement.range(NftKey.raw(port(1000).bytes()), NftKey.raw(port(2000).bytes())),
            SetElement.range(NftKey.raw(port(60000).bytes()), NftKey.raw(port(65535).bytes()))), back);
    }

    @Test
    void elementsRoundTripThroughTheParser()
    {
        final List<SetElement> in = List.of(
            SetElement.of(concat(ipv4("10.0.0.1"), port(80)), concat(ipv4("10.0.0.2"), port(8080))),
            SetElement.of(concat(ipv4("10.0.0.3"), port(81)), concat(ipv4("10.0.0.4"), port(8081))));
        assertEquals(in, NftParse.elements(NftParse.wireElements(batch(M4, in, true)), M4));

        final List<SetElement> verdicts = List.of(SetElement.of(ipv4("10.0.0.1"), NftVerdict.DROP),
            SetElement.of(ipv4("10.0.0.2"), NftVerdict.goTo("pt_x")));
        assertEquals(verdicts, NftParse.elements(NftParse.wireElements(batch(VM, verdicts, true)), VM));

        final List<SetElement> keysOnly = NftParse.elements(NftParse.wireElements(batch(M4, in, false)), M4);
        assertNull(keysOnly.getFirst().data());
    }

    @Test
    void bigListsAreCutIntoSeveralMessagesOfOneBatch()
    {
        final List<SetElement> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++)
        {
            many.add(SetElement.of(concat(ipv4("10.200." + (i >> 8) + "." + (i & 0xff)), port(i))));
        }
        final List<NlReply> msgs = batch(S4, many, true);
        assertTrue(msgs.size() > 3, "expected several element messages, got " + msgs.size());
        assertEquals(0x10, msgs.getFirst().type());
        assertEquals(0x11, msgs.getLast().type());
        for (final NlReply r : msgs.subList(1, msgs.size() - 1))
        {
            assertTrue(r.message().limit() < 0xffff);
        }
        final List<SetElement> back = NftParse.elements(NftParse.wireElements(msgs), S4);
        assertEquals(5000, back.size());
        assertEquals(many.get(4999), back.get(4999));
    }

    @Test
    void anEmptyDeleteIsAFlush()
    {
        final NlMsg m = new NlMsg();
        NftWire.elements(m, NftWire.NFT_MSG_DELSETELEM, NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK, NftFamily.IP, "t", "s", List.of());
        final NlReply r = split(m.toBytes(1)).getFirst();
        assertEquals((10 << 8) | 14, r.type());
        assertFalse(r.attrs(NftWire.NFGENMSG_LEN).has(NftWire.NFTA_SET_ELEM_LIST_ELEMENTS));
        assertArrayEquals(new byte[] {(byte) NftFamily.IP.code(), 0, 0, 0}, new byte[] {r.payload().get(0),
            r.payload().get(1), r.payload().get(2), r.payload().get(3)});
    }

    @Test
    void elementsThatDoNotFitTheSetAreRefusedWithItsName()
    {
        final IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
            () -> NftWire.expand(List.of(SetElement.of(ipv4("10.0.0.1"))), S4, true));
        assertTrue(len.getMessage().startsWith("inet ptx s4 { 10.0.0.1 }"), len.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> NftWire.expand(List.of(SetElement.range(port(1), port(2))), S4, true));
        assertThrows(IllegalArgumentException.class,
            () -> NftWire.expand(List.of(SetElement.of(concat(ipv4("10.0.0.1"), port(1)))), M4, true));
        assertThrows(IllegalArgumentException.class,
            () -> NftWire.expand(List.of(SetElement.of(concat(ipv4("10.0.0.1"), port(1)), port(1))), S4, true));
        assertThrows(IllegalArgumentException.class,
            () -> NftWire.expand(List.of(SetElement.of(ipv4("10.0.0.1"))), VM, true));
        assertEquals(1, NftWire.expand(List.of(SetElement.of(ipv4("10.0.0.1"))), VM, false).size());
    }
}
