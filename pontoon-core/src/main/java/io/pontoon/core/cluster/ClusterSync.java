// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.api.json.Json;
import io.pontoon.core.driver.overlay.OverlayPeers;
import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.WatchEvent;
import io.pontoon.kernel.net.IpPrefix;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Turns the cluster's keys (a full list, then watch events) into {@link ClusterState} and tells
 * the interested parties: the data plane ({@link OverlayPeers}) about remote endpoints of the
 * networks this host takes part in ("fed" networks), the controller's mirror about network
 * records, the IPAM about blocks it lost. Runs on the agent's thread only, so calls for one
 * network reach the data plane in order.
 */
final class ClusterSync
{
    private static final System.Logger LOG = System.getLogger("pontoon.cluster");

    /** What the agent does with changes that concern more than the state. */
    interface Effects
    {
        void networkPut(NetworkRecord n);

        void networkDeleted(String id);

        void blockLost(String networkId, IpPrefix block);

        void ownEndpointVanished(String key);
    }

    private final ClusterKeys keys;
    private final ClusterState state;
    private final String host;
    private final OverlayPeers peers;
    private final Effects effects;
    private final Set<String> fed = ConcurrentHashMap.newKeySet();

    ClusterSync(final ClusterKeys keys, final ClusterState state, final String host, final OverlayPeers peers,
        final Effects effects)
    {
        this.keys = keys;
        this.state = state;
        this.host = host;
        this.peers = peers;
        this.effects = effects;
    }

    /** A fresh state from a full list of the cluster prefix. */
    ClusterState load(final List<KeyValue> all)
    {
        final ClusterState s = new ClusterState();
        for (final KeyValue kv : all)
        {
            s.revisions.put(kv.key(), kv.modRevision());
            switch (keys.parse(kv.key()))
            {
                case ClusterKeys.HostKey h -> s.hosts.put(h.name(), HostRecord.fromJson(kv.value()));
                case ClusterKeys.NetworkKey n -> s.networks.put(n.id(), NetworkRecord.fromJson(kv.value()));
                case ClusterKeys.StateKey st -> s.states.put(st.id(), new ClusterState.NetState(kv.value(), kv.modRevision()));
                case ClusterKeys.BlockKey b -> s.blocksOf(b.networkId()).put(b.block(), owner(kv.value(), kv.modRevision()));
                case ClusterKeys.EndpointKey e -> s.endpointsOf(e.networkId()).put(e.endpointId(), EndpointEntry.fromJson(kv.value()));
                case ClusterKeys.OtherKey o ->
                {
                    // names, guard, VNIs: consulted by transactions, not kept
                }
            }
        }
        return s;
    }

    private static ClusterState.Owner owner(final String json, final long rev)
    {
        return new ClusterState.Owner(Json.parseObject(json).requireString("host"), rev);
    }

    /** Networks whose remote endpoints the data plane hears about. */
    Set<String> fed()
    {
        return Set.copyOf(fed);
    }

    /** Starts (or restarts) feeding a network: the data plane gets its whole remote set. */
    void feed(final String networkId)
    {
        fed.add(networkId);
        call(networkId, () -> peers.resync(networkId, remotes(networkId)));
    }

    /** Stops feeding a network (its kernel objects are about to go). */
    void unfeed(final String networkId)
    {
        fed.remove(networkId);
    }

    /** The remote endpoints of a network, as the data plane is told them. */
    List<RemoteEndpoint> remotes(final String networkId)
    {
        return state.endpointsOf(networkId).values().stream().filter(e -> !e.host().equals(host)).map(EndpointEntry::remote)
            .toList();
    }

    /** Applies one watch event (skipping what the last list already showed). */
    void apply(final WatchEvent ev)
    {
        final Long known = state.revisions.get(ev.key());
        final boolean put = ev.type() == WatchEvent.Type.PUT;
        if (known != null && (put ? ev.revision() <= known : ev.revision() < known))
        {
            return;
        }
        if (put)
        {
            state.revisions.put(ev.key(), ev.revision());
        }
        else
        {
            state.revisions.remove(ev.key());
        }
        switch (keys.parse(ev.key()))
        {
            case ClusterKeys.HostKey h -> hostEvent(h.name(), put ? ev.value() : null);
            case ClusterKeys.NetworkKey n -> networkEvent(n.id(), put ? ev.value() : null);
            case ClusterKeys.StateKey st ->
            {
                if (put)
                {
                    state.states.put(st.id(), new ClusterState.NetState(ev.value(), ev.revision()));
                }
                else
                {
                    state.states.remove(st.id());
                }
            }
            case ClusterKeys.BlockKey b -> blockEvent(b.networkId(), b.block(), put ? owner(ev.value(), ev.revision()) : null);
            case ClusterKeys.EndpointKey e -> endpointEvent(e.networkId(), e.endpointId(), ev.key(), put ? ev.value() : null);
            case ClusterKeys.OtherKey o ->
            {
                // not kept
            }
        }
    }

    private void hostEvent(final String name, final String value)
    {
        if (value == null)
        {
            state.hosts.remove(name);
            LOG.log(System.Logger.Level.INFO, "host " + name + " left the cluster");
        }
        else if (state.hosts.put(name, HostRecord.fromJson(value)) == null)
        {
            LOG.log(System.Logger.Level.INFO, "host " + name + " joined the cluster");
        }
    }

    private void networkEvent(final String id, final String value)
    {
        if (value != null)
        {
            final NetworkRecord n = NetworkRecord.fromJson(value);
            state.networks.put(id, n);
            effects.networkPut(n);
            return;
        }
        state.networks.remove(id);
        state.endpoints.remove(id);
        state.blocks.remove(id);
        fed.remove(id);
        effects.networkDeleted(id);
    }

    private void blockEvent(final String networkId, final IpPrefix block, final ClusterState.Owner owner)
    {
        final Map<IpPrefix, ClusterState.Owner> blocks = state.blocksOf(networkId);
        final ClusterState.Owner before = owner == null ? blocks.remove(block) : blocks.put(block, owner);
        if (before != null && before.host().equals(host) && (owner == null || !owner.host().equals(host))
            && state.networks.containsKey(networkId))
        {
            effects.blockLost(networkId, block);
        }
    }

    private void endpointEvent(final String networkId, final String id, final String key, final String value)
    {
        final Map<String, EndpointEntry> eps = state.endpointsOf(networkId);
        if (value != null)
        {
            final EndpointEntry e = EndpointEntry.fromJson(value);
            final EndpointEntry before = eps.put(id, e);
            if (!e.host().equals(host) && fed.contains(networkId) && !e.equals(before))
            {
                call(networkId, () -> peers.upsert(networkId, e.remote()));
            }
            return;
        }
        final EndpointEntry before = eps.remove(id);
        if (before == null)
        {
            return;
        }
        if (!before.host().equals(host))
        {
            if (fed.contains(networkId))
            {
                call(networkId, () -> peers.remove(networkId, id));
            }
        }
        else
        {
            effects.ownEndpointVanished(key);
        }
    }

    private static void call(final String networkId, final Runnable r)
    {
        try
        {
            r.run();
        }
        catch (final RuntimeException e)
        {
            LOG.log(System.Logger.Level.WARNING, "data plane update of network " + networkId + " failed; retried at the next"
                + " resync", e);
        }
    }
}
