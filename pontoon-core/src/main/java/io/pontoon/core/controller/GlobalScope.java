// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.controller;

import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.core.ipam.Ipam;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.NetworkRecord;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What the controller needs from the cluster for networks of scope global (implemented by
 * {@link io.pontoon.core.cluster.ClusterAgent}). The records stay in the cluster store; the
 * controller keeps a mirror of each in its local registry, so run, connect, disconnect, ports and
 * rm go through the usual paths and the usual {@link io.pontoon.core.driver.NetworkDriver} calls.
 *
 * <p>A host <em>takes part</em> in a global network while it has endpoints on it: its mirror then
 * carries this host's own address on the network (see {@link #join}), the network's kernel
 * objects exist on the host, and the data plane is told about the other hosts' endpoints.
 */
public interface GlobalScope
{
    /** Whether networks of {@code driver} are global. */
    boolean handles(String driver);

    /**
     * Joins the cluster and keeps the controller's mirror in step with it; called by
     * {@link Controller#start()} after the local restore. Throws (and the daemon must not start)
     * when this host's name is registered by another host.
     */
    void start(Controller controller);

    /** Stores a new global network proposed by the controller; returns it as stored (with its VNI). */
    NetworkRecord createNetwork(NetworkRecord proposed);

    /** Removes a global network from the cluster; FORBIDDEN while any host has endpoints on it. */
    void removeNetwork(NetworkRecord network);

    /** The IPAM of global networks (pool id = network id). */
    Ipam ipam();

    /** Whether this host takes part in {@code network} (its local mirror). */
    boolean participating(NetworkRecord network);

    /** The record as the cluster has it: the mirror without this host's own options. */
    NetworkRecord globalRecord(NetworkRecord network);

    /**
     * First step of taking part: allocates this host's address on the network and returns the
     * mirror with it. UNAVAILABLE at once when the cluster store is unreachable.
     */
    NetworkRecord join(NetworkRecord network);

    /**
     * Second step, once the network's kernel objects exist: publishes this host's address and
     * hands the data plane every remote endpoint; returns when the data plane has them.
     */
    void joined(NetworkRecord network);

    /**
     * Stops taking part: the data plane hears no more of the network, this host's address is
     * withdrawn and released, empty blocks are given back. Returns the mirror without this host's
     * options. Never fails because the cluster is unreachable (the next resync tidies up).
     */
    NetworkRecord leave(NetworkRecord network);

    /**
     * Why global networks cannot take new endpoints right now (the cluster store is unreachable),
     * or empty when they can. No side effects; what CNI STATUS reports.
     */
    Optional<String> unavailable();

    /** Publishes a local endpoint (after its join); UNAVAILABLE when the cluster is unreachable. */
    void published(NetworkRecord network, EndpointRecord endpoint);

    /** Withdraws a local endpoint; never fails (an unreachable cluster is tidied up at resync). */
    void withdrawn(NetworkRecord network, EndpointRecord endpoint);

    /** Forgets local state of a network that was removed from the cluster. */
    void forgotten(String networkId);

    /** The hosts on a global network and the remote endpoints the data plane was given. */
    Peers peers(String networkId);

    /** Stops following the cluster (this host's registration lives on until its lease expires). */
    void close();

    /** A host with addresses on a network. */
    record PeerHost(String name, InetAddress address, int endpoints)
    {
    }

    /** What {@link #peers} reports. */
    record Peers(List<PeerHost> hosts, List<RemoteEndpoint> remote)
    {
        public Peers
        {
            hosts = List.copyOf(hosts);
            remote = List.copyOf(remote);
        }
    }
}
