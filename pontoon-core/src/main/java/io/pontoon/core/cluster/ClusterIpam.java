// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.api.json.Json;
import io.pontoon.core.PontoonException;
import io.pontoon.core.ipam.Ipam;
import io.pontoon.core.ipam.Pool;
import io.pontoon.core.ipam.PoolRequest;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.Store;
import io.pontoon.kernel.net.IpPrefix;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The IPAM of global networks (pool id = network id). Addresses come from blocks this host owns
 * ({@link BlockLayout}); which addresses of them are taken is this host's business alone and lives
 * in the local store, so an allocation inside an owned block is one local write and no cluster
 * round-trip. When the owned blocks are full a new block is claimed in the cluster with one
 * compare-and-set ({@link BlockClaims}). Two hosts never own the same block, so an address is never
 * handed out twice. One lock per network serializes this host's threads.
 */
public final class ClusterIpam implements Ipam
{
    static final String KIND_ADDRESS = "address";
    static final String KIND_HOST = "host";
    private static final System.Logger LOG = System.getLogger("pontoon.cluster.ipam");
    private static final Comparator<IpPrefix> BY_ADDRESS = Comparator.comparing(p -> IpPrefix.Ip.toBig(p.address()));

    private final Store local;
    private final ClusterKeys keys;
    private final ClusterState state;
    private final BlockClaims claims;
    private final ClusterLink link;
    private final Map<String, Net> nets = new ConcurrentHashMap<>();

    /** What this host holds of one network: its blocks and the addresses taken in them. */
    private static final class Net
    {
        final ReentrantLock lock = new ReentrantLock();
        final TreeSet<IpPrefix> own = new TreeSet<>(BY_ADDRESS);
        final Map<InetAddress, String> taken = new HashMap<>();
        InetAddress last;
    }

    ClusterIpam(final Store local, final ClusterKeys keys, final ClusterState state, final BlockClaims claims,
        final ClusterLink link)
    {
        this.local = local;
        this.keys = keys;
        this.state = state;
        this.claims = claims;
        this.link = link;
    }

    private Net net(final String networkId)
    {
        return nets.computeIfAbsent(networkId, id ->
        {
            final Net n = new Net();
            for (final KeyValue kv : local.list(keys.localBlocks(id)))
            {
                n.own.add(ClusterKeys.parseBlockId(kv.key().substring(keys.localBlocks(id).length())));
            }
            for (final KeyValue kv : local.list(keys.localAddrs(id)))
            {
                n.taken.put(IpPrefix.Ip.parse(kv.key().substring(keys.localAddrs(id).length())),
                    Json.parseObject(kv.value()).string("kind", KIND_ADDRESS));
            }
            return n;
        });
    }

    private NetworkRecord record(final String networkId)
    {
        final NetworkRecord n = state.networks.get(networkId);
        if (n == null)
        {
            throw PontoonException.notFound("overlay network %s not found in the cluster", networkId);
        }
        return n;
    }

    @Override
    public IpPrefix allocate(final String poolId, final InetAddress preferred)
    {
        return allocate(poolId, preferred, KIND_ADDRESS);
    }

    /** Allocates this host's own source address on the network. */
    IpPrefix allocateHost(final String networkId)
    {
        return allocate(networkId, null, KIND_HOST);
    }

    private IpPrefix allocate(final String networkId, final InetAddress preferred, final String kind)
    {
        final NetworkRecord n = state.networks.get(networkId);
        link.require("network '" + (n == null ? networkId : n.name()) + "' cannot take new endpoints");
        record(networkId);
        final BlockLayout layout = BlockLayout.of(n);
        final Net net = net(networkId);
        net.lock.lock();
        try
        {
            final InetAddress got;
            if (preferred != null)
            {
                if (!layout.subnet().contains(preferred))
                {
                    throw PontoonException.invalid("address %s is not inside subnet %s of network '%s'",
                        preferred.getHostAddress(), layout.subnet(), n.name());
                }
                if (!layout.usable(preferred))
                {
                    throw PontoonException.invalid("address %s cannot be assigned on network '%s': it is the network, broadcast"
                        + " or gateway address, or outside the range %s", preferred.getHostAddress(), n.name(), layout.range());
                }
                if (net.taken.containsKey(preferred))
                {
                    throw PontoonException.conflict("address %s is already in use in network '%s'", preferred.getHostAddress(),
                        n.name());
                }
                final IpPrefix block = layout.blockOf(preferred);
                if (!net.own.contains(block))
                {
                    claims.claim(n, layout, block);
                    own(networkId, net, block);
                }
                got = preferred;
            }
            else
            {
                InetAddress free = findFree(layout, net);
                while (free == null)
                {
                    own(networkId, net, claims.claimAny(n, layout));
                    free = findFree(layout, net);
                }
                got = free;
                net.last = free;
            }
            if (!local.putIfAbsent(keys.localAddr(networkId, got), Json.write(Json.obj("kind", kind))))
            {
                throw PontoonException.conflict("address %s is already in use in network '%s'", got.getHostAddress(), n.name());
            }
            net.taken.put(got, kind);
            return layout.withSubnetLength(got);
        }
        finally
        {
            net.lock.unlock();
        }
    }

    private void own(final String networkId, final Net net, final IpPrefix block)
    {
        if (net.own.add(block))
        {
            local.put(keys.localBlock(networkId, block), "");
        }
    }

    /** The next free address of the owned blocks after the one handed out last (wrapping), or null. */
    private static InetAddress findFree(final BlockLayout layout, final Net net)
    {
        final List<InetAddress> all = new ArrayList<>();
        for (final IpPrefix b : net.own)
        {
            all.addAll(layout.usableIn(b));
        }
        final int start = net.last == null ? 0 : all.indexOf(net.last) + 1;
        for (int i = 0; i < all.size(); i++)
        {
            final InetAddress a = all.get((start + i) % all.size());
            if (!net.taken.containsKey(a))
            {
                return a;
            }
        }
        return null;
    }

    @Override
    public boolean release(final String poolId, final InetAddress address)
    {
        final Net net = net(poolId);
        net.lock.lock();
        try
        {
            if (net.taken.remove(address) == null)
            {
                return false;
            }
            local.delete(keys.localAddr(poolId, address));
            return true;
        }
        finally
        {
            net.lock.unlock();
        }
    }

    /** Gives back owned blocks in which nothing is allocated (when this host leaves the network). */
    void releaseEmptyBlocks(final String networkId)
    {
        final Net net = net(networkId);
        net.lock.lock();
        try
        {
            for (final IpPrefix b : List.copyOf(net.own))
            {
                if (net.taken.keySet().stream().noneMatch(b::contains) && claims.release(networkId, b))
                {
                    net.own.remove(b);
                    local.delete(keys.localBlock(networkId, b));
                }
            }
        }
        finally
        {
            net.lock.unlock();
        }
    }

    /** The blocks this host believes it owns. */
    Set<IpPrefix> ownBlocks(final String networkId)
    {
        final Net net = net(networkId);
        net.lock.lock();
        try
        {
            return Set.copyOf(net.own);
        }
        finally
        {
            net.lock.unlock();
        }
    }

    /**
     * After a (re)list: adopts blocks the cluster says are {@code host}'s but the local store lacks
     * (a crash after a claim), claims again owned blocks whose key vanished, and forgets owned
     * blocks another host holds now.
     */
    void reconcileBlocks(final String host)
    {
        for (final NetworkRecord n : state.networks.values())
        {
            final Map<IpPrefix, ClusterState.Owner> owners = state.blocksOf(n.id());
            for (final IpPrefix b : ownBlocks(n.id()))
            {
                final ClusterState.Owner o = owners.get(b);
                if (o == null)
                {
                    try
                    {
                        claims.claim(n, BlockLayout.of(n), b);
                    }
                    catch (final PontoonException e)
                    {
                        lost(n.id(), b);
                    }
                }
                else if (!o.host().equals(host))
                {
                    lost(n.id(), b);
                }
            }
            owners.forEach((b, o) ->
            {
                if (o.host().equals(host))
                {
                    adopt(n.id(), b);
                }
            });
        }
    }

    /** Records a block the cluster says is ours but the local store lacks (a crash after a claim). */
    void adopt(final String networkId, final IpPrefix block)
    {
        final Net net = net(networkId);
        net.lock.lock();
        try
        {
            own(networkId, net, block);
        }
        finally
        {
            net.lock.unlock();
        }
    }

    /** Forgets a block another host owns now (ours expired while we were cut off). */
    void lost(final String networkId, final IpPrefix block)
    {
        final Net net = net(networkId);
        net.lock.lock();
        try
        {
            if (net.own.remove(block))
            {
                local.delete(keys.localBlock(networkId, block));
                net.taken.keySet().stream().filter(block::contains).forEach(a -> LOG.log(System.Logger.Level.WARNING,
                    "address " + a.getHostAddress() + " of network " + networkId + " is in block " + block
                        + ", which another host owns now; it may be handed out twice"));
            }
        }
        finally
        {
            net.lock.unlock();
        }
    }

    /**
     * Releases local allocations nobody uses: addresses not in {@code inUse}, host addresses other
     * than {@code hostAddress} (null when this host does not take part).
     */
    void prune(final String networkId, final Set<InetAddress> inUse, final InetAddress hostAddress)
    {
        final Net net = net(networkId);
        net.lock.lock();
        try
        {
            for (final Map.Entry<InetAddress, String> e : List.copyOf(net.taken.entrySet()))
            {
                final boolean keep = KIND_HOST.equals(e.getValue()) ? e.getKey().equals(hostAddress) : inUse.contains(e.getKey());
                if (!keep)
                {
                    LOG.log(System.Logger.Level.INFO, "releasing orphan address " + e.getKey().getHostAddress() + " of network "
                        + networkId);
                    net.taken.remove(e.getKey());
                    local.delete(keys.localAddr(networkId, e.getKey()));
                }
            }
        }
        finally
        {
            net.lock.unlock();
        }
    }

    /** Forgets everything of a network that no longer exists. */
    void drop(final String networkId)
    {
        nets.remove(networkId);
        local.deletePrefix(keys.localBlocks(networkId));
        local.deletePrefix(keys.localAddrs(networkId));
    }

    /** Networks with local allocation state (for pruning after the network vanished). */
    Set<String> localNetworks()
    {
        final Set<String> out = new TreeSet<>();
        for (final String prefix : List.of(keys.local() + "blocks/", keys.local() + "addrs/"))
        {
            for (final KeyValue kv : local.list(prefix))
            {
                out.add(kv.key().substring(prefix.length()).split("/", 2)[0]);
            }
        }
        return out;
    }

    @Override
    public Pool requestPool(final PoolRequest request)
    {
        throw PontoonException.forbidden("overlay networks get their subnet from the cluster, not from a local pool");
    }

    @Override
    public void releasePool(final String poolId)
    {
        drop(poolId);
    }

    @Override
    public Optional<Pool> pool(final String poolId)
    {
        final NetworkRecord n = state.networks.get(poolId);
        return n == null ? Optional.empty() : Optional.of(new Pool(n.id(), n.id(), n.name(), n.subnet(), n.ipRange(), n.gateway()));
    }

    @Override
    public List<Pool> pools()
    {
        return state.networks.keySet().stream().sorted().map(this::pool).flatMap(Optional::stream).toList();
    }

    @Override
    public List<InetAddress> allocated(final String poolId)
    {
        final Net net = net(poolId);
        net.lock.lock();
        try
        {
            return net.taken.entrySet().stream().filter(e -> KIND_ADDRESS.equals(e.getValue())).map(Map.Entry::getKey).toList();
        }
        finally
        {
            net.lock.unlock();
        }
    }
}
