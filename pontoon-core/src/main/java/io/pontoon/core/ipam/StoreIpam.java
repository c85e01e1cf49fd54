// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.ipam;

import io.pontoon.api.json.Json;
import io.pontoon.core.PontoonException;
import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.Store;
import io.pontoon.core.store.Txn;
import io.pontoon.core.store.TxnResult;
import io.pontoon.kernel.net.IpPrefix;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@link Ipam} on a {@link Store}. Keys under {@code <root>ipam/}:
 * <pre>
 *   pools/&lt;poolId&gt;            the Pool as JSON
 *   pools-guard                 bumped by every pool creation (value "-": it names no pool); its revision guards overlap checks
 *   addrs/&lt;poolId&gt;/&lt;address&gt;  one key per allocated address ({"kind":"gateway"|"address"})
 *   cursors/&lt;poolId&gt;          offset (in the subnet) of the last dynamically allocated address
 * </pre>
 * Every change is one compare-and-set transaction, so concurrent writers (threads here, or other
 * hosts sharing an etcd later) can never hand out the same address twice; a per-pool lock keeps
 * threads of this process from racing each other into retries. An allocation costs a few key
 * reads and one transaction, independent of how many addresses are in use.
 */
public final class StoreIpam implements Ipam
{
    private static final int MAX_ATTEMPTS = 32;

    private final Store store;
    private final String root;
    private final List<AddressPool> defaults;
    private final ReentrantLock poolsLock = new ReentrantLock();
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** {@code root} is the store prefix, e.g. {@code /pontoon/v1/}; it must end with '/'. */
    public StoreIpam(final Store store, final String root, final List<AddressPool> defaults)
    {
        if (!root.endsWith("/"))
        {
            throw new IllegalArgumentException("store root must end with '/': " + root);
        }
        this.store = Objects.requireNonNull(store);
        this.root = root + "ipam/";
        this.defaults = List.copyOf(defaults);
    }

    private String poolKey(final String poolId)
    {
        return root + "pools/" + poolId;
    }

    private String addrPrefix(final String poolId)
    {
        return root + "addrs/" + poolId + "/";
    }

    private String cursorKey(final String poolId)
    {
        return root + "cursors/" + poolId;
    }

    @Override
    public Pool requestPool(final PoolRequest request)
    {
        final String guard = root + "pools-guard";
        return withLock(poolsLock, () ->
        {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
            {
                final long guardRev = store.get(guard).map(KeyValue::modRevision).orElse(0L);
                final Pool pool = PoolPlanner.plan(request, pools(), defaults);
                final Txn.Builder txn = Txn.builder()
                    .ifModRevision(guard, guardRev).ifAbsent(poolKey(pool.id()))
                    .put(guard, "-").put(poolKey(pool.id()), Json.write(pool.toMap()));
                if (pool.gateway() != null)
                {
                    txn.put(addrPrefix(pool.id()) + pool.gateway().address().getHostAddress(), Json.write(Json.obj("kind", "gateway")));
                }
                if (store.commit(txn.build()).succeeded())
                {
                    return pool;
                }
            }
            throw PontoonException.unavailable("could not reserve a subnet for network '%s': too many concurrent changes", request.networkName());
        });
    }

    @Override
    public void releasePool(final String poolId)
    {
        withLock(lockFor(poolId), () ->
        {
            final KeyValue kv = poolEntry(poolId);
            final TxnResult r = store.commit(Txn.builder().ifModRevision(kv.key(), kv.modRevision())
                .delete(kv.key()).deletePrefix(addrPrefix(poolId)).delete(cursorKey(poolId)).build());
            if (!r.succeeded())
            {
                throw PontoonException.notFound("address pool %s not found", poolId);
            }
            return null;
        });
    }

    @Override
    public Optional<Pool> pool(final String poolId)
    {
        return store.get(poolKey(poolId)).map(kv -> Pool.decode(kv.key(), kv.value()));
    }

    @Override
    public List<Pool> pools()
    {
        final List<Pool> out = new ArrayList<>();
        for (final KeyValue kv : store.list(root + "pools/"))
        {
            out.add(Pool.decode(kv.key(), kv.value()));
        }
        return out;
    }

    @Override
    public IpPrefix allocate(final String poolId, final InetAddress preferred)
    {
        return withLock(lockFor(poolId), () ->
        {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
            {
                final KeyValue poolKv = poolEntry(poolId);
                final Pool pool = Pool.decode(poolKv.key(), poolKv.value());
                final IpPrefix got = preferred != null ? allocateStatic(pool, poolKv, preferred) : allocateNext(pool, poolKv);
                if (got != null)
                {
                    return got;
                }
            }
            throw PontoonException.unavailable("could not allocate an address in %s: too many concurrent changes", poolId);
        });
    }

    private IpPrefix allocateStatic(final Pool pool, final KeyValue poolKv, final InetAddress a)
    {
        PoolPlanner.checkInSubnet("address", a, pool.subnet());
        final String key = addrPrefix(pool.id()) + a.getHostAddress();
        final TxnResult r = store.commit(Txn.builder().ifModRevision(poolKv.key(), poolKv.modRevision()).ifAbsent(key)
            .put(key, Json.write(Json.obj("kind", "address"))).build());
        if (r.succeeded())
        {
            return new IpPrefix(a, pool.subnet().length());
        }
        if (r.failed().key().equals(key))
        {
            throw PontoonException.conflict("address %s is already in use in %s", a.getHostAddress(), pool.owner());
        }
        return null;
    }

    private IpPrefix allocateNext(final Pool pool, final KeyValue poolKv)
    {
        final Optional<KeyValue> cursor = store.get(cursorKey(pool.id()));
        final BigInteger last = cursor.map(kv -> new BigInteger(kv.value())).orElse(null);
        final BigInteger offset = new AddressFinder(pool, last).find(this::isAllocated, () -> allocatedOffsets(pool));
        if (offset == null)
        {
            throw PontoonException.unavailable("no free addresses in %s (network '%s')", pool.range(), pool.networkName());
        }
        final InetAddress a = pool.subnet().addressAt(offset);
        final String key = addrPrefix(pool.id()) + a.getHostAddress();
        final TxnResult r = store.commit(Txn.builder()
            .ifModRevision(poolKv.key(), poolKv.modRevision())
            .ifModRevision(cursorKey(pool.id()), cursor.map(KeyValue::modRevision).orElse(0L))
            .ifAbsent(key)
            .put(key, Json.write(Json.obj("kind", "address"))).put(cursorKey(pool.id()), offset.toString())
            .build());
        return r.succeeded() ? new IpPrefix(a, pool.subnet().length()) : null;
    }

    private boolean isAllocated(final Pool pool, final BigInteger offset)
    {
        return store.get(addrPrefix(pool.id()) + pool.subnet().addressAt(offset).getHostAddress()).isPresent();
    }

    private List<BigInteger> allocatedOffsets(final Pool pool)
    {
        final String prefix = addrPrefix(pool.id());
        final List<BigInteger> out = new ArrayList<>();
        for (final KeyValue kv : store.list(prefix))
        {
            out.add(pool.subnet().offsetOf(IpPrefix.Ip.parse(kv.key().substring(prefix.length()))));
        }
        return out;
    }

    @Override
    public List<InetAddress> allocated(final String poolId)
    {
        final String prefix = addrPrefix(poolId);
        final List<InetAddress> out = new ArrayList<>();
        for (final KeyValue kv : store.list(prefix))
        {
            if (!kv.value().contains("gateway"))
            {
                out.add(IpPrefix.Ip.parse(kv.key().substring(prefix.length())));
            }
        }
        return out;
    }

    @Override
    public boolean release(final String poolId, final InetAddress address)
    {
        return withLock(lockFor(poolId), () ->
        {
            final KeyValue poolKv = poolEntry(poolId);
            final Pool pool = Pool.decode(poolKv.key(), poolKv.value());
            if (!pool.subnet().contains(address))
            {
                throw PontoonException.invalid("address %s is not inside subnet %s of network '%s'", address.getHostAddress(),
                    pool.subnet(), pool.networkName());
            }
            final Optional<KeyValue> kv = store.get(addrPrefix(poolId) + address.getHostAddress());
            return kv.isPresent() && store.compareAndDelete(kv.get().key(), kv.get().modRevision());
        });
    }

    private KeyValue poolEntry(final String poolId)
    {
        return store.get(poolKey(poolId)).orElseThrow(() -> PontoonException.notFound("address pool %s not found", poolId));
    }

    private ReentrantLock lockFor(final String poolId)
    {
        if (poolId == null || poolId.isEmpty() || poolId.indexOf('/') >= 0)
        {
            throw PontoonException.invalid("invalid address pool id '%s'", poolId);
        }
        return locks.computeIfAbsent(poolId, k -> new ReentrantLock());
    }

    private static <T> T withLock(final ReentrantLock lock, final Supplier<T> body)
    {
        lock.lock();
        try
        {
            return body.get();
        }
        finally
        {
            lock.unlock();
        }
    }
}
