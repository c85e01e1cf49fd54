// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.overlay;

import io.pontoon.core.PontoonException;
import io.pontoon.core.model.Mac;
import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.rtnl.Addr;
import io.pontoon.kernel.netlink.rtnl.LinkAttrs;
import io.pontoon.kernel.netlink.rtnl.LinkInfo;
import io.pontoon.kernel.netlink.rtnl.Route;
import io.pontoon.kernel.netlink.rtnl.RtConst;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netlink.rtnl.Vxlan;
import io.pontoon.kernel.sysctl.Sysctl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The kernel objects an overlay network has on top of a bridge network: the VXLAN device on the
 * bridge, the underlay it rides on, and this host's own address on the network. Every method
 * is idempotent and reads before it writes, so repairing a network that is right writes nothing.
 */
final class OverlayKernel
{
    private static final System.Logger LOG = System.getLogger("pontoon.overlay");

    private final Rtnl host;
    private final InetAddress advertise;

    /** The device that holds the advertise address, and its MTU. */
    record Underlay(String dev, int mtu)
    {
    }

    OverlayKernel(final Rtnl host, final InetAddress advertise)
    {
        this.host = host;
        this.advertise = advertise;
    }

    InetAddress advertise()
    {
        return advertise;
    }

    /** Finds the device holding the advertise address ({@code ip -o addr show to ADDR}) and reads its MTU. */
    Underlay underlay()
    {
        if (advertise == null)
        {
            throw PontoonException.unavailable("overlay networks need this host's advertise address (the daemon runs"
                + " without a cluster)");
        }
        for (final Addr a : host.addrList())
        {
            if (a.address().address().equals(advertise))
            {
                final LinkInfo l = host.linkGet(a.dev()).orElseThrow(() ->
                    PontoonException.unavailable("underlay device %s vanished", a.dev()));
                return new Underlay(l.name(), l.mtu());
            }
        }
        throw PontoonException.unavailable("advertise address %s is on no interface of this host",
            advertise.getHostAddress());
    }

    /**
     * Creates or repairs the VXLAN device. Equals {@code ip link add VX mtu M master BR type vxlan
     * id VNI local ADVERTISE dev UNDERLAY dstport 4789 nolearning proxy; sysctl -w
     * net.ipv6.conf.VX.disable_ipv6=1; ip link set VX up}; an existing one only gets its master,
     * MTU, IPv6 and up state corrected. Returns whether it was created here.
     */
    boolean ensureVxlan(final String name, final int vni, final String bridge, final int mtu, final Underlay u)
    {
        final Optional<LinkInfo> link = host.linkGet(name);
        if (link.isEmpty())
        {
            host.linkAdd(Vxlan.of(name, vni).withLocal(advertise).withUnderlay(u.dev()).withProxy(true)
                .withLearning(false).withAttrs(LinkAttrs.named(name).withMtu(mtu).withMaster(bridge)));
            try
            {
                noIpv6(name);
                host.linkSetUp(name);
            }
            catch (final RuntimeException e)
            {
                deleteLink(name);
                throw e;
            }
            return true;
        }
        final LinkInfo l = link.get();
        if (!"vxlan".equals(l.kind()) || l.vxlanId() != vni)
        {
            throw PontoonException.conflict("cannot use %s for VNI %d: a %s link with that name exists", name, vni,
                "vxlan".equals(l.kind()) ? "vxlan (VNI " + l.vxlanId() + ")" : String.valueOf(l.kind()));
        }
        final int bridgeIndex = host.linkIndex(bridge);
        if (l.masterIndex() != bridgeIndex)
        {
            if (l.masterIndex() != 0)
            {
                throw PontoonException.conflict("VXLAN device %s (VNI %d) already belongs to another bridge", name, vni);
            }
            host.linkSetMaster(name, bridge);
        }
        setMtu(l, mtu);
        noIpv6(name);
        if (!l.up())
        {
            host.linkSetUp(name);
        }
        return false;
    }

    /**
     * {@code sysctl -w net.ipv6.conf.VX.disable_ipv6=1}: a bridge port needs no address of its own,
     * and without one it sends no DAD, MLD or router solicitations into the overlay (which it would
     * drop anyway) and gets no kernel neighbour entries. Skipped when the host has no IPv6.
     */
    private void noIpv6(final String name)
    {
        final String key = "net.ipv6.conf." + name + ".disable_ipv6";
        try
        {
            if (!"1".equals(Sysctl.get(host.ns(), key)))
            {
                Sysctl.set(host.ns(), key, "1");
            }
        }
        catch (final KernelException e)
        {
            if (!e.isNotFound())
            {
                throw e;
            }
        }
    }

    /** {@code ip link set DEV mtu M} unless it has it already. */
    void setMtu(final String dev, final int mtu)
    {
        host.linkGet(dev).ifPresent(l -> setMtu(l, mtu));
    }

    private void setMtu(final LinkInfo l, final int mtu)
    {
        if (l.mtu() != mtu)
        {
            host.linkSetMtu(l.name(), mtu);
        }
    }

    /** {@code ip link del VX}; missing is fine. */
    void deleteLink(final String name)
    {
        try
        {
            host.linkDel(name);
        }
        catch (final KernelException e)
        {
            if (!e.isNotFound())
            {
                throw e;
            }
        }
    }

    /** The MAC of {@code dev}, empty when there is no such device. */
    Optional<MacAddress> mac(final String dev)
    {
        return host.linkGet(dev).map(LinkInfo::mac);
    }

    /** The MAC a bridge gets for host address {@code a}: {@code 02:42} and the address, like an endpoint's. */
    static MacAddress hostMac(final InetAddress a)
    {
        return MacAddress.parse(Mac.fromIpv4(a));
    }

    /**
     * Gives the bridge this host's own address on the network and makes it the source of the
     * host's traffic into the network. Equals {@code ip addr add HOST/32 dev BR; ip link set BR
     * address MAC; ip route replace SUBNET dev BR src HOST proto 112}, then deletes an earlier
     * host address. Only what differs is written.
     */
    void hostAddress(final String bridge, final IpPrefix subnet, final IpPrefix gateway, final InetAddress address,
        final MacAddress mac)
    {
        final IpPrefix mine = new IpPrefix(address, 32);
        final List<IpPrefix> addrs = host.addrList(bridge);
        if (!addrs.contains(mine))
        {
            host.addrAdd(bridge, mine);
        }
        if (!mac.equals(mac(bridge).orElse(null)))
        {
            host.linkSetMac(bridge, mac);
        }
        subnetRoute(bridge, subnet, address, OverlayNetworkDriver.ROUTE_PROTOCOL);
        for (final IpPrefix a : addrs)
        {
            if (isHostAddress(a, subnet, gateway) && !a.equals(mine))
            {
                host.addrDel(bridge, a);
            }
        }
    }

    /** Undoes {@link #hostAddress}: the subnet route goes back to the gateway as source. */
    void clearHostAddress(final String bridge, final IpPrefix subnet, final IpPrefix gateway)
    {
        final List<IpPrefix> mine = host.addrList(bridge).stream().filter(a -> isHostAddress(a, subnet, gateway)).toList();
        if (mine.isEmpty())
        {
            return;
        }
        subnetRoute(bridge, subnet, gateway.address(), RtConst.RTPROT_KERNEL);
        for (final IpPrefix a : mine)
        {
            host.addrDel(bridge, a);
        }
    }

    private void subnetRoute(final String bridge, final IpPrefix subnet, final InetAddress src, final int protocol)
    {
        final IpPrefix dst = subnet.network();
        final boolean present = host.routeList(RtConst.RT_TABLE_MAIN).stream().anyMatch(r -> dst.equals(r.dst())
            && bridge.equals(r.oif()) && src.equals(r.src()) && r.protocol() == protocol && r.gateway() == null);
        if (!present)
        {
            host.routeReplace(Route.dev(dst, bridge).withSrc(src).withProtocol(protocol));
        }
    }

    /** A /32 inside the subnet other than the gateway: only a host address is put there. */
    private static boolean isHostAddress(final IpPrefix a, final IpPrefix subnet, final IpPrefix gateway)
    {
        return a.address() instanceof Inet4Address && a.length() == 32 && subnet.contains(a.address())
            && !a.address().equals(gateway.address());
    }

    /** Deletes {@code ptx*} VXLAN devices whose bridge is not one of {@code bridges} (or that have none). */
    void prune(final Set<String> bridges)
    {
        final List<LinkInfo> links = host.linkList();
        final Map<Integer, String> names = new HashMap<>();
        links.forEach(l -> names.put(l.index(), l.name()));
        for (final LinkInfo l : links)
        {
            if (l.name().startsWith(OverlayNetworkDriver.VXLAN_PREFIX) && "vxlan".equals(l.kind())
                && !bridges.contains(names.get(l.masterIndex())))
            {
                LOG.log(System.Logger.Level.INFO, "removing orphan VXLAN device " + l.name());
                deleteLink(l.name());
            }
        }
    }
}
