// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.ffm.Libc;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.NetlinkSocket;
import io.pontoon.kernel.netlink.NlMsg;
import io.pontoon.kernel.netlink.NlReply;
import io.pontoon.kernel.netns.NetNs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * rtnetlink shaped like iproute2: links, addresses, routes, neighbours and bridge FDB entries
 * of one network namespace. The socket is opened inside the namespace once and then used from
 * any thread (one request at a time). Methods are named object-then-verb and each says which
 * {@code ip}/{@code bridge} command it equals. Every failure is a {@link KernelException}
 * carrying the operation ({@code "ip link add"}), the object ({@code "veth ptv1 peer eth0"}),
 * the errno and the kernel's extended-ack text; names and addresses are validated in Java
 * before anything reaches the kernel. A create either completes or leaves nothing behind.
 *
 * <p>Devices are named by string. Where the kernel wants an ifindex (addresses, routes,
 * neighbours, FDB, masters) the name costs one {@code SIOCGIFINDEX} ioctl on a socket bound to
 * the same namespace (about a microsecond, no netlink round trip, no cache to go stale); where
 * the kernel accepts {@code IFLA_IFNAME} (link set/delete) it costs nothing.
 */
public final class Rtnl implements AutoCloseable
{
    private static final int REQ = NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK;
    private static final int DUMP = NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_DUMP;
    private static final String LINK_SET = "ip link set";

    private final NetlinkSocket sock;
    private final IfIndex ifIndex;
    private final NetNs ns;

    private Rtnl(final NetlinkSocket sock, final IfIndex ifIndex, final NetNs ns)
    {
        this.sock = sock;
        this.ifIndex = ifIndex;
        this.ns = ns;
    }

    /** A handle on the caller's own namespace. */
    public static Rtnl open()
    {
        return sockets(null);
    }

    /** A handle on {@code ns}; its sockets are opened inside it on a throwaway platform thread. */
    public static Rtnl open(final NetNs ns)
    {
        return ns.call(() -> sockets(ns));
    }

    /** Opens both sockets in the calling thread's namespace. */
    private static Rtnl sockets(final NetNs ns)
    {
        final NetlinkSocket sock = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE);
        try
        {
            return new Rtnl(sock, IfIndex.open(), ns);
        }
        catch (final RuntimeException e)
        {
            sock.close();
            throw e;
        }
    }

    /** The namespace this handle works in; null for the caller's own. */
    public NetNs ns()
    {
        return ns;
    }

    /** The netlink socket, for requests this class builds elsewhere in the package. */
    NetlinkSocket socket()
    {
        return sock;
    }

    // ---------------------------------------------------------------- links

    /**
     * Creates a link; {@code ip link add NAME [mtu M] [address MAC] [master BR] [netns NS] type
     * KIND ...} followed by {@code ip link set NAME up} when {@code attrs().up()}, in one request.
     * Fails with EEXIST when the name is taken.
     *
     * @return the new ifindex (from the kernel's NLM_F_ECHO answer, no extra round trip), or 0
     *         when the link was created in another namespace ({@code attrs().ns()})
     */
    public int linkAdd(final Link link)
    {
        final String op = "ip link add";
        final String object = link.describe();
        LinkCodec.validate(link, op, object);
        if (link instanceof Tun t)
        {
            return TunDevice.add(this, t, op, object);
        }
        // the echo goes to the namespace the link lands in, so ask for it only when that is ours
        final boolean echo = link.attrs().ns() == null;
        final List<NlReply> replies = sock.request(LinkCodec.create(link, n -> resolve(n, op, object), echo), op, object);
        if (!echo)
        {
            return 0;
        }
        for (final NlReply r : replies)
        {
            if (r.type() == RtConst.RTM_NEWLINK && link.name().equals(LinkCodec.decode(r).name()))
            {
                return LinkCodec.index(r);
            }
        }
        return resolve(link.name(), op, object);
    }

    /** Deletes a link (a veth takes its peer with it); {@code ip link del NAME}. */
    public void linkDel(final String name)
    {
        final String op = "ip link del";
        LinkNames.check(op, name, name);
        final NlMsg m = new NlMsg().begin(RtConst.RTM_DELLINK, REQ);
        LinkCodec.ifinfomsg(m, 0, 0, 0).attrStr(RtConst.IFLA_IFNAME, name);
        sock.request(m.end(), op, name);
    }

    /** {@code ip -d link show NAME}; empty when there is no such link. */
    public Optional<LinkInfo> linkGet(final String name)
    {
        LinkNames.check("ip link show", name, name);
        return getLink(0, name).map(LinkCodec::decode);
    }

    /** {@code ip -d link show} of the link with this ifindex; empty when there is none. */
    public Optional<LinkInfo> linkGet(final int index)
    {
        if (index <= 0)
        {
            throw KernelException.invalid("ip link show", "index " + index, "an ifindex is > 0");
        }
        return getLink(index, null).map(LinkCodec::decode);
    }

    /** The ifindex of {@code name}; fails with ENODEV when there is no such link. */
    public int linkIndex(final String name)
    {
        return resolve(name, "ip link show", name);
    }

    /** {@code ip -d link show}: every link of the namespace. */
    public List<LinkInfo> linkList()
    {
        final List<LinkInfo> out = new ArrayList<>();
        for (final NlReply r : sock.dump(linkDumpRequest(), "ip link show"))
        {
            if (r.type() == RtConst.RTM_NEWLINK)
            {
                out.add(LinkCodec.decode(r));
            }
        }
        return out;
    }

    /** {@code ip link set NAME up}. */
    public void linkSetUp(final String name)
    {
        setLink(name, RtConst.IFF_UP, RtConst.IFF_UP, "up", m -> { });
    }

    /** {@code ip link set NAME down}. */
    public void linkSetDown(final String name)
    {
        setLink(name, 0, RtConst.IFF_UP, "down", m -> { });
    }

    /** {@code ip link set NAME mtu MTU}. */
    public void linkSetMtu(final String name, final int mtu)
    {
        if (mtu <= 0)
        {
            throw KernelException.invalid(LINK_SET, name + " mtu " + mtu, "an MTU is > 0");
        }
        setLink(name, 0, 0, "mtu " + mtu, m -> m.attrU32(RtConst.IFLA_MTU, mtu));
    }

    /** {@code ip link set NAME master MASTER}. */
    public void linkSetMaster(final String name, final String master)
    {
        final String object = name + " master " + master;
        LinkNames.check(LINK_SET, object, name);
        final int index = resolve(master, LINK_SET, object);
        setLink(name, 0, 0, "master " + master, m -> m.attrU32(RtConst.IFLA_MASTER, index));
    }

    /** {@code ip link set NAME nomaster}. */
    public void linkSetNoMaster(final String name)
    {
        setLink(name, 0, 0, "nomaster", m -> m.attrU32(RtConst.IFLA_MASTER, 0));
    }

    /**
     * Turns hairpin mode of a bridge port on or off, so that the bridge may send a frame back
     * out of the port it came in on; {@code ip link set NAME type bridge_slave hairpin on|off}.
     * Fails (EOPNOTSUPP) when the link is not a bridge port.
     */
    public void linkSetHairpin(final String name, final boolean on)
    {
        final String object = name + " type bridge_slave hairpin " + (on ? "on" : "off");
        LinkNames.check(LINK_SET, object, name);
        final NlMsg m = new NlMsg().begin(RtConst.RTM_NEWLINK, REQ);
        LinkCodec.ifinfomsg(m, 0, 0, 0).attrStr(RtConst.IFLA_IFNAME, name);
        final int info = m.nestStart(RtConst.IFLA_LINKINFO);
        m.attrStr(RtConst.IFLA_INFO_SLAVE_KIND, "bridge");
        final int data = m.nestStart(RtConst.IFLA_INFO_SLAVE_DATA);
        m.attrU8(RtConst.IFLA_BRPORT_MODE, on ? 1 : 0);
        m.nestEnd(data).nestEnd(info);
        sock.request(m.end(), LINK_SET, object);
    }

    /** {@code ip link set NAME address MAC}. */
    public void linkSetMac(final String name, final MacAddress mac)
    {
        setLink(name, 0, 0, "address " + mac, m -> m.attr(RtConst.IFLA_ADDRESS, mac.bytes()));
    }

    /** {@code ip link set NAME name NEWNAME} (the link must be down for most kinds). */
    public void linkSetName(final String name, final String newName)
    {
        final String object = name + " name " + newName;
        LinkNames.check(LINK_SET, object, newName);
        final int index = resolve(name, LINK_SET, object);
        final NlMsg m = new NlMsg().begin(RtConst.RTM_SETLINK, REQ);
        LinkCodec.ifinfomsg(m, index, 0, 0).attrStr(RtConst.IFLA_IFNAME, newName);
        sock.request(m.end(), LINK_SET, object);
    }

    /** {@code ip link set NAME netns NS}: moves the link (it arrives down, addresses dropped). */
    public void linkSetNs(final String name, final NetNs target)
    {
        setLink(name, 0, 0, "netns " + target.path(), m -> m.attrU32(RtConst.IFLA_NET_NS_FD, target.fd()));
    }

    private void setLink(final String name, final int flags, final int change, final String what,
        final Consumer<NlMsg> attrs)
    {
        final String object = name + " " + what;
        LinkNames.check(LINK_SET, object, name);
        final NlMsg m = new NlMsg().begin(RtConst.RTM_SETLINK, REQ);
        LinkCodec.ifinfomsg(m, 0, flags, change).attrStr(RtConst.IFLA_IFNAME, name);
        attrs.accept(m);
        sock.request(m.end(), LINK_SET, object);
    }

    private Optional<NlReply> getLink(final int index, final String name)
    {
        final NlMsg m = new NlMsg().begin(RtConst.RTM_GETLINK, REQ);
        LinkCodec.ifinfomsg(m, index, 0, 0);
        if (name != null)
        {
            m.attrStr(RtConst.IFLA_IFNAME, name);
        }
        m.attrU32(RtConst.IFLA_EXT_MASK, RtConst.RTEXT_FILTER_SKIP_STATS);
        try
        {
            for (final NlReply r : sock.request(m.end(), "ip link show", name == null ? "index " + index : name))
            {
                if (r.type() == RtConst.RTM_NEWLINK)
                {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
        catch (final KernelException e)
        {
            if (e.errno() == Errno.ENODEV)
            {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Name to ifindex, failing as {@code op object} with ENODEV when the device is missing. */
    int resolve(final String name, final String op, final String object)
    {
        LinkNames.check(op, object, name);
        final int index = ifIndex.lookup(name);
        if (index <= 0)
        {
            throw new KernelException(op, object, Errno.ENODEV, "device " + name + " does not exist");
        }
        return index;
    }

    private static NlMsg linkDumpRequest()
    {
        final NlMsg m = new NlMsg().begin(RtConst.RTM_GETLINK, DUMP);
        LinkCodec.ifinfomsg(m, 0, 0, 0).attrU32(RtConst.IFLA_EXT_MASK, RtConst.RTEXT_FILTER_SKIP_STATS);
        return m.end();
    }

    private Map<Integer, String> linkNames()
    {
        final Map<Integer, String> names = new HashMap<>();
        for (final LinkInfo l : linkList())
        {
            names.put(l.index(), l.name());
        }
        return names;
    }

    // ---------------------------------------------------------------- addresses

    /**
     * {@code ip addr add ADDR/LEN dev DEV} (IPv4 also gets its broadcast address, as
     * {@code brd +}; IPv6 gets {@code nodad}: IPAM already guarantees uniqueness). EEXIST when
     * the address is already there.
     */
    public void addrAdd(final String dev, final IpPrefix addr)
    {
        addr(RtConst.RTM_NEWADDR, NlMsg.NLM_F_CREATE | NlMsg.NLM_F_EXCL, "ip addr add", dev, addr);
    }

    /** {@link #addrAdd(String, IpPrefix)} from text such as {@code 10.200.0.2/24}, validated first. */
    public void addrAdd(final String dev, final String cidr)
    {
        addrAdd(dev, parseCidr("ip addr add", dev, cidr));
    }

    /** {@code ip addr del ADDR/LEN dev DEV}. */
    public void addrDel(final String dev, final IpPrefix addr)
    {
        addr(RtConst.RTM_DELADDR, 0, "ip addr del", dev, addr);
    }

    /** {@link #addrDel(String, IpPrefix)} from text, validated first. */
    public void addrDel(final String dev, final String cidr)
    {
        addrDel(dev, parseCidr("ip addr del", dev, cidr));
    }

    /** {@code ip addr show dev DEV}: IPv4 and IPv6 addresses (IPv6 link-local included). */
    public List<IpPrefix> addrList(final String dev)
    {
        final int index = resolve(dev, "ip addr show", "dev " + dev);
        final List<IpPrefix> out = new ArrayList<>();
        for (final Addr a : addrDump(index, i -> dev))
        {
            out.add(a.address());
        }
        return out;
    }

    /** {@code ip addr show}: every address of every link in the namespace. */
    public List<Addr> addrList()
    {
        final Map<Integer, String> names = linkNames();
        return addrDump(0, names::get);
    }

    private List<Addr> addrDump(final int index, final IntFunction<String> nameOf)
    {
        final NlMsg m = new NlMsg().begin(RtConst.RTM_GETADDR, DUMP).u8(RtConst.AF_UNSPEC).u8(0).u8(0).u8(0).u32(index);
        final List<Addr> out = new ArrayList<>();
        for (final NlReply r : sock.dump(m.end(), "ip addr show"))
        {
            if (r.type() == RtConst.RTM_NEWADDR)
            {
                final Addr a = RtCodec.decodeAddr(r, nameOf);
                if (index == 0 || a.index() == index)
                {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private void addr(final int type, final int flags, final String op, final String dev, final IpPrefix addr)
    {
        final String object = addr + " dev " + dev;
        final int index = resolve(dev, op, object);
        sock.request(RtCodec.addr(type, flags, index, addr), op, object);
    }

    private static IpPrefix parseCidr(final String op, final String dev, final String cidr)
    {
        try
        {
            return IpPrefix.parse(cidr);
        }
        catch (final IllegalArgumentException e)
        {
            throw KernelException.invalid(op, cidr + " dev " + dev, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- routes

    /** {@code ip route add ROUTE}; EEXIST when an equal route exists. */
    public void routeAdd(final Route r)
    {
        route(RtConst.RTM_NEWROUTE, NlMsg.NLM_F_CREATE | NlMsg.NLM_F_EXCL, "ip route add", r);
    }

    /** {@code ip route replace ROUTE}: adds, or replaces the route with the same key. */
    public void routeReplace(final Route r)
    {
        route(RtConst.RTM_NEWROUTE, NlMsg.NLM_F_CREATE | NlMsg.NLM_F_REPLACE, "ip route replace", r);
    }

    /**
     * {@code ip route del ROUTE}; fields left at their defaults (protocol 0, scope auto, no
     * metric, no gateway) match anything, as with {@code ip route del}. ESRCH when none matches.
     */
    public void routeDel(final Route r)
    {
        route(RtConst.RTM_DELROUTE, 0, "ip route del", r);
    }

    /** {@code ip route show table T} for IPv4 and {@code ip -6 route show table T}; 0 = all tables. */
    public List<Route> routeList(final int table)
    {
        if (table < 0)
        {
            throw KernelException.invalid("ip route show", "table " + table, "a table id is >= 0");
        }
        final List<NlReply> replies = new ArrayList<>();
        for (final int family : new int[] {Libc.AF_INET, Libc.AF_INET6})
        {
            final NlMsg m = new NlMsg().begin(RtConst.RTM_GETROUTE, DUMP).u8(family).u8(0).u8(0).u8(0)
                .u8(table < 256 ? table : RtConst.RT_TABLE_UNSPEC).u8(0).u8(0).u8(0).u32(0);
            if (table != 0)
            {
                m.attrU32(RtConst.RTA_TABLE, table);
            }
            replies.addAll(sock.dump(m.end(), "ip route show"));
        }
        final Map<Integer, String> names = linkNames();
        final List<Route> out = new ArrayList<>();
        for (final NlReply r : replies)
        {
            if (r.type() == RtConst.RTM_NEWROUTE)
            {
                out.add(RtCodec.decodeRoute(r, names::get));
            }
        }
        return out;
    }

    private void route(final int type, final int flags, final String op, final Route r)
    {
        final String object = r.describe();
        final int oif = r.oif() == null ? 0 : resolve(r.oif(), op, object);
        sock.request(RtCodec.route(type, flags, r, oif), op, object);
    }

    // ---------------------------------------------------------------- neighbours

    /**
     * {@code ip neigh replace IP lladdr MAC dev DEV nud STATE} (state 0 means permanent), or
     * {@code ip neigh replace proxy IP dev DEV} for a proxy entry.
     */
    public void neighReplace(final Neigh n)
    {
        neigh(RtConst.RTM_NEWNEIGH, NlMsg.NLM_F_CREATE | NlMsg.NLM_F_REPLACE, "ip neigh replace", n);
    }

    /** {@code ip neigh del [proxy] IP dev DEV}. */
    public void neighDel(final Neigh n)
    {
        neigh(RtConst.RTM_DELNEIGH, 0, "ip neigh del", n);
    }

    /** {@code ip neigh show dev DEV} plus {@code ip neigh show proxy dev DEV}, IPv4 and IPv6. */
    public List<Neigh> neighList(final String dev)
    {
        final int index = resolve(dev, "ip neigh show", "dev " + dev);
        final List<Neigh> out = new ArrayList<>();
        for (final int ntf : new int[] {0, RtConst.NTF_PROXY})
        {
            final NlMsg m = new NlMsg().begin(RtConst.RTM_GETNEIGH, DUMP).u8(RtConst.AF_UNSPEC).u8(0).u16(0).u32(0)
                .u16(0).u8(ntf).u8(0).attrU32(RtConst.NDA_IFINDEX, index);
            for (final NlReply r : sock.dump(m.end(), "ip neigh show"))
            {
                final int family = Byte.toUnsignedInt(r.payload().get(0));
                if (r.type() == RtConst.RTM_NEWNEIGH && (family == Libc.AF_INET || family == Libc.AF_INET6)
                    && r.payload().getInt(4) == index)
                {
                    out.add(RtCodec.decodeNeigh(r, dev));
                }
            }
        }
        return out;
    }

    private void neigh(final int type, final int flags, final String op, final Neigh n)
    {
        final String object = n.describe();
        final int index = resolve(n.dev(), op, object);
        final Neigh sent = n.state() == 0 && !n.proxy() ? new Neigh(n.dev(), n.ip(), n.mac(), RtConst.NUD_PERMANENT,
            false) : n;
        sock.request(RtCodec.neigh(type, flags, sent, index), op, object);
    }

    // ---------------------------------------------------------------- bridge FDB

    /** {@code bridge fdb append MAC dev DEV [dst IP] [self] [master] permanent|static}. */
    public void fdbAppend(final Fdb f)
    {
        fdb(RtConst.RTM_NEWNEIGH, NlMsg.NLM_F_CREATE | NlMsg.NLM_F_APPEND, "bridge fdb append", f);
    }

    /** {@code bridge fdb replace MAC dev DEV [dst IP] [self] [master] permanent|static}. */
    public void fdbReplace(final Fdb f)
    {
        fdb(RtConst.RTM_NEWNEIGH, NlMsg.NLM_F_CREATE | NlMsg.NLM_F_REPLACE, "bridge fdb replace", f);
    }

    /** {@code bridge fdb del MAC dev DEV [dst IP] [self] [master]}. */
    public void fdbDel(final Fdb f)
    {
        fdb(RtConst.RTM_DELNEIGH, 0, "bridge fdb del", f);
    }

    /**
     * {@code bridge fdb show dev DEV}: the device's own entries (self) and, for a bridge port,
     * the bridge's entries for it (master). A VXLAN entry with several destinations comes back
     * as one {@link Fdb} per destination.
     */
    public List<Fdb> fdbList(final String dev)
    {
        final int index = resolve(dev, "bridge fdb show", "dev " + dev);
        final NlMsg m = new NlMsg().begin(RtConst.RTM_GETNEIGH, DUMP).u8(Libc.AF_BRIDGE).u8(0).u16(0).u32(index)
            .u16(0).u8(0).u8(0);
        final List<Fdb> out = new ArrayList<>();
        for (final NlReply r : sock.dump(m.end(), "bridge fdb show"))
        {
            if (r.type() == RtConst.RTM_NEWNEIGH && r.payload().get(0) == Libc.AF_BRIDGE && r.payload().getInt(4) == index)
            {
                out.add(RtCodec.decodeFdb(r, dev));
            }
        }
        return out;
    }

    private void fdb(final int type, final int flags, final String op, final Fdb f)
    {
        final String object = f.describe();
        final int index = resolve(f.dev(), op, object);
        sock.request(RtCodec.fdb(type, flags, f, index), op, object);
    }

    @Override
    public void close()
    {
        sock.close();
        ifIndex.close();
    }
}
