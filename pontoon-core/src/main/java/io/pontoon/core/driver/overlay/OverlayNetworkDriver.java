// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.overlay;

import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.driver.Prunable;
import io.pontoon.core.driver.SandboxNs;
import io.pontoon.core.driver.bridge.BridgeDriver;
import io.pontoon.core.driver.bridge.BridgeNetworkDriver;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.PortMapping;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.rtnl.Route;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netlink.rtnl.Vxlan;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code overlay} driver's data plane: an L2 network spanning hosts over VXLAN, programmed
 * statically from what the cluster control plane says ({@link OverlayPeers}). On each host a
 * network is a bridge network ({@link BridgeDriver}: bridge {@code pt-ID}, veths, NAT, published
 * ports, isolation) plus a VXLAN device {@code ptxVNI} on that bridge, and the same gateway
 * address on every host's bridge (an anycast gateway: containers leave the network through
 * their own host). See {@code package-info} for the picture.
 *
 * <p>What the control plane provides: the VNI in the network's options ({@link #OPT_VNI}), the
 * advertise address (constructor), the remote endpoints ({@link OverlayPeers}), and one address
 * per host per network, either in this host's copy of the record ({@link #OPT_HOST_ADDRESS},
 * {@link #OPT_HOST_MAC}) or through {@link #hostAddress}; it publishes that address to the other
 * hosts as a {@link RemoteEndpoint} with the same MAC ({@link #hostMac(InetAddress)} by default).
 */
public final class OverlayNetworkDriver implements NetworkDriver, OverlayPeers, Prunable, AutoCloseable
{
    public static final String NAME = "overlay";
    /** The network's VXLAN network identifier, 1-16777215, chosen cluster-wide by the control plane. */
    public static final String OPT_VNI = "pontoon.vni";
    /**
     * This host's own address on the network, CIDR (e.g. {@code 10.200.0.18/24}), in this host's
     * copy of the record only: the source of host-originated traffic into the network.
     */
    public static final String OPT_HOST_ADDRESS = "pontoon.overlay.host-address";
    /** The MAC published with {@link #OPT_HOST_ADDRESS}; the bridge gets it. Default {@link #hostMac(InetAddress)}. */
    public static final String OPT_HOST_MAC = "pontoon.overlay.host-mac";
    /** Name prefix of Pontoon's VXLAN devices: {@code ptx} and the VNI in hex. */
    public static final String VXLAN_PREFIX = "ptx";
    /** {@code proto} of the routes Pontoon installs ({@code ip route show proto 112}). */
    public static final int ROUTE_PROTOCOL = 112;

    private final BridgeDriver bridge;
    private final OverlayKernel kernel;
    private final Rtnl host;
    private final Announcer announcer;
    private final Map<String, Local> nets = new ConcurrentHashMap<>();

    /** What this host knows of one network; its monitor serializes everything done to the network. */
    private static final class Local
    {
        final PeerTable peers;
        InetAddress hostAddress;
        MacAddress hostMac;
        int mtu;

        Local(final PeerTable peers)
        {
            this.peers = peers;
        }
    }

    /**
     * @param bridge    the bridge driver of the host namespace (shared with the {@code bridge} driver)
     * @param host      rtnetlink of the same namespace
     * @param advertise this host's underlay address: VXLAN source and the VTEP other hosts send to;
     *                  null when the daemon runs without a cluster (overlay networks then fail)
     */
    public OverlayNetworkDriver(final BridgeDriver bridge, final Rtnl host, final InetAddress advertise)
    {
        this.bridge = bridge;
        this.host = host;
        this.kernel = new OverlayKernel(host, advertise);
        this.announcer = new Announcer(host.ns());
    }

    @Override
    public String name()
    {
        return NAME;
    }

    /** The VXLAN device of a VNI: {@code ptx} and the VNI in lowercase hex ({@code ptx1001}). */
    public static String vxlanName(final int vni)
    {
        return VXLAN_PREFIX + Integer.toHexString(vni);
    }

    /** The MAC of the bridge that holds host address {@code a} ({@code 02:42} + the IPv4 bytes). */
    public static MacAddress hostMac(final InetAddress a)
    {
        return OverlayKernel.hostMac(a);
    }

    /** The VNI stored in the network's options; INVALID when it is missing. */
    public static int vni(final NetworkRecord n)
    {
        return OverlayOptions.vni(n);
    }

    @Override
    public Map<String, String> validateOptions(final Map<String, String> options)
    {
        return OverlayOptions.validate(options);
    }

    @Override
    public String hostInterface(final NetworkRecord n)
    {
        return n.bridgeName() != null ? n.bridgeName() : "pt-" + Ids.shortId(n.id());
    }

    private Local local(final String networkId)
    {
        return nets.computeIfAbsent(networkId, id -> new Local(new PeerTable(id, host, kernel.advertise(), announcer)));
    }

    /** The bridge network under the overlay, with the MTU this host can carry. */
    private BridgeDriver.Net net(final NetworkRecord n, final int mtu)
    {
        final Map<String, String> o = n.options();
        return new BridgeDriver.Net(Ids.shortId(n.id()), hostInterface(n), n.gateway(), mtu, n.internal(),
            !"false".equals(o.get(BridgeNetworkDriver.OPT_MASQUERADE)), !"false".equals(o.get(BridgeNetworkDriver.OPT_ICC)));
    }

    /** Underlay MTU minus the VXLAN overhead, lowered (never raised) by the network's MTU option. */
    private int mtu(final NetworkRecord n, final OverlayKernel.Underlay u)
    {
        final int path = u.mtu() - Vxlan.OVERHEAD_IPV4;
        final String opt = n.options().get(BridgeNetworkDriver.OPT_MTU);
        return opt == null ? path : Math.min(path, Integer.parseInt(opt));
    }

    /** The MTU the network has on this host: from its creation, or computed again after a restart. */
    private BridgeDriver.Net net(final NetworkRecord n)
    {
        final Local l = local(n.id());
        synchronized (l)
        {
            if (l.mtu == 0)
            {
                l.mtu = mtu(n, kernel.underlay());
            }
            return net(n, l.mtu);
        }
    }

    /**
     * Creates or repairs the network on this host: the bridge network, the VXLAN device on it, the
     * host address (when known), then the remote endpoints known so far. Nothing that is already
     * right is rewritten, so a restart's replay causes no traffic blip.
     */
    @Override
    public void createNetwork(final NetworkRecord n)
    {
        if (n.subnet() == null || n.gateway() == null || !n.subnet().isIpv4())
        {
            throw PontoonException.invalid("overlay network '%s' needs an IPv4 subnet and gateway", n.name());
        }
        final int vni = vni(n);
        final String vx = vxlanName(vni);
        final Local l = local(n.id());
        synchronized (l)
        {
            final OverlayKernel.Underlay u = kernel.underlay();
            final int mtu = mtu(n, u);
            final BridgeDriver.Net net = net(n, mtu);
            final InetAddress hostOpt = OverlayOptions.hostAddress(n);
            if (hostOpt != null)
            {
                l.hostAddress = hostOpt;
                l.hostMac = OverlayOptions.hostMac(n);
            }
            final boolean existed = host.linkGet(net.bridge()).isPresent();
            bridge.createNetwork(net);
            boolean created = false;
            try
            {
                created = kernel.ensureVxlan(vx, vni, net.bridge(), mtu, u);
                kernel.setMtu(net.bridge(), mtu);
                if (l.hostAddress != null)
                {
                    kernel.hostAddress(net.bridge(), n.subnet(), n.gateway(), l.hostAddress, l.hostMac);
                }
                l.mtu = mtu;
                l.peers.attach(vx, net.bridge());
            }
            catch (final RuntimeException e)
            {
                l.peers.detach();
                undo(e, created ? vx : null, existed ? null : net);
                throw e;
            }
        }
    }

    private void undo(final RuntimeException cause, final String vxlan, final BridgeDriver.Net net)
    {
        try
        {
            if (vxlan != null)
            {
                kernel.deleteLink(vxlan);
            }
            if (net != null)
            {
                bridge.deleteNetwork(net);
            }
        }
        catch (final RuntimeException cleanup)
        {
            cause.addSuppressed(cleanup);
        }
    }

    /**
     * Removes the VXLAN device and the bridge network and forgets the host address. The remote
     * endpoints the control plane keeps sending are still kept (a host may take part again
     * later); {@code resync(id, List.of())} drops them.
     */
    @Override
    public void deleteNetwork(final NetworkRecord n)
    {
        final Local l = local(n.id());
        synchronized (l)
        {
            l.peers.detach();
            if (n.options().containsKey(OPT_VNI))
            {
                kernel.deleteLink(vxlanName(vni(n)));
            }
            bridge.deleteNetwork(net(n, l.mtu));
            l.mtu = 0;
            l.hostAddress = null;
            l.hostMac = null;
        }
    }

    /**
     * Sets this host's own address on the network (null clears it): a /32 on the bridge that is
     * the source of the host's traffic into the network, so replies come back to this host and
     * not to whichever host answers for the shared gateway address. The bridge's MAC becomes
     * {@link #hostMac(InetAddress)}. The same as {@link #OPT_HOST_ADDRESS} in the record given to
     * {@link #createNetwork}, for a control plane that keeps the address elsewhere: then call it
     * after every start (the driver keeps it in memory only), before or after createNetwork. The
     * control plane allocates the address (unique per host within the subnet) and publishes it to
     * the other hosts as a {@link RemoteEndpoint} with that MAC and this host's VTEP.
     */
    public void hostAddress(final NetworkRecord n, final IpPrefix address)
    {
        final InetAddress a = address == null ? null : OverlayOptions.checkHostAddress(n, address.address());
        final Local l = local(n.id());
        synchronized (l)
        {
            l.hostAddress = a;
            l.hostMac = a == null ? null : hostMac(a);
            if (l.peers.device() == null)
            {
                return;
            }
            final String br = hostInterface(n);
            if (a != null)
            {
                kernel.hostAddress(br, n.subnet(), n.gateway(), a, l.hostMac);
            }
            else
            {
                kernel.clearHostAddress(br, n.subnet(), n.gateway());
            }
        }
    }

    /** The MAC of the network's bridge on this host, empty when the network has no bridge here. */
    public Optional<MacAddress> hostMac(final NetworkRecord n)
    {
        return kernel.mac(hostInterface(n));
    }

    // ---------------------------------------------------------------- remote endpoints

    @Override
    public void upsert(final String networkId, final RemoteEndpoint endpoint)
    {
        final Local l = local(networkId);
        synchronized (l)
        {
            l.peers.upsert(endpoint);
        }
    }

    @Override
    public void remove(final String networkId, final String endpointId)
    {
        final Local l = local(networkId);
        synchronized (l)
        {
            l.peers.remove(endpointId);
        }
    }

    @Override
    public void resync(final String networkId, final Collection<RemoteEndpoint> endpoints)
    {
        final Local l = local(networkId);
        synchronized (l)
        {
            l.peers.resync(endpoints);
        }
    }

    /** The remote endpoints this host knows for a network (oldest first), for status and tests. */
    public List<RemoteEndpoint> remoteEndpoints(final String networkId)
    {
        final Local l = nets.get(networkId);
        if (l == null)
        {
            return List.of();
        }
        synchronized (l)
        {
            return l.peers.endpoints();
        }
    }

    // ---------------------------------------------------------------- endpoints: as on a bridge network

    /**
     * Joins as on a bridge network, then announces the new address into the bridge (a gratuitous
     * ARP, as Docker's overlay driver sends on join) for local containers that asked for it before
     * it existed.
     */
    @Override
    public void join(final NetworkRecord n, final EndpointRecord ep, final SandboxNs sandbox, final boolean defaultRoute)
    {
        final BridgeDriver.Net net = net(n);
        final BridgeDriver.Endpoint e = endpoint(ep, defaultRoute && !n.internal());
        bridge.join(net, e, sandbox.ns(), sandbox.rtnl());
        announcer.announce(net.bridge(), e.address().address(), e.mac());
    }

    @Override
    public String joinHostSide(final NetworkRecord n, final EndpointRecord ep)
    {
        final String peer = "ptc" + ep.hostIfName().substring(3);
        bridge.joinHostSide(net(n), endpoint(ep, false), peer);
        return peer;
    }

    @Override
    public boolean joined(final NetworkRecord n, final EndpointRecord ep)
    {
        return bridge.joined(net(n, 0), endpoint(ep, false));
    }

    @Override
    public void leave(final NetworkRecord n, final EndpointRecord ep)
    {
        bridge.leave(net(n, 0), endpoint(ep, false));
    }

    @Override
    public void setDefaultRoute(final NetworkRecord n, final SandboxNs sandbox)
    {
        if (!n.internal())
        {
            sandbox.rtnl().routeReplace(Route.via(null, n.gateway().address()));
        }
    }

    @Override
    public void publish(final NetworkRecord n, final EndpointRecord ep, final List<PortMapping> ports)
    {
        bridge.publish(BridgeNetworkDriver.kernelPorts(ep.ip().address(), ports));
    }

    @Override
    public void unpublish(final NetworkRecord n, final EndpointRecord ep, final List<PortMapping> ports)
    {
        bridge.unpublish(BridgeNetworkDriver.kernelPorts(ep.ip().address(), ports));
    }

    @Override
    public void checkPublish(final NetworkRecord n, final List<PortMapping> ports)
    {
        BridgeNetworkDriver.checkHostPorts(bridge, ports);
    }

    @Override
    public boolean published(final NetworkRecord n, final EndpointRecord ep, final List<PortMapping> ports)
    {
        return ports.isEmpty() || bridge.published(BridgeNetworkDriver.kernelPorts(ep.ip().address(), ports));
    }

    @Override
    public void repair(final NetworkRecord n, final EndpointRecord ep, final SandboxNs sandbox, final boolean defaultRoute)
    {
        bridge.repair(net(n), endpoint(ep, defaultRoute && !n.internal()), sandbox.rtnl());
    }

    private static BridgeDriver.Endpoint endpoint(final EndpointRecord ep, final boolean defaultRoute)
    {
        return new BridgeDriver.Endpoint(ep.hostIfName(), ep.ifName(), ep.ip(), MacAddress.parse(ep.mac()), defaultRoute);
    }

    /**
     * Deletes orphans: Pontoon's bridges and veth ends not in the sets (as the bridge driver
     * does), and {@code ptx*} VXLAN devices whose bridge is not one of {@code bridges}.
     */
    @Override
    public void prune(final Set<String> bridges, final Set<String> hostInterfaces)
    {
        kernel.prune(bridges);
        final Set<String> keep = new TreeSet<>(bridges);
        keep.addAll(hostInterfaces);
        bridge.prune(keep, BridgeNetworkDriver.DEFAULT_BRIDGE);
    }

    /** Releases the packet socket of the announcements; the kernel state stays. */
    @Override
    public void close()
    {
        announcer.close();
    }
}
