// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.cluster;

import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.driver.Prunable;
import io.pontoon.core.driver.SandboxNs;
import io.pontoon.core.driver.bridge.BridgeNetworkDriver;
import io.pontoon.core.driver.overlay.OverlayPeers;
import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.PortMapping;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code overlay} driver until the VXLAN data plane is wired in: each host's part of an
 * overlay network is a plain bridge (so everything on one host works through the usual paths),
 * and what the control plane tells the data plane is only logged. Traffic does not cross hosts.
 */
public final class StandInOverlayDriver implements NetworkDriver, Prunable, OverlayPeers
{
    private static final System.Logger LOG = System.getLogger("pontoon.overlay");

    private final BridgeNetworkDriver bridge;

    public StandInOverlayDriver(final BridgeNetworkDriver bridge)
    {
        this.bridge = bridge;
    }

    @Override
    public String name()
    {
        return "overlay";
    }

    @Override
    public Map<String, String> validateOptions(final Map<String, String> options)
    {
        for (final String k : options.keySet())
        {
            if (!k.equals(BridgeNetworkDriver.OPT_MTU))
            {
                throw PontoonException.invalid("unknown option '%s' for driver overlay (known options: %s)", k,
                    BridgeNetworkDriver.OPT_MTU);
            }
        }
        return bridge.validateOptions(options);
    }

    @Override
    public String hostInterface(final NetworkRecord network)
    {
        return bridge.hostInterface(network);
    }

    @Override
    public void createNetwork(final NetworkRecord network)
    {
        bridge.createNetwork(network);
    }

    @Override
    public void deleteNetwork(final NetworkRecord network)
    {
        bridge.deleteNetwork(network);
    }

    @Override
    public void join(final NetworkRecord network, final EndpointRecord endpoint, final SandboxNs sandbox, final boolean defaultRoute)
    {
        bridge.join(network, endpoint, sandbox, defaultRoute);
    }

    @Override
    public String joinHostSide(final NetworkRecord network, final EndpointRecord endpoint)
    {
        return bridge.joinHostSide(network, endpoint);
    }

    @Override
    public boolean joined(final NetworkRecord network, final EndpointRecord endpoint)
    {
        return bridge.joined(network, endpoint);
    }

    @Override
    public void repair(final NetworkRecord network, final EndpointRecord endpoint, final SandboxNs sandbox,
        final boolean defaultRoute)
    {
        bridge.repair(network, endpoint, sandbox, defaultRoute);
    }

    @Override
    public void checkPublish(final NetworkRecord network, final List<PortMapping> ports)
    {
        bridge.checkPublish(network, ports);
    }

    @Override
    public void pruneRules(final Collection<NetworkRecord> networks, final Collection<EndpointRecord> endpoints)
    {
        bridge.pruneRules(networks, endpoints);
    }

    @Override
    public void leave(final NetworkRecord network, final EndpointRecord endpoint)
    {
        bridge.leave(network, endpoint);
    }

    @Override
    public void setDefaultRoute(final NetworkRecord network, final SandboxNs sandbox)
    {
        bridge.setDefaultRoute(network, sandbox);
    }

    @Override
    public void publish(final NetworkRecord network, final EndpointRecord endpoint, final List<PortMapping> ports)
    {
        bridge.publish(network, endpoint, ports);
    }

    @Override
    public void unpublish(final NetworkRecord network, final EndpointRecord endpoint, final List<PortMapping> ports)
    {
        bridge.unpublish(network, endpoint, ports);
    }

    @Override
    public void prune(final Set<String> bridges, final Set<String> hostInterfaces)
    {
        bridge.prune(bridges, hostInterfaces);
    }

    @Override
    public void upsert(final String networkId, final RemoteEndpoint endpoint)
    {
        LOG.log(System.Logger.Level.DEBUG, "peer upsert {0} {1}", networkId, endpoint);
    }

    @Override
    public void remove(final String networkId, final String endpointId)
    {
        LOG.log(System.Logger.Level.DEBUG, "peer remove {0} {1}", networkId, endpointId);
    }

    @Override
    public void resync(final String networkId, final Collection<RemoteEndpoint> endpoints)
    {
        LOG.log(System.Logger.Level.DEBUG, "peer resync {0}: {1} endpoints", networkId, endpoints.size());
    }
}
