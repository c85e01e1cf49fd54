// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.NlAttrs;
import io.pontoon.kernel.netlink.NlMsg;
import io.pontoon.kernel.netlink.NlReply;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Wire format of link messages.
 *
 * <pre>
 * ifinfomsg (16 bytes)
 *  0      1      2        4              8              12             16
 * +------+------+--------+--------------+--------------+--------------+
 * |family| pad  |  type  |  index i32   |  flags u32   | change u32   |
 * +------+------+--------+--------------+--------------+--------------+
 * RTM_NEWLINK create: ifinfomsg, IFLA_IFNAME, [IFLA_MTU], [IFLA_ADDRESS], [IFLA_MASTER],
 *   [IFLA_NET_NS_FD], IFLA_LINKINFO { IFLA_INFO_KIND, [IFLA_INFO_DATA { kind attributes }] }
 * veth: IFLA_INFO_DATA { VETH_INFO_PEER { ifinfomsg, IFLA_IFNAME, [IFLA_MTU], ... } }
 * </pre>
 */
final class LinkCodec
{
    private static final Pattern KIND = Pattern.compile("[a-z0-9_-]{1,31}");

    private LinkCodec()
    {
    }

    /** Checks every name in {@code link} and the combinations the kernel would get wrong. */
    static void validate(final Link link, final String op, final String object)
    {
        final LinkAttrs a = link.attrs();
        LinkNames.check(op, object, a.name());
        if (a.master() != null)
        {
            LinkNames.check(op, object, a.master());
            if (a.ns() != null)
            {
                throw KernelException.invalid(op, object,
                    "a master is looked up in the link's own namespace; set it from there with linkSetMaster");
            }
        }
        switch (link)
        {
            case Veth v ->
            {
                LinkNames.check(op, object, v.peer().name());
                if (v.peer().master() != null)
                {
                    throw KernelException.invalid(op, object,
                        "the kernel ignores a master on a veth peer; set it afterwards with linkSetMaster");
                }
                if (v.peer().up())
                {
                    throw KernelException.invalid(op, object, "the kernel cannot bring a veth peer up in the request "
                        + "that creates it (ENOTCONN); bring it up afterwards with linkSetUp from its namespace");
                }
            }
            case Vxlan x ->
            {
                if (x.underlay() != null)
                {
                    LinkNames.check(op, object, x.underlay());
                }
            }
            case Generic g ->
            {
                if (!KIND.matcher(g.kind()).matches())
                {
                    throw KernelException.invalid(op, object, "'" + g.kind() + "' is not a link kind");
                }
            }
            case Bridge _, Tun _ ->
            {
                // nothing beyond the common attributes
            }
        }
    }

    /** Writes an ifinfomsg (AF_UNSPEC) with {@code flags} applied under the mask {@code change}. */
    static NlMsg ifinfomsg(final NlMsg m, final int index, final int flags, final int change)
    {
        return m.u8(RtConst.AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    /**
     * The RTM_NEWLINK request that creates {@code link} (NLM_F_CREATE|NLM_F_EXCL, so an existing
     * name fails with EEXIST). {@code indexOf} resolves master and underlay names to ifindexes.
     */
    static NlMsg create(final Link link, final ToIntFunction<String> indexOf, final boolean echo)
    {
        final int flags = NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK | NlMsg.NLM_F_CREATE | NlMsg.NLM_F_EXCL
            | (echo ? RtConst.NLM_F_ECHO : 0);
        final LinkAttrs a = link.attrs();
        final NlMsg m = new NlMsg().begin(RtConst.RTM_NEWLINK, flags);
        ifinfomsg(m, 0, a.up() ? RtConst.IFF_UP : 0, RtConst.IFF_UP);
        common(m, a, a.master() == null ? 0 : indexOf.applyAsInt(a.master()));
        kind(m, link, indexOf);
        return m.end();
    }

    /** Name, MTU, MAC, master and namespace attributes. */
    static void common(final NlMsg m, final LinkAttrs a, final int masterIndex)
    {
        m.attrStr(RtConst.IFLA_IFNAME, a.name());
        if (a.mtu() > 0)
        {
            m.attrU32(RtConst.IFLA_MTU, a.mtu());
        }
        if (a.mac() != null)
        {
            m.attr(RtConst.IFLA_ADDRESS, a.mac().bytes());
        }
        if (masterIndex > 0)
        {
            m.attrU32(RtConst.IFLA_MASTER, masterIndex);
        }
        if (a.ns() != null)
        {
            m.attrU32(RtConst.IFLA_NET_NS_FD, a.ns().fd());
        }
    }

    /** IFLA_LINKINFO for each kind: the one place that knows every kind. */
    private static void kind(final NlMsg m, final Link link, final ToIntFunction<String> indexOf)
    {
        switch (link)
        {
            case Veth v ->
            {
                queues(m, v.queues());
                final int info = linkInfoStart(m, "veth");
                final int data = m.nestStart(RtConst.IFLA_INFO_DATA);
                final int peer = m.nestStartPlain(RtConst.VETH_INFO_PEER);
                final LinkAttrs p = v.peer();
                ifinfomsg(m, 0, 0, 0);
                common(m, p.mtu() == 0 ? p.withMtu(v.attrs().mtu()) : p, 0);
                queues(m, v.queues());
                m.nestEnd(peer).nestEnd(data).nestEnd(info);
            }
            case Bridge b ->
            {
                final int info = linkInfoStart(m, "bridge");
                if (b.vlanFiltering() != null || b.stp() != null)
                {
                    final int data = m.nestStart(RtConst.IFLA_INFO_DATA);
                    if (b.stp() != null)
                    {
                        m.attrU32(RtConst.IFLA_BR_STP_STATE, b.stp() ? 1 : 0);
                    }
                    if (b.vlanFiltering() != null)
                    {
                        m.attrU8(RtConst.IFLA_BR_VLAN_FILTERING, b.vlanFiltering() ? 1 : 0);
                    }
                    m.nestEnd(data);
                }
                m.nestEnd(info);
            }
            case Vxlan x ->
            {
                final int info = linkInfoStart(m, "vxlan");
                final int data = m.nestStart(RtConst.IFLA_INFO_DATA);
                m.attrU32(RtConst.IFLA_VXLAN_ID, x.vni());
                if (x.local() != null)
                {
                    m.attr(x.local() instanceof Inet4Address ? RtConst.IFLA_VXLAN_LOCAL : RtConst.IFLA_VXLAN_LOCAL6,
                        x.local().getAddress());
                }
                if (x.underlay() != null)
                {
                    m.attrU32(RtConst.IFLA_VXLAN_LINK, indexOf.applyAsInt(x.underlay()));
                }
                if (x.ttl() > 0)
                {
                    m.attrU8(RtConst.IFLA_VXLAN_TTL, x.ttl());
                }
                m.attrU8(RtConst.IFLA_VXLAN_LEARNING, x.learning() ? 1 : 0);
                m.attrU8(RtConst.IFLA_VXLAN_PROXY, x.proxy() ? 1 : 0);
                if (x.port() > 0)
                {
                    m.attrU16Be(RtConst.IFLA_VXLAN_PORT, x.port());
                }
                if (x.portHigh() > 0)
                {
                    m.attr(RtConst.IFLA_VXLAN_PORT_RANGE, new byte[] {(byte) (x.portLow() >>> 8), (byte) x.portLow(),
                        (byte) (x.portHigh() >>> 8), (byte) x.portHigh()});
                }
                m.nestEnd(data).nestEnd(info);
            }
            case Tun _ ->
            {
                // created by ioctl (rtnetlink refuses tun/tap); the request only configures it
            }
            case Generic g -> m.nestEnd(linkInfoStart(m, g.kind()));
        }
    }

    private static void queues(final NlMsg m, final int queues)
    {
        if (queues > 0)
        {
            m.attrU32(RtConst.IFLA_NUM_TX_QUEUES, queues).attrU32(RtConst.IFLA_NUM_RX_QUEUES, queues);
        }
    }

    private static int linkInfoStart(final NlMsg m, final String kind)
    {
        final int info = m.nestStart(RtConst.IFLA_LINKINFO);
        m.attrStr(RtConst.IFLA_INFO_KIND, kind);
        return info;
    }

    /** Decodes an RTM_NEWLINK message (a get or dump answer). */
    static LinkInfo decode(final NlReply r)
    {
        final ByteBuffer p = r.payload();
        final int index = p.getInt(4);
        final int flags = p.getInt(8);
        final NlAttrs a = r.attrs(RtConst.IFINFOMSG_SIZE);
        String kind = null;
        int vni = -1;
        final NlAttrs info = a.nested(RtConst.IFLA_LINKINFO);
        if (info != null)
        {
            kind = info.string(RtConst.IFLA_INFO_KIND);
            final NlAttrs data = info.nested(RtConst.IFLA_INFO_DATA);
            if ("vxlan".equals(kind) && data != null)
            {
                vni = data.u32(RtConst.IFLA_VXLAN_ID, -1);
            }
        }
        return new LinkInfo(index, a.string(RtConst.IFLA_IFNAME), kind, a.u32(RtConst.IFLA_MTU, 0),
            MacAddress.ofBytes(a.bytes(RtConst.IFLA_ADDRESS)), flags, a.u32(RtConst.IFLA_MASTER, 0),
            LinkInfo.OperState.of(a.u8(RtConst.IFLA_OPERSTATE, 0)), vni, a.u32(RtConst.IFLA_LINK, 0));
    }

    /** The ifindex of an RTM_NEWLINK message, without parsing attributes. */
    static int index(final NlReply r)
    {
        return r.payload().getInt(4);
    }
}
