// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.core.PontoonException;
import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.Store;
import io.pontoon.core.store.Txn;
import io.pontoon.core.store.TxnResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * This host's addresses in the cluster: {@code endpoints/NET/ID}, bound to the host's lease. An
 * endpoint is written with one transaction that compares the network's state key, so nothing can
 * be added to a network that is being removed. Withdrawals never fail: if the store cannot be
 * reached, the next {@link #republish} (after every resync) deletes what is no longer wanted and
 * writes what is missing, touching nothing that is already right.
 */
final class Publisher
{
    private static final System.Logger LOG = System.getLogger("pontoon.cluster");
    private static final int BATCH = 100;

    private final Store cluster;
    private final ClusterKeys keys;
    private final ClusterState state;
    private final String host;
    private final LongSupplier lease;
    private final Map<String, String> published = new ConcurrentHashMap<>();

    Publisher(final Store cluster, final ClusterKeys keys, final ClusterState state, final String host, final LongSupplier lease)
    {
        this.cluster = cluster;
        this.keys = keys;
        this.state = state;
        this.host = host;
        this.lease = lease;
    }

    /** Whether {@code key} is one this host published and has not withdrawn. */
    boolean wanted(final String key)
    {
        return published.containsKey(key);
    }

    /** Writes one endpoint of a network that must be active; the caller checked the link. */
    synchronized void publish(final String networkId, final String networkName, final EndpointEntry e)
    {
        final String key = keys.endpoint(networkId, e.id());
        final String stateKey = keys.networkState(networkId);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            final ClusterState.NetState st = state.states.get(networkId);
            if (st == null)
            {
                throw PontoonException.notFound("network '%s' no longer exists in the cluster", networkName);
            }
            if (!st.active())
            {
                throw PontoonException.conflict("network '%s' is being removed", networkName);
            }
            final TxnResult r = cluster.commit(Txn.builder().ifModRevision(stateKey, st.modRevision())
                .put(key, e.toJson(), lease.getAsLong()).build());
            if (r.succeeded())
            {
                published.put(key, e.toJson());
                state.endpointsOf(networkId).put(e.id(), e);
                state.revisions.merge(key, r.revision(), Math::max);
                return;
            }
            final Optional<KeyValue> kv = cluster.get(stateKey);
            if (kv.isEmpty())
            {
                state.states.remove(networkId);
            }
            else
            {
                state.states.put(networkId, new ClusterState.NetState(kv.get().value(), kv.get().modRevision()));
            }
        }
        throw PontoonException.unavailable("could not publish endpoint %s on network '%s': too many concurrent changes",
            e.id(), networkName);
    }

    /** Forgets one endpoint here and deletes it in the cluster if {@code reachable}; false if that failed. */
    synchronized boolean withdraw(final String networkId, final String endpointId, final boolean reachable)
    {
        final String key = keys.endpoint(networkId, endpointId);
        published.remove(key);
        state.endpointsOf(networkId).remove(endpointId);
        if (!reachable)
        {
            return false;
        }
        try
        {
            cluster.delete(key);
            return true;
        }
        catch (final PontoonException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "withdrawing endpoint " + endpointId + " failed (" + ex.getMessage()
                + "); it is removed at the next resync");
            return false;
        }
    }

    /**
     * Makes the cluster hold exactly {@code desired} (key → entry) among this host's endpoints,
     * given {@code state} freshly listed: writes what is missing or different, deletes the rest.
     * Returns how many keys were written or deleted.
     */
    synchronized int republish(final Map<String, EndpointEntry> desired)
    {
        final List<Txn.Op> ops = new ArrayList<>();
        final Map<String, String> actual = new ConcurrentHashMap<>();
        state.endpoints.forEach((net, eps) -> eps.forEach((id, e) ->
        {
            if (e.host().equals(host))
            {
                actual.put(keys.endpoint(net, id), e.toJson());
            }
        }));
        for (final Map.Entry<String, EndpointEntry> d : desired.entrySet())
        {
            final String json = d.getValue().toJson();
            if (!json.equals(actual.get(d.getKey())))
            {
                ops.add(new Txn.Put(d.getKey(), json, lease.getAsLong()));
            }
        }
        for (final String key : actual.keySet())
        {
            if (!desired.containsKey(key))
            {
                ops.add(new Txn.Delete(key));
            }
        }
        for (int i = 0; i < ops.size(); i += BATCH)
        {
            cluster.commit(new Txn(List.of(), ops.subList(i, Math.min(ops.size(), i + BATCH))));
        }
        published.clear();
        desired.forEach((k, v) -> published.put(k, v.toJson()));
        for (final Txn.Op op : ops)
        {
            if (op instanceof Txn.Put p)
            {
                final ClusterKeys.Parsed parsed = keys.parse(p.key());
                if (parsed instanceof ClusterKeys.EndpointKey(final String net, final String id))
                {
                    state.endpointsOf(net).put(id, desired.get(p.key()));
                }
            }
            else if (op instanceof Txn.Delete d && keys.parse(d.key()) instanceof ClusterKeys.EndpointKey(final String net,
                final String id))
            {
                state.endpointsOf(net).remove(id);
            }
        }
        return ops.size();
    }
}
