// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.cluster;

import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.driver.SandboxNs;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.PortMapping;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A driver that touches no kernel object and remembers which networks and endpoints it was given. */
final class FakeDriver implements NetworkDriver
{
    private final String name;
    final Map<String, NetworkRecord> networks = new ConcurrentHashMap<>();
    final Set<String> endpoints = ConcurrentHashMap.newKeySet();

    FakeDriver(final String name)
    {
        this.name = name;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public Map<String, String> validateOptions(final Map<String, String> options)
    {
        return options;
    }

    @Override
    public String hostInterface(final NetworkRecord network)
    {
        return "pt-" + Ids.shortId(network.id());
    }

    @Override
    public void createNetwork(final NetworkRecord network)
    {
        networks.put(network.id(), network);
    }

    @Override
    public void deleteNetwork(final NetworkRecord network)
    {
        networks.remove(network.id());
    }

    @Override
    public void join(final NetworkRecord network, final EndpointRecord endpoint, final SandboxNs sandbox, final boolean defaultRoute)
    {
        endpoints.add(endpoint.id());
    }

    @Override
    public String joinHostSide(final NetworkRecord network, final EndpointRecord endpoint)
    {
        endpoints.add(endpoint.id());
        return endpoint.hostIfName();
    }

    @Override
    public boolean joined(final NetworkRecord network, final EndpointRecord endpoint)
    {
        return endpoints.contains(endpoint.id());
    }

    @Override
    public void leave(final NetworkRecord network, final EndpointRecord endpoint)
    {
        endpoints.remove(endpoint.id());
    }

    @Override
    public void setDefaultRoute(final NetworkRecord network, final SandboxNs sandbox)
    {
    }

    @Override
    public void publish(final NetworkRecord network, final EndpointRecord endpoint, final List<PortMapping> ports)
    {
    }

    @Override
    public void unpublish(final NetworkRecord network, final EndpointRecord endpoint, final List<PortMapping> ports)
    {
    }
}
