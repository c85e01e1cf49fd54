// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.core.PontoonException;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.Store;
import io.pontoon.core.store.Txn;
import io.pontoon.core.store.TxnResult;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Creating and removing global network records in the cluster store.
 *
 * <p>Creation is one transaction that compares {@code network-guard} (every creation bumps it, so
 * the name, subnet-overlap and VNI checks made on a list of the networks hold at commit time) and
 * writes the record, its name key, its VNI key and its state key {@code active}.
 *
 * <p>Removal must not race an attach on another host. Endpoint writes compare the network's state
 * key, so removal first flips it to {@code removing} (from then on no endpoint can be added),
 * then lists the endpoints: if containers remain anywhere it flips it back and refuses, otherwise
 * it deletes the network's keys in one transaction (the hosts' own addresses with them).
 */
final class ClusterNetworks
{
    static final String ACTIVE = "active";
    static final String REMOVING = "removing";
    private static final int ATTEMPTS = 16;

    private final Store cluster;
    private final ClusterKeys keys;
    private final ClusterState state;

    ClusterNetworks(final Store cluster, final ClusterKeys keys, final ClusterState state)
    {
        this.cluster = cluster;
        this.keys = keys;
        this.state = state;
    }

    /** Stores {@code proposed} (scope global) with a fresh VNI; returns the stored record. */
    NetworkRecord create(final NetworkRecord proposed)
    {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            final long guard = cluster.get(keys.networkGuard()).map(KeyValue::modRevision).orElse(0L);
            final Set<Integer> usedVnis = new HashSet<>();
            for (final KeyValue kv : cluster.list(keys.root() + "vni/"))
            {
                usedVnis.add(Integer.parseInt(kv.key().substring(kv.key().lastIndexOf('/') + 1)));
            }
            for (final KeyValue kv : cluster.list(keys.networksPrefix()))
            {
                final NetworkRecord other = NetworkRecord.fromJson(kv.value());
                if (other.name().equals(proposed.name()))
                {
                    throw PontoonException.conflict("network with name %s already exists", proposed.name());
                }
                if (other.subnet() != null && other.subnet().overlaps(proposed.subnet()))
                {
                    throw PontoonException.conflict("subnet %s overlaps subnet %s of overlay network '%s'", proposed.subnet(),
                        other.subnet(), other.name());
                }
                ClusterOptions.vni(other).ifPresent(usedVnis::add);
            }
            final int vni = freeVni(usedVnis);
            final Map<String, String> options = new LinkedHashMap<>(proposed.options());
            options.put(ClusterOptions.VNI, Integer.toString(vni));
            final NetworkRecord rec = ClusterOptions.withOptions(proposed, options);
            final TxnResult r = cluster.commit(Txn.builder()
                .ifModRevision(keys.networkGuard(), guard)
                .ifAbsent(keys.networkName(rec.name()))
                .ifAbsent(keys.vni(vni))
                .ifAbsent(keys.network(rec.id()))
                .put(keys.networkGuard(), rec.id())
                .put(keys.networkName(rec.name()), rec.id())
                .put(keys.vni(vni), rec.id())
                .put(keys.network(rec.id()), rec.toJson())
                .put(keys.networkState(rec.id()), ACTIVE)
                .build());
            if (r.succeeded())
            {
                state.networks.put(rec.id(), rec);
                state.states.put(rec.id(), new ClusterState.NetState(ACTIVE, r.revision()));
                state.revisions.merge(keys.network(rec.id()), r.revision(), Math::max);
                state.revisions.merge(keys.networkState(rec.id()), r.revision(), Math::max);
                return rec;
            }
            if (r.failed().key().equals(keys.networkName(rec.name())))
            {
                throw PontoonException.conflict("network with name %s already exists", rec.name());
            }
        }
        throw PontoonException.unavailable("could not create network '%s': too many concurrent changes", proposed.name());
    }

    private static int freeVni(final Set<Integer> used)
    {
        for (int v = ClusterOptions.FIRST_VNI; v <= ClusterOptions.LAST_VNI; v++)
        {
            if (!used.contains(v))
            {
                return v;
            }
        }
        throw PontoonException.unavailable("no free VXLAN network identifier left");
    }

    /** Removes the network from the cluster; FORBIDDEN while containers on any host are attached. */
    void remove(final NetworkRecord n)
    {
        final String stateKey = keys.networkState(n.id());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            final Optional<KeyValue> st = cluster.get(stateKey);
            if (st.isEmpty())
            {
                deleteKeys(n, null);
                return;
            }
            final long marked = st.get().value().equals(REMOVING) ? st.get().modRevision()
                : markRemoving(stateKey, st.get().modRevision());
            if (marked == 0)
            {
                continue;
            }
            final Map<String, Integer> busy = new TreeMap<>();
            for (final KeyValue kv : cluster.list(keys.endpointsPrefix(n.id())))
            {
                final EndpointEntry e = EndpointEntry.fromJson(kv.value());
                if (!e.isHost())
                {
                    busy.merge(e.host(), 1, Integer::sum);
                }
            }
            if (!busy.isEmpty())
            {
                cluster.commit(Txn.builder().ifModRevision(stateKey, marked).put(stateKey, ACTIVE).build());
                throw PontoonException.forbidden("network %s has active endpoints on hosts: %s", n.name(),
                    String.join(", ", busy.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList()));
            }
            if (deleteKeys(n, marked))
            {
                return;
            }
        }
        throw PontoonException.unavailable("could not remove network '%s': too many concurrent changes", n.name());
    }

    private long markRemoving(final String stateKey, final long rev)
    {
        final TxnResult r = cluster.commit(Txn.builder().ifModRevision(stateKey, rev).put(stateKey, REMOVING).build());
        return r.succeeded() ? r.revision() : 0;
    }

    /** Deletes every key of the network; with {@code stateRev} only if the state key is still at it. */
    private boolean deleteKeys(final NetworkRecord n, final Long stateRev)
    {
        final Txn.Builder t = Txn.builder();
        if (stateRev != null)
        {
            t.ifModRevision(keys.networkState(n.id()), stateRev);
        }
        final boolean ownsName = cluster.get(keys.networkName(n.name())).map(kv -> kv.value().equals(n.id())).orElse(false);
        if (ownsName)
        {
            t.delete(keys.networkName(n.name()));
        }
        ClusterOptions.vni(n).ifPresent(v -> t.delete(keys.vni(v)));
        t.delete(keys.network(n.id())).delete(keys.networkState(n.id()))
            .deletePrefix(keys.ipamPrefix(n.id())).deletePrefix(keys.endpointsPrefix(n.id()));
        return cluster.commit(t.build()).succeeded();
    }

    /** Every global network record. */
    List<NetworkRecord> list()
    {
        return cluster.list(keys.networksPrefix()).stream().map(kv -> NetworkRecord.fromJson(kv.value())).toList();
    }
}
