// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * This host's view of the cluster.
 *
 * @param host     this host's registered name
 * @param address  its advertised address
 * @param store    the cluster store (for messages)
 * @param inSync   whether the agent is in step with the store (false during an outage)
 * @param reason   why not, or "in sync"
 * @param lease    the lease this host's keys are bound to
 * @param ttl      the lease's TTL as configured
 * @param hosts    the registered hosts (including this one)
 * @param networks the global networks this host takes part in (ids)
 */
public record ClusterStatus(String host, InetAddress address, String store, boolean inSync, String reason, long lease,
    Duration ttl, List<HostRecord> hosts, List<String> networks)
{
    public ClusterStatus
    {
        hosts = List.copyOf(hosts);
        networks = List.copyOf(networks);
    }
}
