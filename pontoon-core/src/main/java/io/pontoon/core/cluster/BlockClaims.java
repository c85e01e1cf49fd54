// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.api.json.Json;
import io.pontoon.core.PontoonException;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.Store;
import io.pontoon.core.store.Txn;
import io.pontoon.core.store.TxnResult;
import io.pontoon.kernel.net.IpPrefix;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Block affinity in the cluster store: claiming a block for this host and giving it back. A claim
 * is one transaction that holds only if the network is still active (its state key unchanged) and
 * the block is free ({@code ipam/NET/blocks/B} absent), or still belongs to a host whose
 * registration is gone ({@code hosts/OWNER} absent: a dead host's blocks are reclaimed when no
 * free block is left). Candidates are tried from a point derived from the host name, so hosts
 * claiming at the same time rarely collide.
 */
final class BlockClaims
{
    private static final System.Logger LOG = System.getLogger("pontoon.cluster.ipam");
    private static final int ATTEMPTS = 8;

    private final Store cluster;
    private final ClusterKeys keys;
    private final ClusterState state;
    private final ClusterLink link;
    private final String host;

    BlockClaims(final Store cluster, final ClusterKeys keys, final ClusterState state, final ClusterLink link, final String host)
    {
        this.cluster = cluster;
        this.keys = keys;
        this.state = state;
        this.link = link;
        this.host = host;
    }

    /** Makes {@code block} ours: it is free, ours already, or a dead host's; CONFLICT if a live host owns it. */
    void claim(final NetworkRecord n, final BlockLayout layout, final IpPrefix block)
    {
        link.require("network '" + n.name() + "' cannot take new endpoints");
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            final ClusterState.Owner o = state.blocksOf(n.id()).get(block);
            if (o != null && o.host().equals(host))
            {
                return;
            }
            if (o != null && state.hosts.containsKey(o.host()))
            {
                throw PontoonException.conflict("addresses in %s of network '%s' belong to host %s", block, n.name(), o.host());
            }
            if (tryClaim(n, block, o))
            {
                return;
            }
        }
        throw PontoonException.unavailable("could not claim address block %s of network '%s': too many concurrent changes",
            block, n.name());
    }

    /** Claims some block: a free one first, else one of a dead host. UNAVAILABLE when none is left. */
    IpPrefix claimAny(final NetworkRecord n, final BlockLayout layout)
    {
        link.require("network '" + n.name() + "' cannot take new endpoints");
        final int count = layout.count();
        final int start = Math.floorMod((host + "/" + n.id()).hashCode(), count);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i < count; i++)
                {
                    final IpPrefix b = layout.block((start + i) % count);
                    final ClusterState.Owner o = state.blocksOf(n.id()).get(b);
                    final boolean candidate = pass == 0 ? o == null
                        : o != null && !o.host().equals(host) && !state.hosts.containsKey(o.host());
                    if (candidate && tryClaim(n, b, o))
                    {
                        return b;
                    }
                }
            }
            if (state.blocksOf(n.id()).size() >= count && state.blocksOf(n.id()).values().stream()
                .allMatch(o -> state.hosts.containsKey(o.host())))
            {
                break;
            }
        }
        final TreeSet<String> owners = new TreeSet<>();
        state.blocksOf(n.id()).values().forEach(o -> owners.add(o.host()));
        throw PontoonException.unavailable("network '%s' has no free address block: all %d blocks of /%d in %s are claimed"
            + " (by %s)", n.name(), count, layout.blockLength(), layout.range(), String.join(", ", owners));
    }

    /** One claim transaction; false when another host won the block (state refreshed). */
    private boolean tryClaim(final NetworkRecord n, final IpPrefix block, final ClusterState.Owner previous)
    {
        final ClusterState.NetState st = activeState(n);
        final String stateKey = keys.networkState(n.id());
        final String blockKey = keys.block(n.id(), block);
        final Txn.Builder t = Txn.builder().ifModRevision(stateKey, st.modRevision());
        if (previous == null)
        {
            t.ifAbsent(blockKey);
        }
        else
        {
            t.ifModRevision(blockKey, previous.modRevision()).ifAbsent(keys.host(previous.host()));
        }
        t.put(blockKey, Json.write(Json.obj("host", host, "claimed", Instant.now().toString())));
        final TxnResult r = cluster.commit(t.build());
        if (r.succeeded())
        {
            state.blocksOf(n.id()).put(block, new ClusterState.Owner(host, r.revision()));
            state.revisions.merge(blockKey, r.revision(), Math::max);
            LOG.log(System.Logger.Level.INFO, "claimed address block " + block + " of network " + n.name()
                + (previous == null ? "" : " from departed host " + previous.host()));
            return true;
        }
        final String failed = r.failed().key();
        if (failed.equals(stateKey))
        {
            refreshState(n);
            return false;
        }
        if (failed.equals(blockKey))
        {
            final Optional<KeyValue> kv = cluster.get(blockKey);
            if (kv.isPresent())
            {
                state.blocksOf(n.id()).put(block, new ClusterState.Owner(
                    Json.parseObject(kv.get().value()).requireString("host"), kv.get().modRevision()));
            }
            else
            {
                state.blocksOf(n.id()).remove(block);
            }
        }
        return false;
    }

    private ClusterState.NetState activeState(final NetworkRecord n)
    {
        final ClusterState.NetState st = state.states.get(n.id());
        if (st == null)
        {
            throw PontoonException.notFound("network '%s' no longer exists in the cluster", n.name());
        }
        if (!st.active())
        {
            throw PontoonException.conflict("network '%s' is being removed", n.name());
        }
        return st;
    }

    private void refreshState(final NetworkRecord n)
    {
        final Optional<KeyValue> kv = cluster.get(keys.networkState(n.id()));
        if (kv.isEmpty())
        {
            state.states.remove(n.id());
        }
        else
        {
            state.states.put(n.id(), new ClusterState.NetState(kv.get().value(), kv.get().modRevision()));
        }
        activeState(n);
    }

    /** Gives back one of our blocks; false if that could not be done now (it stays ours). */
    boolean release(final String networkId, final IpPrefix block)
    {
        final Map<IpPrefix, ClusterState.Owner> blocks = state.blocksOf(networkId);
        final ClusterState.Owner o = blocks.get(block);
        if (o == null || !o.host().equals(host))
        {
            return true;
        }
        if (!link.up())
        {
            return false;
        }
        try
        {
            if (cluster.commit(Txn.builder().ifModRevision(keys.block(networkId, block), o.modRevision())
                .delete(keys.block(networkId, block)).build()).succeeded())
            {
                blocks.remove(block);
                return true;
            }
            return false;
        }
        catch (final PontoonException e)
        {
            return false;
        }
    }
}
