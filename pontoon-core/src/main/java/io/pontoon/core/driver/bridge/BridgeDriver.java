// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.bridge;

import io.pontoon.core.PontoonException;
import io.pontoon.core.model.Mac;
import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.rtnl.Bridge;
import io.pontoon.kernel.netlink.rtnl.LinkAttrs;
import io.pontoon.kernel.netlink.rtnl.Route;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netlink.rtnl.Veth;
import io.pontoon.kernel.netns.NetNs;
import io.pontoon.kernel.nft.Nft;
import io.pontoon.kernel.nft.NftException;
import io.pontoon.kernel.nft.NftFamily;
import io.pontoon.kernel.nft.NftKey;
import io.pontoon.kernel.nft.SetElement;
import io.pontoon.kernel.sysctl.Sysctl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The kernel side of Docker's bridge driver: one Linux bridge per network with the gateway
 * address on it, one veth per endpoint (the container end created directly inside the sandbox
 * namespace), NAT, published ports and isolation in nftables ({@link BridgeRules}).
 *
 * <p>Every method is idempotent, so a restart can replay the store through it, and each one
 * undoes what it did itself when it fails half-way. It holds no state: the controller passes in
 * everything it needs.
 */
public final class BridgeDriver
{
    private static final System.Logger LOG = System.getLogger("pontoon.bridge");
    /** Names of the links Pontoon creates: host ends of endpoint veths and user networks' bridges. */
    private static final Pattern OWNED_LINK = Pattern.compile("(ptv|pt-)[0-9a-f]{12}");

    private final NetNs hostNs;
    private final Rtnl host;
    private final Nft nft;
    private final LinkReaper reaper;
    private final DockerForwardRules docker;

    /** A network as this driver sees it. */
    public record Net(String chainId, String bridge, IpPrefix gateway, int mtu, boolean internal, boolean masquerade,
        boolean icc)
    {
        BridgeRules.NetworkRules rules()
        {
            return new BridgeRules.NetworkRules(chainId, bridge, gateway.network(), internal, masquerade);
        }
    }

    /** An endpoint: the host end's name, the name inside the sandbox, its address and MAC. */
    public record Endpoint(String hostIf, String sandboxIf, IpPrefix address, MacAddress mac, boolean defaultRoute)
    {
    }

    /** A published port: host address (null = every local address), protocol, ports. */
    public record Port(InetAddress hostIp, int protocol, int hostPort, InetAddress target, int targetPort)
    {
        public static final int TCP = 6;
        public static final int UDP = 17;
    }

    public BridgeDriver(final NetNs hostNs, final Rtnl host, final Nft nft)
    {
        this.hostNs = hostNs;
        this.host = host;
        this.nft = nft;
        this.docker = new DockerForwardRules(hostNs);
        this.reaper = new LinkReaper(hostNs, host);
    }

    /** Loads the host-wide skeleton and turns on forwarding; run once at start. */
    public void start()
    {
        Sysctl.set(hostNs, "net.ipv4.ip_forward", "1");
        nft.apply(BridgeRules.skeleton());
    }

    /**
     * Creates (or repairs) the network's bridge, gateway address and rules. Equals {@code ip link
     * add BR address 02:42:GW type bridge; ip addr add GW dev BR; ip link set BR up} plus
     * {@link BridgeRules#addNetwork}. The bridge gets a MAC of its own, derived from the gateway
     * address as endpoint MACs are from theirs: a bridge without one takes the lowest MAC of its
     * ports, so the gateway's MAC would change whenever endpoints come and go, and containers
     * would keep sending to the old one until their ARP entry expires.
     */
    public void createNetwork(final Net n)
    {
        final var link = host.linkGet(n.bridge());
        if (link.isPresent() && !"bridge".equals(link.get().kind()))
        {
            throw PontoonException.conflict("cannot use %s as the network's bridge: a %s link with that name exists",
                n.bridge(), link.get().kind() == null ? "non-bridge" : link.get().kind());
        }
        final boolean existed = link.isPresent();
        try
        {
            if (!existed)
            {
                host.linkAdd(Bridge.of(n.bridge()).withAttrs(LinkAttrs.named(n.bridge()).withMtu(n.mtu())
                    .withMac(MacAddress.parse(Mac.fromIpv4(n.gateway().address()))).withUp(true)));
            }
            else
            {
                host.linkSetUp(n.bridge());
            }
            if (!host.addrList(n.bridge()).contains(n.gateway()))
            {
                host.addrAdd(n.bridge(), n.gateway());
            }
            Sysctl.set(hostNs, "net.ipv4.conf." + n.bridge() + ".route_localnet", "1");
            nft.apply(BridgeRules.addNetwork(n.rules()));
            docker.ensure(n.bridge());
        }
        catch (final RuntimeException e)
        {
            if (!existed)
            {
                deleteQuietly(n, e);
            }
            throw e;
        }
    }

    /** Removes the network's rules and bridge; missing pieces are fine. */
    public void deleteNetwork(final Net n)
    {
        docker.remove(n.bridge());
        final String[] statements = BridgeRules.removeNetworkStatements(n.rules());
        try
        {
            // the usual case, everything there: one nft run, one transaction
            nft.apply(String.join("\n", statements) + "\n");
        }
        catch (final NftException whole)
        {
            if (!missing(whole))
            {
                throw whole;
            }
            // something was gone already (a half-made or half-removed network): nft 1.0.6 has no
            // "destroy", so each statement on its own, each allowed to find nothing
            for (final String stmt : statements)
            {
                try
                {
                    nft.apply(stmt);
                }
                catch (final NftException e)
                {
                    if (!missing(e))
                    {
                        throw e;
                    }
                }
            }
        }
        try
        {
            host.linkDel(n.bridge());
        }
        catch (final KernelException e)
        {
            if (!e.isNotFound())
            {
                throw e;
            }
        }
    }

    /** ENOENT, or nft 1.0.6's own check of interval map elements ("Error: element does not exist"). */
    private static boolean missing(final NftException e)
    {
        return e.isNotFound() || e.stderr().contains("does not exist");
    }

    private void deleteQuietly(final Net n, final RuntimeException cause)
    {
        try
        {
            deleteNetwork(n);
        }
        catch (final RuntimeException cleanup)
        {
            cause.addSuppressed(cleanup);
        }
    }

    /**
     * Creates the endpoint's veth with its container end directly in the sandbox, then
     * addresses it there. Equals {@code ip link add HOSTIF mtu M master BR up type veth peer
     * name IF netns NS address MAC; ip link set HOSTIF type bridge_slave hairpin on; ip -n NS
     * addr add IP dev IF; ip -n NS link set IF up; ip -n NS route replace default via GW}. On
     * failure the veth is removed again.
     */
    public void join(final Net n, final Endpoint ep, final NetNs sandbox, final Rtnl sandboxRtnl)
    {
        final Veth veth = new Veth(
            LinkAttrs.named(ep.hostIf()).withMtu(n.mtu()).withMaster(n.bridge()).withUp(true),
            LinkAttrs.named(ep.sandboxIf()).withMtu(n.mtu()).withMac(ep.mac()).withNs(sandbox), 1);
        host.linkAdd(veth);
        try
        {
            // with br_netfilter loaded (any Docker host), DNAT back to the same bridge is bridged,
            // not routed: a sandbox reaching its own published port needs the frame to leave
            // through the port it came in on
            host.linkSetHairpin(ep.hostIf(), true);
            sandboxRtnl.addrAdd(ep.sandboxIf(), ep.address());
            sandboxRtnl.linkSetUp(ep.sandboxIf());
            if (ep.defaultRoute())
            {
                sandboxRtnl.routeReplace(Route.via(null, n.gateway().address()));
            }
            if (!n.icc())
            {
                nft.setAdd(NftFamily.BRIDGE, BridgeRules.TABLE, BridgeRules.ICC_OFF,
                    List.of(SetElement.of(NftKey.ifname(ep.hostIf()))));
            }
        }
        catch (final RuntimeException e)
        {
            try
            {
                host.linkDel(ep.hostIf());
            }
            catch (final RuntimeException cleanup)
            {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * For runtimes that move the interface themselves (Docker's Join): creates the veth with
     * both ends on the host, the host end on the bridge and up, the other end named
     * {@code peer} with the endpoint's MAC, for the runtime to move into its sandbox. Equals
     * {@code ip link add HOSTIF mtu M master BR up type veth peer name PEER address MAC}.
     * Idempotent: an existing pair is kept.
     */
    public void joinHostSide(final Net n, final Endpoint ep, final String peer)
    {
        // a Docker engine is running by definition here; it may have started after the network
        docker.ensure(n.bridge());
        if (host.linkGet(ep.hostIf()).isPresent())
        {
            return;
        }
        host.linkAdd(new Veth(LinkAttrs.named(ep.hostIf()).withMtu(n.mtu()).withMaster(n.bridge()).withUp(true),
            LinkAttrs.named(peer).withMtu(n.mtu()).withMac(ep.mac()), 1));
        try
        {
            host.linkSetHairpin(ep.hostIf(), true);
        }
        catch (final RuntimeException e)
        {
            host.linkDel(ep.hostIf());
            throw e;
        }
        if (!n.icc())
        {
            try
            {
                nft.setAdd(NftFamily.BRIDGE, BridgeRules.TABLE, BridgeRules.ICC_OFF,
                    List.of(SetElement.of(NftKey.ifname(ep.hostIf()))));
            }
            catch (final RuntimeException e)
            {
                host.linkDel(ep.hostIf());
                throw e;
            }
        }
    }

    /**
     * Finishes a joined endpoint that a crash may have left half-done; idempotent. Equals {@code
     * ip link set HOSTIF type bridge_slave hairpin on; ip -n NS addr add IP dev IF} (when missing)
     * {@code ; ip -n NS link set IF up; ip -n NS route replace default via GW} (when asked), plus
     * the icc_off element on an icc=false network.
     */
    public void repair(final Net n, final Endpoint ep, final Rtnl sandboxRtnl)
    {
        host.linkSetHairpin(ep.hostIf(), true);
        if (!n.icc())
        {
            nft.setAdd(NftFamily.BRIDGE, BridgeRules.TABLE, BridgeRules.ICC_OFF,
                List.of(SetElement.of(NftKey.ifname(ep.hostIf()))));
        }
        if (!sandboxRtnl.addrList(ep.sandboxIf()).contains(ep.address()))
        {
            sandboxRtnl.addrAdd(ep.sandboxIf(), ep.address());
        }
        sandboxRtnl.linkSetUp(ep.sandboxIf());
        if (ep.defaultRoute())
        {
            sandboxRtnl.routeReplace(Route.via(null, n.gateway().address()));
        }
    }

    /** Whether the endpoint's host end exists and sits on the network's bridge. */
    public boolean joined(final Net n, final Endpoint ep)
    {
        final var link = host.linkGet(ep.hostIf());
        if (link.isEmpty())
        {
            return false;
        }
        final var br = host.linkGet(n.bridge());
        return br.isPresent() && link.get().masterIndex() == br.get().index();
    }

    /** Removes the endpoint's veth (the container end goes with it); missing is fine. */
    public void leave(final Net n, final Endpoint ep)
    {
        if (!n.icc())
        {
            nft.setDestroy(NftFamily.BRIDGE, BridgeRules.TABLE, BridgeRules.ICC_OFF,
                List.of(SetElement.of(NftKey.ifname(ep.hostIf()))));
        }
        reaper.delete(ep.hostIf());
    }

    /**
     * Deletes Pontoon-owned links that are not in {@code keep}: what a crash between a kernel
     * call and its store write left. Owned means named exactly as Pontoon names them
     * ({@code ptv<12 hex>} veth ends, {@code pt-<12 hex>} bridges, the default bridge); a
     * {@code ptvpn0} or {@code pt-vpn} of someone else's is left alone.
     */
    public void prune(final Set<String> keep, final String defaultBridge)
    {
        for (final var link : host.linkList())
        {
            final String name = link.name();
            final boolean ours = OWNED_LINK.matcher(name).matches() || name.equals(defaultBridge);
            if (ours && !keep.contains(name))
            {
                LOG.log(System.Logger.Level.INFO, "removing orphan link " + name);
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
        }
    }

    /**
     * Checks that the host could bind every port itself, which is what Docker's port binding
     * guarantees: no process in the host namespace listens on the TCP port or holds the UDP
     * port, and a HOSTIP is an address of the host (DNAT to an address that is not local would
     * never match). Equals trying {@code bind(HOSTIP or 0.0.0.0, PORT)} in the host namespace.
     */
    public void checkHostPorts(final List<Port> ports)
    {
        final String problem = hostNs.call(() ->
        {
            for (final Port p : ports)
            {
                final String why = HostPorts.probe(p);
                if (why != null)
                {
                    return why;
                }
            }
            return null;
        });
        if (problem != null)
        {
            throw problem.startsWith(HostPorts.NOT_LOCAL)
                ? PontoonException.invalid("%s", problem.substring(HostPorts.NOT_LOCAL.length()))
                : PontoonException.conflict("%s", problem);
        }
    }

    /**
     * Removes nft state of this driver that none of {@code nets}, {@code published} and
     * {@code iccOff} (host ends of endpoints on icc=false networks) explains; see {@link RulesPruner}.
     */
    public void pruneRules(final List<Net> nets, final List<Port> published, final Set<String> iccOff)
    {
        final List<SetElement> any = new ArrayList<>();
        final List<SetElement> byIp = new ArrayList<>();
        split(published, any, byIp);
        any.addAll(byIp);
        new RulesPruner(nft).prune(nets, any, iccOff);
    }

    /** Publishes ports: one map element each, in one atomic batch. */
    public void publish(final List<Port> ports)
    {
        final List<SetElement> any = new ArrayList<>();
        final List<SetElement> byIp = new ArrayList<>();
        split(ports, any, byIp);
        final var batch = nft.batch();
        if (!any.isEmpty())
        {
            batch.put(NftFamily.IP, BridgeRules.TABLE, BridgeRules.PUB_ANY, any);
        }
        if (!byIp.isEmpty())
        {
            batch.put(NftFamily.IP, BridgeRules.TABLE, BridgeRules.PUB_IP, byIp);
        }
        if (!batch.isEmpty())
        {
            batch.commit();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "published " + ports);
    }

    /** Withdraws ports; missing elements are fine. */
    public void unpublish(final List<Port> ports)
    {
        final List<SetElement> any = new ArrayList<>();
        final List<SetElement> byIp = new ArrayList<>();
        split(ports, any, byIp);
        final var batch = nft.batch();
        if (!any.isEmpty())
        {
            batch.destroy(NftFamily.IP, BridgeRules.TABLE, BridgeRules.PUB_ANY, any);
        }
        if (!byIp.isEmpty())
        {
            batch.destroy(NftFamily.IP, BridgeRules.TABLE, BridgeRules.PUB_IP, byIp);
        }
        if (!batch.isEmpty())
        {
            batch.commit();
        }
    }

    /**
     * Whether every port's map element is in place with its target: equals looking each one up
     * in {@code nft list map ip pontoon pub_any} / {@code pub_ip}.
     */
    public boolean published(final List<Port> ports)
    {
        final List<SetElement> any = new ArrayList<>();
        final List<SetElement> byIp = new ArrayList<>();
        split(ports, any, byIp);
        return (any.isEmpty() || nft.setList(NftFamily.IP, BridgeRules.TABLE, BridgeRules.PUB_ANY).containsAll(any))
            && (byIp.isEmpty() || nft.setList(NftFamily.IP, BridgeRules.TABLE, BridgeRules.PUB_IP).containsAll(byIp));
    }

    private static void split(final List<Port> ports, final List<SetElement> any, final List<SetElement> byIp)
    {
        for (final Port p : ports)
        {
            final NftKey data = NftKey.concat(NftKey.ip(p.target()), NftKey.port(p.targetPort()));
            if (p.hostIp() == null || p.hostIp().isAnyLocalAddress())
            {
                any.add(SetElement.of(NftKey.concat(NftKey.proto(p.protocol()), NftKey.port(p.hostPort())), data));
            }
            else
            {
                byIp.add(SetElement.of(NftKey.concat(NftKey.ip(p.hostIp()), NftKey.proto(p.protocol()),
                    NftKey.port(p.hostPort())), data));
            }
        }
    }
}
