// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.core.model.NetworkRecord;
import io.pontoon.kernel.net.IpPrefix;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This host's copy of the cluster's global state, built from a list and kept current by the
 * watch (on the agent's thread); read from any thread. {@link #revisions} holds every key's
 * modRevision, so an event the list already reflected is recognised and skipped.
 */
final class ClusterState
{
    /** A block's owner and the revision of its affinity key. */
    record Owner(String host, long modRevision)
    {
    }

    /** A network's lifecycle key: {@code active} or {@code removing}. */
    record NetState(String value, long modRevision)
    {
        boolean active()
        {
            return "active".equals(value);
        }
    }

    final Map<String, HostRecord> hosts = new ConcurrentHashMap<>();
    final Map<String, NetworkRecord> networks = new ConcurrentHashMap<>();
    final Map<String, NetState> states = new ConcurrentHashMap<>();
    final Map<String, Map<IpPrefix, Owner>> blocks = new ConcurrentHashMap<>();
    final Map<String, Map<String, EndpointEntry>> endpoints = new ConcurrentHashMap<>();
    final Map<String, Long> revisions = new ConcurrentHashMap<>();

    Map<IpPrefix, Owner> blocksOf(final String networkId)
    {
        return blocks.computeIfAbsent(networkId, k -> new ConcurrentHashMap<>());
    }

    Map<String, EndpointEntry> endpointsOf(final String networkId)
    {
        return endpoints.computeIfAbsent(networkId, k -> new ConcurrentHashMap<>());
    }

    void clear()
    {
        hosts.clear();
        networks.clear();
        states.clear();
        blocks.clear();
        endpoints.clear();
        revisions.clear();
    }

    /** Replaces everything with {@code other}'s content. */
    void replaceWith(final ClusterState other)
    {
        hosts.keySet().retainAll(other.hosts.keySet());
        hosts.putAll(other.hosts);
        networks.keySet().retainAll(other.networks.keySet());
        networks.putAll(other.networks);
        states.keySet().retainAll(other.states.keySet());
        states.putAll(other.states);
        blocks.keySet().retainAll(other.blocks.keySet());
        blocks.putAll(other.blocks);
        endpoints.keySet().retainAll(other.endpoints.keySet());
        endpoints.putAll(other.endpoints);
        revisions.keySet().retainAll(other.revisions.keySet());
        revisions.putAll(other.revisions);
    }
}
