// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.NlAttrs;
import io.pontoon.kernel.netlink.NlReply;
import io.pontoon.kernel.netns.NetNs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Map;

/** Test-side decoder of RTM_NEWLINK create requests back into {@link Link} records. */
final class LinkWire
{
    private LinkWire()
    {
    }

    static Link decodeCreate(final NlReply r, final NetNs ns, final Map<Integer, String> names)
    {
        final NlAttrs a = r.attrs(RtConst.IFINFOMSG_SIZE);
        final LinkAttrs attrs = attrs(r.payload(), a, ns, names);
        final NlAttrs info = a.nested(RtConst.IFLA_LINKINFO);
        final String kind = info.string(RtConst.IFLA_INFO_KIND);
        final NlAttrs data = info.nested(RtConst.IFLA_INFO_DATA);
        return switch (kind)
        {
            case "veth" ->
            {
                final ByteBuffer peer = data.get(RtConst.VETH_INFO_PEER);
                final NlAttrs p = NlAttrs.parse(peer, RtConst.IFINFOMSG_SIZE, peer.limit());
                final int queues = a.u32(RtConst.IFLA_NUM_TX_QUEUES, 0);
                if (queues != a.u32(RtConst.IFLA_NUM_RX_QUEUES, 0) || queues != p.u32(RtConst.IFLA_NUM_TX_QUEUES, 0)
                    || queues != p.u32(RtConst.IFLA_NUM_RX_QUEUES, 0))
                {
                    throw new AssertionError("both ends get the same TX and RX queue count");
                }
                yield new Veth(attrs, attrs(peer, p, ns, names), queues);
            }
            case "bridge" -> new Bridge(attrs, data == null ? null : flag(data, RtConst.IFLA_BR_VLAN_FILTERING, false),
                data == null ? null : flag(data, RtConst.IFLA_BR_STP_STATE, true));
            case "vxlan" ->
            {
                final byte[] local = data.has(RtConst.IFLA_VXLAN_LOCAL) ? data.bytes(RtConst.IFLA_VXLAN_LOCAL)
                    : data.bytes(RtConst.IFLA_VXLAN_LOCAL6);
                final byte[] range = data.bytes(RtConst.IFLA_VXLAN_PORT_RANGE);
                yield new Vxlan(attrs, data.u32(RtConst.IFLA_VXLAN_ID, -1), local == null ? null : ip(local),
                    data.has(RtConst.IFLA_VXLAN_LINK) ? names.get(data.u32(RtConst.IFLA_VXLAN_LINK, 0)) : null,
                    data.u16Be(RtConst.IFLA_VXLAN_PORT, 0), data.u8(RtConst.IFLA_VXLAN_LEARNING, 1) == 1,
                    data.u8(RtConst.IFLA_VXLAN_PROXY, 0) == 1, data.u8(RtConst.IFLA_VXLAN_TTL, 0),
                    range == null ? 0 : u16be(range, 0), range == null ? 0 : u16be(range, 2));
            }
            default -> new Generic(attrs, kind);
        };
    }

    private static LinkAttrs attrs(final ByteBuffer ifinfo, final NlAttrs a, final NetNs ns,
        final Map<Integer, String> names)
    {
        final boolean up = (ifinfo.getInt(8) & RtConst.IFF_UP) != 0;
        final String master = a.has(RtConst.IFLA_MASTER) ? names.get(a.u32(RtConst.IFLA_MASTER, 0)) : null;
        final int fd = a.u32(RtConst.IFLA_NET_NS_FD, -1);
        return new LinkAttrs(a.string(RtConst.IFLA_IFNAME), a.u32(RtConst.IFLA_MTU, 0),
            MacAddress.ofBytes(a.bytes(RtConst.IFLA_ADDRESS)), master, up, fd >= 0 && fd == ns.fd() ? ns : null);
    }

    private static Boolean flag(final NlAttrs data, final int type, final boolean u32)
    {
        if (!data.has(type))
        {
            return null;
        }
        return (u32 ? data.u32(type, 0) : data.u8(type, 0)) != 0;
    }

    private static int u16be(final byte[] b, final int at)
    {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static InetAddress ip(final byte[] raw)
    {
        try
        {
            return InetAddress.getByAddress(raw);
        }
        catch (final UnknownHostException e)
        {
            throw new IllegalArgumentException(e);
        }
    }
}
