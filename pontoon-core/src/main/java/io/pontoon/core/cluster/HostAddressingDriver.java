// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.driver.Prunable;
import io.pontoon.core.driver.SandboxNs;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.PortMapping;
import io.pontoon.kernel.net.IpPrefix;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Gives an overlay data plane this host's address on a network before every
 * {@link #createNetwork} (the first time and after every restart): the control plane keeps the
 * address in the network's local mirror ({@link ClusterOptions#HOST_ADDRESS}), the data plane
 * takes it through {@code setHostAddress} (e.g. {@code OverlayNetworkDriver::hostAddress}).
 * Everything else goes straight to the wrapped driver.
 */
public final class HostAddressingDriver implements NetworkDriver, Prunable
{
    private final NetworkDriver driver;
    private final BiConsumer<NetworkRecord, IpPrefix> setHostAddress;

    public HostAddressingDriver(final NetworkDriver driver, final BiConsumer<NetworkRecord, IpPrefix> setHostAddress)
    {
        this.driver = driver;
        this.setHostAddress = setHostAddress;
    }

    @Override
    public String name()
    {
        return driver.name();
    }

    @Override
    public Map<String, String> validateOptions(final Map<String, String> options)
    {
        return driver.validateOptions(options);
    }

    @Override
    public String hostInterface(final NetworkRecord network)
    {
        return driver.hostInterface(network);
    }

    @Override
    public void createNetwork(final NetworkRecord network)
    {
        setHostAddress.accept(network, ClusterOptions.hostAddress(network).orElse(null));
        driver.createNetwork(network);
    }

    @Override
    public void deleteNetwork(final NetworkRecord network)
    {
        driver.deleteNetwork(network);
    }

    @Override
    public void join(final NetworkRecord network, final EndpointRecord endpoint, final SandboxNs sandbox, final boolean defaultRoute)
    {
        driver.join(network, endpoint, sandbox, defaultRoute);
    }

    @Override
    public String joinHostSide(final NetworkRecord network, final EndpointRecord endpoint)
    {
        return driver.joinHostSide(network, endpoint);
    }

    @Override
    public boolean joined(final NetworkRecord network, final EndpointRecord endpoint)
    {
        return driver.joined(network, endpoint);
    }

    @Override
    public void leave(final NetworkRecord network, final EndpointRecord endpoint)
    {
        driver.leave(network, endpoint);
    }

    @Override
    public void setDefaultRoute(final NetworkRecord network, final SandboxNs sandbox)
    {
        driver.setDefaultRoute(network, sandbox);
    }

    @Override
    public void publish(final NetworkRecord network, final EndpointRecord endpoint, final List<PortMapping> ports)
    {
        driver.publish(network, endpoint, ports);
    }

    @Override
    public void unpublish(final NetworkRecord network, final EndpointRecord endpoint, final List<PortMapping> ports)
    {
        driver.unpublish(network, endpoint, ports);
    }

    @Override
    public void prune(final Set<String> bridges, final Set<String> hostInterfaces)
    {
        if (driver instanceof Prunable p)
        {
            p.prune(bridges, hostInterfaces);
        }
    }
}
