// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.NlAttrs;
import io.pontoon.kernel.netlink.NlMsg;
import io.pontoon.kernel.netlink.NlReply;
import io.pontoon.kernel.netns.NetNs;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RTM_NEWLINK encoding of every link kind, decoded back and compared; no privilege needed. */
class LinkCodecTest
{
    private static final Map<String, Integer> INDEX = Map.of("ptbr0", 7, "pteth0", 9);
    private static final MacAddress MAC = MacAddress.parse("02:42:0a:c8:00:05");
    private static final MacAddress PEER_MAC = MacAddress.parse("02:42:0a:c8:00:06");

    @Test
    void everyKindRoundTrips()
    {
        try (NetNs self = NetNs.self())
        {
            final List<Link> links = List.of(
                new Veth(new LinkAttrs("ptv1", 1400, MAC, "ptbr0", true, null),
                    new LinkAttrs("eth0", 1450, PEER_MAC, null, false, self), 1),
                Veth.of("ptv2", "ptv3"),
                Bridge.of("ptbr1").withVlanFiltering(true).withStp(false).withAttrs(LinkAttrs.named("ptbr1").withUp(true)),
                Bridge.of("ptbr2"),
                new Vxlan(new LinkAttrs("ptvx0", 1450, MAC, "ptbr0", true, null), 42,
                    IpPrefix.Ip.parse("198.18.0.1"), "pteth0", 4789, false, true, 64, 49152, 65535),
                Vxlan.of("ptvx1", 0xffffff).withLocal(IpPrefix.Ip.parse("2001:db8::1")).withLearning(true),
                Generic.of("ptifb0", "ifb").withAttrs(new LinkAttrs("ptifb0", 1500, MAC, null, true, self)));
            for (final Link link : links)
            {
                final NlReply r = Wire.reply(LinkCodec.create(link, INDEX::get, true));
                assertEquals(RtConst.RTM_NEWLINK, r.type());
                assertEquals(NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK | NlMsg.NLM_F_CREATE | NlMsg.NLM_F_EXCL
                    | RtConst.NLM_F_ECHO, r.flags());
                final Wire.Schema data = link instanceof Veth
                    ? Wire.Schema.of(Map.of(RtConst.VETH_INFO_PEER, new Wire.Schema(RtConst.IFINFOMSG_SIZE, Map.of())))
                    : Wire.Schema.LEAF;
                Wire.checkFraming(r.message(), NlMsg.HDRLEN + RtConst.IFINFOMSG_SIZE, r.message().limit(),
                    Wire.Schema.of(Map.of(RtConst.IFLA_LINKINFO, Wire.Schema.of(Map.of(RtConst.IFLA_INFO_DATA, data)))));
                assertEquals(expected(link), LinkWire.decodeCreate(r, self, Map.of(7, "ptbr0", 9, "pteth0")),
                    link.describe());
            }
        }
    }

    /** What a create request can say: a veth peer without an MTU inherits this end's. */
    private static Link expected(final Link link)
    {
        if (link instanceof Veth v && v.peer().mtu() == 0)
        {
            return v.withPeer(v.peer().withMtu(v.attrs().mtu()));
        }
        return link;
    }

    @Test
    void nestingFlagsAndByteOrderAreWhatTheKernelExpects()
    {
        final Vxlan x = Vxlan.of("ptvx0", 42).withPortRange(0x1234, 0xabcd);
        final ByteBuffer b = Wire.reply(LinkCodec.create(x, INDEX::get, false)).message();
        // nlmsghdr(16) ifinfomsg(16) IFLA_IFNAME "ptvx0\0" = 4+6 -> padded to 12
        assertEquals(10, Short.toUnsignedInt(b.getShort(32)));
        assertEquals(RtConst.IFLA_IFNAME, b.getShort(34));
        assertEquals(0, b.get(42) | b.get(43), "string padding");
        // IFLA_LINKINFO carries NLA_F_NESTED
        assertEquals(RtConst.IFLA_LINKINFO | NlMsg.NLA_F_NESTED, Short.toUnsignedInt(b.getShort(46)));
        final NlAttrs data = NlAttrs.parse(b, 32, b.limit()).nested(RtConst.IFLA_LINKINFO).nested(RtConst.IFLA_INFO_DATA);
        assertArrayEquals(new byte[] {0x12, (byte) 0xb5}, data.bytes(RtConst.IFLA_VXLAN_PORT), "4789 big-endian");
        assertArrayEquals(new byte[] {0x12, 0x34, (byte) 0xab, (byte) 0xcd}, data.bytes(RtConst.IFLA_VXLAN_PORT_RANGE));
        assertEquals(0, data.u8(RtConst.IFLA_VXLAN_LEARNING, -1), "learning off is sent explicitly");
        assertEquals(42, data.u32(RtConst.IFLA_VXLAN_ID, -1));

        final ByteBuffer v = Wire.reply(LinkCodec.create(Veth.of("a", "b"), INDEX::get, false)).message();
        final ByteBuffer peer = NlAttrs.parse(v, 32, v.limit()).nested(RtConst.IFLA_LINKINFO)
            .nested(RtConst.IFLA_INFO_DATA).get(RtConst.VETH_INFO_PEER);
        assertEquals(RtConst.IFINFOMSG_SIZE + 8, peer.limit(), "peer: an ifinfomsg, then IFLA_IFNAME \"b\\0\" padded");
        assertEquals("b", NlAttrs.parse(peer, RtConst.IFINFOMSG_SIZE, peer.limit()).string(RtConst.IFLA_IFNAME));
    }

    @Test
    void tunCreateRequestCarriesNoLinkInfo()
    {
        final NlReply r = Wire.reply(LinkCodec.create(Tun.tap("pttap0"), INDEX::get, false));
        final NlAttrs a = r.attrs(RtConst.IFINFOMSG_SIZE);
        assertEquals("pttap0", a.string(RtConst.IFLA_IFNAME));
        assertNull(a.get(RtConst.IFLA_LINKINFO));
    }

    @Test
    void aKernelAnswerDecodesToLinkInfo()
    {
        final NlMsg m = new NlMsg().begin(RtConst.RTM_NEWLINK, NlMsg.NLM_F_MULTI);
        LinkCodec.ifinfomsg(m, 12, RtConst.IFF_UP | RtConst.IFF_LOWER_UP, 0);
        m.attrStr(RtConst.IFLA_IFNAME, "ptvx0").attrU32(RtConst.IFLA_MTU, 1450).attr(RtConst.IFLA_ADDRESS, MAC.bytes())
            .attrU32(RtConst.IFLA_MASTER, 7).attrU8(RtConst.IFLA_OPERSTATE, 6).attrU32(RtConst.IFLA_LINK, 3);
        final int info = m.nestStart(RtConst.IFLA_LINKINFO);
        m.attrStr(RtConst.IFLA_INFO_KIND, "vxlan");
        final int data = m.nestStart(RtConst.IFLA_INFO_DATA);
        m.attrU32(RtConst.IFLA_VXLAN_ID, 42).nestEnd(data).nestEnd(info).end();
        final LinkInfo l = LinkCodec.decode(Wire.reply(m));
        assertEquals(new LinkInfo(12, "ptvx0", "vxlan", 1450, MAC, RtConst.IFF_UP | RtConst.IFF_LOWER_UP, 7,
            LinkInfo.OperState.UP, 42, 3), l);
        assertTrue(l.up() && l.lowerUp());
    }

    @Test
    void invalidCombinationsAreRefusedInJava()
    {
        try (NetNs self = NetNs.self())
        {
            final KernelException peerUp = assertThrows(KernelException.class, () -> LinkCodec.validate(
                Veth.of("a", "b").withPeer(LinkAttrs.named("b").withUp(true)), "ip link add", "veth a peer b"));
            assertEquals(Errno.EINVAL, peerUp.errno());
            assertTrue(peerUp.getMessage().startsWith("ip link add veth a peer b:"), peerUp.getMessage());
            assertThrows(KernelException.class, () -> LinkCodec.validate(
                Bridge.of("br").withAttrs(new LinkAttrs("br", 0, null, "x", false, self)), "ip link add", "bridge br"));
            assertThrows(KernelException.class, () -> LinkCodec.validate(Veth.of("a", "b/c"), "ip link add", "v"));
            assertThrows(KernelException.class, () -> LinkCodec.validate(Vxlan.of("v", 1).withUnderlay("e th"), "op", "v"));
            assertThrows(KernelException.class, () -> LinkCodec.validate(Generic.of("g", "Dum my"), "op", "g"));
        }
    }
}
