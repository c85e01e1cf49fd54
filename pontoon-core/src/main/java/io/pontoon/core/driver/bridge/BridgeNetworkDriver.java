// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.bridge;

import io.pontoon.api.IpLiterals;
import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.driver.Prunable;
import io.pontoon.core.driver.SandboxNs;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.PortMapping;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.rtnl.Route;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Docker's {@code bridge} driver on {@link BridgeDriver}: maps CNM records and Docker's bridge
 * options to the kernel-level calls.
 */
public final class BridgeNetworkDriver implements NetworkDriver, Prunable
{
    public static final String NAME = "bridge";
    public static final String OPT_BRIDGE_NAME = "com.docker.network.bridge.name";
    public static final String OPT_ICC = "com.docker.network.bridge.enable_icc";
    public static final String OPT_MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade";
    public static final String OPT_MTU = "com.docker.network.driver.mtu";
    /** The default network's bridge, like docker0. */
    public static final String DEFAULT_BRIDGE = "pontoon0";
    private static final Set<String> KNOWN = new TreeSet<>(List.of(OPT_BRIDGE_NAME, OPT_ICC, OPT_MASQUERADE, OPT_MTU));

    private final BridgeDriver kernel;

    public BridgeNetworkDriver(final BridgeDriver kernel)
    {
        this.kernel = kernel;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public Map<String, String> validateOptions(final Map<String, String> options)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : options.entrySet())
        {
            final String k = e.getKey();
            final String v = e.getValue() == null ? "" : e.getValue().trim();
            switch (k)
            {
                case OPT_ICC, OPT_MASQUERADE -> out.put(k, String.valueOf(bool(k, v)));
                case OPT_MTU -> out.put(k, String.valueOf(mtu(v)));
                case OPT_BRIDGE_NAME ->
                {
                    if (!v.matches("[A-Za-z0-9_.-]{1,15}") || v.equals(".") || v.equals(".."))
                    {
                        throw PontoonException.invalid("invalid bridge name '%s' in option %s: 1-15 characters of"
                            + " letters, digits, '_', '.' and '-'", v, k);
                    }
                    out.put(k, v);
                }
                default -> throw PontoonException.invalid("unknown option '%s' for driver bridge (known options: %s)", k,
                    String.join(", ", KNOWN));
            }
        }
        return out;
    }

    private static boolean bool(final String key, final String v)
    {
        return switch (v.toLowerCase(java.util.Locale.ROOT))
        {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw PontoonException.invalid("option %s must be true or false, not '%s'", key, v);
        };
    }

    private static int mtu(final String v)
    {
        try
        {
            final int m = Integer.parseInt(v);
            if (m >= 68 && m <= 65535)
            {
                return m;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw PontoonException.invalid("option %s must be a number from 68 to 65535, not '%s'", OPT_MTU, v);
    }

    @Override
    public String hostInterface(final NetworkRecord n)
    {
        final String opt = n.options().get(OPT_BRIDGE_NAME);
        if (opt != null)
        {
            return opt;
        }
        return n.name().equals("bridge") ? DEFAULT_BRIDGE : "pt-" + Ids.shortId(n.id());
    }

    @Override
    public void prune(final Set<String> bridges, final Set<String> hostInterfaces)
    {
        final Set<String> keep = new TreeSet<>(bridges);
        keep.addAll(hostInterfaces);
        kernel.prune(keep, DEFAULT_BRIDGE);
    }

    @Override
    public void pruneRules(final Collection<NetworkRecord> networks, final Collection<EndpointRecord> endpoints)
    {
        // Every network with a bridge keeps its rules, whatever its driver: the overlay driver builds
        // its per-host part on the same BridgeDriver (chains, NAT, published ports), and a prune that
        // saw only driver "bridge" would remove the overlay networks' rules on every restart.
        final Map<String, NetworkRecord> mine = new LinkedHashMap<>();
        networks.stream().filter(n -> n.bridgeName() != null).forEach(n -> mine.put(n.id(), n));
        final List<BridgeDriver.Port> published = new ArrayList<>();
        final Set<String> iccOff = new TreeSet<>();
        for (final EndpointRecord e : endpoints)
        {
            final NetworkRecord n = mine.get(e.networkId());
            if (n == null)
            {
                continue;
            }
            published.addAll(kernelPorts(e.ip().address(), e.ports()));
            if (!net(n).icc())
            {
                iccOff.add(e.hostIfName());
            }
        }
        kernel.pruneRules(mine.values().stream().map(BridgeNetworkDriver::net).toList(), published, iccOff);
    }

    static BridgeDriver.Net net(final NetworkRecord n)
    {
        final Map<String, String> o = n.options();
        return new BridgeDriver.Net(Ids.shortId(n.id()), n.bridgeName(), n.gateway(),
            o.containsKey(OPT_MTU) ? Integer.parseInt(o.get(OPT_MTU)) : 0, n.internal(),
            !"false".equals(o.get(OPT_MASQUERADE)), !"false".equals(o.get(OPT_ICC)));
    }

    static BridgeDriver.Endpoint endpoint(final EndpointRecord ep, final boolean defaultRoute)
    {
        return new BridgeDriver.Endpoint(ep.hostIfName(), ep.ifName(), ep.ip(), MacAddress.parse(ep.mac()), defaultRoute);
    }

    @Override
    public void createNetwork(final NetworkRecord network)
    {
        kernel.createNetwork(net(network));
    }

    @Override
    public void deleteNetwork(final NetworkRecord network)
    {
        kernel.deleteNetwork(net(network));
    }

    @Override
    public void join(final NetworkRecord network, final EndpointRecord endpoint, final SandboxNs sandbox,
        final boolean defaultRoute)
    {
        kernel.join(net(network), endpoint(endpoint, defaultRoute && !network.internal()), sandbox.ns(), sandbox.rtnl());
    }

    @Override
    public String joinHostSide(final NetworkRecord network, final EndpointRecord endpoint)
    {
        final String peer = "ptc" + endpoint.hostIfName().substring(3);
        kernel.joinHostSide(net(network), endpoint(endpoint, false), peer);
        return peer;
    }

    @Override
    public boolean joined(final NetworkRecord network, final EndpointRecord endpoint)
    {
        return kernel.joined(net(network), endpoint(endpoint, false));
    }

    @Override
    public void repair(final NetworkRecord network, final EndpointRecord endpoint, final SandboxNs sandbox,
        final boolean defaultRoute)
    {
        kernel.repair(net(network), endpoint(endpoint, defaultRoute && !network.internal()), sandbox.rtnl());
    }

    @Override
    public void leave(final NetworkRecord network, final EndpointRecord endpoint)
    {
        kernel.leave(net(network), endpoint(endpoint, false));
    }

    @Override
    public void setDefaultRoute(final NetworkRecord network, final SandboxNs sandbox)
    {
        if (!network.internal())
        {
            sandbox.rtnl().routeReplace(Route.via(null, network.gateway().address()));
        }
    }

    @Override
    public void checkPublish(final NetworkRecord network, final List<PortMapping> ports)
    {
        checkHostPorts(kernel, ports);
    }

    /** The publish pre-check of every bridge-based driver (bridge, overlay). */
    public static void checkHostPorts(final BridgeDriver kernel, final List<PortMapping> ports)
    {
        for (final PortMapping p : ports)
        {
            if (p.hostIp() instanceof Inet6Address)
            {
                // the DNAT maps are IPv4 (ipv4_addr keys): an IPv6 HOSTIP would reach nft as a bad key
                throw PontoonException.invalid("cannot publish [%s]:%d/%s: IPv6 host addresses are not supported yet",
                    IpLiterals.format(p.hostIp()), p.hostPort(), p.protocol().wire());
            }
        }
        kernel.checkHostPorts(kernelPorts(null, ports));
    }

    @Override
    public void publish(final NetworkRecord network, final EndpointRecord endpoint, final List<PortMapping> ports)
    {
        kernel.publish(kernelPorts(endpoint.ip().address(), ports));
    }

    @Override
    public void unpublish(final NetworkRecord network, final EndpointRecord endpoint, final List<PortMapping> ports)
    {
        kernel.unpublish(kernelPorts(endpoint.ip().address(), ports));
    }

    @Override
    public boolean published(final NetworkRecord network, final EndpointRecord endpoint, final List<PortMapping> ports)
    {
        return ports.isEmpty() || kernel.published(kernelPorts(endpoint.ip().address(), ports));
    }

    /**
     * Published ports as the kernel layer takes them, forwarded to {@code target} (null for the
     * host-port check, which has no target yet); shared by every bridge-based driver.
     */
    public static List<BridgeDriver.Port> kernelPorts(final InetAddress target, final List<PortMapping> ports)
    {
        final List<BridgeDriver.Port> out = new ArrayList<>();
        for (final PortMapping p : ports)
        {
            out.add(new BridgeDriver.Port(p.hostIp(), p.protocol() == PortMapping.Protocol.UDP ? BridgeDriver.Port.UDP
                : BridgeDriver.Port.TCP, p.hostPort(), target, p.containerPort()));
        }
        return out;
    }
}
