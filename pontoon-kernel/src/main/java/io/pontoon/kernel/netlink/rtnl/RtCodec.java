// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.ffm.Libc;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.NlAttrs;
import io.pontoon.kernel.netlink.NlMsg;
import io.pontoon.kernel.netlink.NlReply;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * Wire format of address, route, neighbour and FDB messages.
 *
 * <pre>
 * ifaddrmsg (8):  | family u8 | prefixlen u8 | flags u8 | scope u8 | index u32 |
 * rtmsg (12):     | family | dst_len | src_len | tos | table | protocol | scope | type | flags u32 |
 * ndmsg (12):     | family u8 | pad u8 | pad u16 | ifindex i32 | state u16 | flags u8 | type u8 |
 * </pre>
 */
final class RtCodec
{
    private RtCodec()
    {
    }

    static int family(final InetAddress a)
    {
        return a instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6;
    }

    // -- addresses --

    /** RTM_NEWADDR / RTM_DELADDR for {@code addr} on {@code index}; IPv6 gets IFA_F_NODAD. */
    static NlMsg addr(final int type, final int flags, final int index, final IpPrefix addr)
    {
        final boolean v4 = addr.isIpv4();
        final byte[] raw = addr.address().getAddress();
        final int scope = v4 && (raw[0] & 0xff) == 127 ? RtConst.RT_SCOPE_HOST : RtConst.RT_SCOPE_UNIVERSE;
        final int ifaFlags = v4 ? 0 : RtConst.IFA_F_NODAD;
        final NlMsg m = new NlMsg().begin(type, NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK | flags)
            .u8(family(addr.address())).u8(addr.length()).u8(ifaFlags).u8(scope).u32(index)
            .attr(RtConst.IFA_LOCAL, raw).attr(RtConst.IFA_ADDRESS, raw);
        if (v4 && addr.length() < 31 && type == RtConst.RTM_NEWADDR)
        {
            m.attr(RtConst.IFA_BROADCAST, addr.last().getAddress());
        }
        if (ifaFlags != 0)
        {
            m.attrU32(RtConst.IFA_FLAGS, ifaFlags);
        }
        return m.end();
    }

    /** Decodes an RTM_NEWADDR message; IFA_LOCAL wins over IFA_ADDRESS (the peer on point-to-point). */
    static Addr decodeAddr(final NlReply r, final IntFunction<String> nameOf)
    {
        final ByteBuffer p = r.payload();
        final int len = Byte.toUnsignedInt(p.get(1));
        final int scope = Byte.toUnsignedInt(p.get(3));
        final int index = p.getInt(4);
        final NlAttrs a = r.attrs(RtConst.IFADDRMSG_SIZE);
        final byte[] raw = a.has(RtConst.IFA_LOCAL) ? a.bytes(RtConst.IFA_LOCAL) : a.bytes(RtConst.IFA_ADDRESS);
        return new Addr(nameOf.apply(index), index, new IpPrefix(ip(raw), len), scope);
    }

    // -- routes --

    /** RTM_NEWROUTE / RTM_DELROUTE. A delete leaves unset fields as wildcards, as {@code ip route del} does. */
    static NlMsg route(final int type, final int flags, final Route r, final int oifIndex)
    {
        final boolean del = type == RtConst.RTM_DELROUTE;
        final boolean v6 = r.isIpv6();
        final int table = r.effectiveTable();
        final int protocol = r.protocol() != 0 || del ? r.protocol() : RtConst.RTPROT_BOOT;
        final int scope;
        if (r.scope() != Route.SCOPE_AUTO)
        {
            scope = r.scope();
        }
        else if (del)
        {
            scope = RtConst.RT_SCOPE_NOWHERE;
        }
        else if (r.type() == Route.Type.LOCAL)
        {
            scope = RtConst.RT_SCOPE_HOST;
        }
        else if (r.type() == Route.Type.UNICAST && r.gateway() == null)
        {
            scope = RtConst.RT_SCOPE_LINK;
        }
        else
        {
            scope = RtConst.RT_SCOPE_UNIVERSE;
        }
        final NlMsg m = new NlMsg().begin(type, NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK | flags)
            .u8(v6 ? Libc.AF_INET6 : Libc.AF_INET).u8(r.dst() == null ? 0 : r.dst().length()).u8(0).u8(0)
            .u8(table < 256 ? table : RtConst.RT_TABLE_UNSPEC).u8(protocol).u8(scope).u8(r.type().code()).u32(0);
        if (r.dst() != null && r.dst().length() > 0)
        {
            m.attr(RtConst.RTA_DST, r.dst().address().getAddress());
        }
        if (r.gateway() != null)
        {
            m.attr(RtConst.RTA_GATEWAY, r.gateway().getAddress());
        }
        if (oifIndex > 0)
        {
            m.attrU32(RtConst.RTA_OIF, oifIndex);
        }
        if (r.metric() > 0)
        {
            m.attrU32(RtConst.RTA_PRIORITY, r.metric());
        }
        if (r.src() != null)
        {
            m.attr(RtConst.RTA_PREFSRC, r.src().getAddress());
        }
        if (!del && !r.metrics().isEmpty())
        {
            metrics(m, r.metrics());
        }
        return m.attrU32(RtConst.RTA_TABLE, table).end();
    }

    /** RTA_METRICS: one u32 RTAX_* attribute per metric that is set. */
    private static void metrics(final NlMsg m, final RouteMetrics x)
    {
        final int at = m.nestStart(RtConst.RTA_METRICS);
        final int[][] pairs = {{RtConst.RTAX_MTU, x.mtu()}, {RtConst.RTAX_ADVMSS, x.advmss()},
            {RtConst.RTAX_HOPLIMIT, x.hoplimit()}, {RtConst.RTAX_INITCWND, x.initcwnd()}};
        for (final int[] p : pairs)
        {
            if (p[1] > 0)
            {
                m.attrU32(p[0], p[1]);
            }
        }
        m.nestEnd(at);
    }

    /** The metrics Route models out of RTA_METRICS (others, e.g. a congestion algorithm, are ignored). */
    static RouteMetrics decodeMetrics(final NlAttrs a)
    {
        final NlAttrs x = a.nested(RtConst.RTA_METRICS);
        if (x == null)
        {
            return RouteMetrics.NONE;
        }
        return new RouteMetrics(x.u32(RtConst.RTAX_MTU, 0), x.u32(RtConst.RTAX_ADVMSS, 0),
            x.u32(RtConst.RTAX_HOPLIMIT, 0), x.u32(RtConst.RTAX_INITCWND, 0));
    }

    /** Decodes an RTM_NEWROUTE message; {@code nameOf} maps RTA_OIF to a device name. */
    static Route decodeRoute(final NlReply r, final IntFunction<String> nameOf)
    {
        final ByteBuffer p = r.payload();
        final boolean v4 = Byte.toUnsignedInt(p.get(0)) == Libc.AF_INET;
        final int dstLen = Byte.toUnsignedInt(p.get(1));
        final NlAttrs a = r.attrs(RtConst.RTMSG_SIZE);
        final byte[] dst = a.has(RtConst.RTA_DST) ? a.bytes(RtConst.RTA_DST) : new byte[v4 ? 4 : 16];
        final int oif = a.u32(RtConst.RTA_OIF, 0);
        return new Route(new IpPrefix(ip(dst), dstLen), ipOrNull(a.bytes(RtConst.RTA_GATEWAY)),
            oif == 0 ? null : nameOf.apply(oif), a.u32(RtConst.RTA_TABLE, Byte.toUnsignedInt(p.get(4))),
            Byte.toUnsignedInt(p.get(5)), Byte.toUnsignedInt(p.get(6)), a.u32(RtConst.RTA_PRIORITY, 0),
            Route.Type.of(Byte.toUnsignedInt(p.get(7))), ipOrNull(a.bytes(RtConst.RTA_PREFSRC)), decodeMetrics(a));
    }

    // -- neighbours and FDB --

    private static NlMsg ndmsg(final int type, final int flags, final int family, final int index, final int state,
        final int ntf)
    {
        return new NlMsg().begin(type, NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK | flags)
            .u8(family).u8(0).u16(0).u32(index).u16(state).u8(ntf).u8(0);
    }

    /** RTM_NEWNEIGH / RTM_DELNEIGH for an ARP/NDP entry. */
    static NlMsg neigh(final int type, final int flags, final Neigh n, final int index)
    {
        final NlMsg m = ndmsg(type, flags, family(n.ip()), index, n.state(), n.proxy() ? RtConst.NTF_PROXY : 0)
            .attr(RtConst.NDA_DST, n.ip().getAddress());
        if (n.mac() != null && type != RtConst.RTM_DELNEIGH)
        {
            m.attr(RtConst.NDA_LLADDR, n.mac().bytes());
        }
        return m.end();
    }

    static Neigh decodeNeigh(final NlReply r, final String dev)
    {
        final ByteBuffer p = r.payload();
        final NlAttrs a = r.attrs(RtConst.NDMSG_SIZE);
        return new Neigh(dev, ip(a.bytes(RtConst.NDA_DST)), MacAddress.ofBytes(a.bytes(RtConst.NDA_LLADDR)),
            Short.toUnsignedInt(p.getShort(8)), (p.get(10) & RtConst.NTF_PROXY) != 0);
    }

    /** The ndm_state an FDB entry is written with: permanent, or static (never aged). */
    static int fdbState(final Fdb f)
    {
        return RtConst.NUD_NOARP | (f.permanent() ? RtConst.NUD_PERMANENT : RtConst.NUD_REACHABLE);
    }

    /** RTM_NEWNEIGH / RTM_DELNEIGH, family AF_BRIDGE. */
    static NlMsg fdb(final int type, final int flags, final Fdb f, final int index)
    {
        final int ntf = (f.self() || !f.master() ? RtConst.NTF_SELF : 0) | (f.master() ? RtConst.NTF_MASTER : 0);
        final NlMsg m = ndmsg(type, flags, Libc.AF_BRIDGE, index, fdbState(f), ntf)
            .attr(RtConst.NDA_LLADDR, f.mac().bytes());
        if (f.dst() != null)
        {
            m.attr(RtConst.NDA_DST, f.dst().getAddress());
        }
        return m.end();
    }

    /** Decodes an AF_BRIDGE RTM_NEWNEIGH; the bridge marks its own entries with NDA_MASTER, not NTF_MASTER. */
    static Fdb decodeFdb(final NlReply r, final String dev)
    {
        final ByteBuffer p = r.payload();
        final NlAttrs a = r.attrs(RtConst.NDMSG_SIZE);
        final int state = Short.toUnsignedInt(p.getShort(8));
        final int ntf = p.get(10);
        final MacAddress mac = MacAddress.ofBytes(a.bytes(RtConst.NDA_LLADDR));
        return new Fdb(dev, mac == null ? MacAddress.ZERO : mac, ipOrNull(a.bytes(RtConst.NDA_DST)),
            (ntf & RtConst.NTF_SELF) != 0, (ntf & RtConst.NTF_MASTER) != 0 || a.has(RtConst.NDA_MASTER),
            (state & RtConst.NUD_PERMANENT) != 0);
    }

    // -- helpers --

    static InetAddress ip(final byte[] raw)
    {
        try
        {
            return InetAddress.getByAddress(raw);
        }
        catch (final UnknownHostException e)
        {
            throw new IllegalArgumentException("address of " + (raw == null ? "no" : raw.length) + " bytes", e);
        }
    }

    static InetAddress ipOrNull(final byte[] raw)
    {
        return raw == null ? null : ip(raw);
    }
}
