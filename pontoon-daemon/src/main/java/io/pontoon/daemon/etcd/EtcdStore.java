// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.pontoon.core.PontoonException;
import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.LeaseKeepAlive;
import io.pontoon.core.store.LeasingStore;
import io.pontoon.core.store.Txn;
import io.pontoon.core.store.TxnResult;
import io.pontoon.core.store.Watch;
import io.pontoon.core.store.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The {@link io.pontoon.core.store.Store} of a cluster: etcd v3 through jetcd, with the same key
 * layout as the local store (a Store key is the etcd key, byte for byte) and the same contract.
 * How each part maps to etcd:
 * <ul>
 *   <li>{@link #get} and {@link #list} are linearizable range reads; a list is read in pages of
 *       {@value #PAGE} keys, all at the revision of the first page, so it is one snapshot.</li>
 *   <li>{@link #commit} is one etcd transaction; see {@link EtcdTxns} for the compares, the
 *       ordering of ops and how the failed compare is found.</li>
 *   <li>{@link #watch} is an etcd watch that resumes by itself; see {@link EtcdWatch}.</li>
 *   <li>Leases are etcd leases; keep-alives are explained in {@link EtcdKeepAlive}.</li>
 * </ul>
 * Every call is bounded by {@link EtcdOptions#requestTimeout()}: an unreachable etcd gives
 * UNAVAILABLE naming the endpoints, never a hang. A commit that times out may still have been
 * applied (the message says so); read before retrying it. etcd's first revision is 1, not 0.
 *
 * <p>jetcd, gRPC and Netty stay inside this package. {@link #close()} stops the watches and
 * keep-alives, then the client (its channel, event loops and thread pools).
 */
public final class EtcdStore implements LeasingStore
{
    /** Keys per page of a list. */
    static final int PAGE = 1000;
    private static final System.Logger LOG = System.getLogger(EtcdStore.class.getName());

    private final EtcdOptions options;
    private final EtcdErrors errors;
    private final Client client;
    private final KV kv;
    private final ScheduledExecutorService scheduler;
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    private final Set<EtcdKeepAlive> keepAlives = ConcurrentHashMap.newKeySet();
    private final Map<Long, Duration> grantedTtls = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private EtcdStore(final EtcdOptions options)
    {
        this.options = options;
        this.client = Client.builder()
            .endpoints(options.endpoints())
            .interceptor(new DeadlineInterceptor(options.requestTimeout()))
            .connectTimeout(options.requestTimeout())
            .retryMaxDuration(options.requestTimeout())
            .build();
        this.errors = new EtcdErrors(options, new ReconnectNudger(client)::nudge);
        this.kv = client.getKVClient();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("pontoon-etcd").daemon().factory());
    }

    /**
     * Connects to etcd and checks that it answers (one read); UNAVAILABLE, naming the endpoints,
     * if it does not within the request timeout.
     */
    public static EtcdStore open(final EtcdOptions options)
    {
        final EtcdStore store = new EtcdStore(options);
        try
        {
            store.revision();
            return store;
        }
        catch (final RuntimeException e)
        {
            store.close();
            throw e;
        }
    }

    /**
     * A store that connects at its first call and checks nothing now: for a daemon that must start
     * (and keep its local networks working) while etcd is down. Calls fail with UNAVAILABLE until
     * etcd answers.
     */
    public static EtcdStore connect(final EtcdOptions options)
    {
        return new EtcdStore(options);
    }

    @Override
    public Optional<KeyValue> get(final String key)
    {
        if (key == null || key.isEmpty())
        {
            throw new IllegalArgumentException("store key must not be empty");
        }
        checkOpen();
        final GetResponse r = errors.await("get of '" + key + "'", kv.get(EtcdKeys.seq(key)));
        return r.getKvs().isEmpty() ? Optional.empty() : Optional.of(keyValue(r.getKvs().getFirst()));
    }

    @Override
    public List<KeyValue> list(final String prefix)
    {
        Objects.requireNonNull(prefix, "prefix");
        checkOpen();
        final List<KeyValue> out = new ArrayList<>();
        byte[] from = EtcdKeys.rangeStart(prefix);
        long revision = 0;
        while (true)
        {
            final GetOption page = GetOption.builder()
                .withRange(EtcdKeys.seq(EtcdKeys.prefixEnd(prefix)))
                .withSortField(GetOption.SortTarget.KEY)
                .withSortOrder(GetOption.SortOrder.ASCEND)
                .withLimit(PAGE)
                .withRevision(revision)
                .build();
            final GetResponse r = errors.await("list of '" + prefix + "'", kv.get(EtcdKeys.seq(from), page));
            revision = r.getHeader().getRevision();
            for (final io.etcd.jetcd.KeyValue e : r.getKvs())
            {
                out.add(keyValue(e));
            }
            if (!r.isMore() || r.getKvs().isEmpty())
            {
                return out;
            }
            from = EtcdKeys.successor(r.getKvs().getLast().getKey().getBytes());
        }
    }

    @Override
    public long revision()
    {
        checkOpen();
        final GetOption countOnly = GetOption.builder().withCountOnly(true).build();
        return errors.await("read of the revision", kv.get(EtcdKeys.seq(EtcdKeys.END), countOnly)).getHeader().getRevision();
    }

    @Override
    public TxnResult commit(final Txn txn)
    {
        Objects.requireNonNull(txn, "txn");
        checkOpen();
        final List<EtcdTxns.Write> writes = EtcdTxns.normalize(txn.ops());
        final TxnResponse r;
        try
        {
            r = errors.await("transaction", kv.txn()
                .If(EtcdTxns.compares(txn))
                .Then(EtcdTxns.thenOps(writes))
                .Else(EtcdTxns.elseReads(txn))
                .commit());
        }
        catch (final PontoonException e)
        {
            if (e.kind() == PontoonException.Kind.UNAVAILABLE)
            {
                throw PontoonException.unavailable(e, "%s; the transaction may or may not have been applied: read before"
                    + " retrying it", e.getMessage());
            }
            throw e;
        }
        final long revision = r.getHeader().getRevision();
        return r.isSucceeded() ? TxnResult.success(revision) : TxnResult.failure(revision, EtcdTxns.firstFailed(txn, r.getGetResponses()));
    }

    @Override
    public Watch watch(final String prefix, final long fromRevision, final Consumer<WatchEvent> listener)
    {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (fromRevision < 0)
        {
            throw new IllegalArgumentException("fromRevision must not be negative");
        }
        checkOpen();
        final long start = fromRevision == 0 ? revision() + 1 : checkRetained(prefix, fromRevision);
        final EtcdWatch w = new EtcdWatch(client.getWatchClient(), prefix, start, listener, errors, scheduler, watches::remove);
        watches.add(w);
        w.open();
        if (closed)
        {
            w.close();
            checkOpen();
        }
        return w;
    }

    /**
     * {@code from}, after checking that etcd still keeps history from there: a read at a
     * compacted revision fails (CONFLICT) exactly when a watch from it would; a future revision
     * is fine for a watch.
     */
    private long checkRetained(final String prefix, final long from)
    {
        final GetOption at = GetOption.builder().withCountOnly(true).withRevision(from).build();
        try
        {
            errors.await("watch of '" + prefix + "' from revision " + from, kv.get(EtcdKeys.seq(EtcdKeys.END), at));
        }
        catch (final PontoonException e)
        {
            final boolean future = e.kind() != PontoonException.Kind.CONFLICT && EtcdErrors.code(e.getCause()) == ErrorCode.OUT_OF_RANGE;
            if (!future)
            {
                throw e;
            }
        }
        return from;
    }

    @Override
    public long grantLease(final Duration ttl)
    {
        checkOpen();
        final long seconds = Math.max(1, ttl.toSeconds() + (ttl.toNanosPart() > 0 ? 1 : 0));
        final var r = errors.await("grant of a " + seconds + " s lease", client.getLeaseClient().grant(seconds));
        grantedTtls.put(r.getID(), Duration.ofSeconds(r.getTTL()));
        return r.getID();
    }

    @Override
    public LeaseKeepAlive keepAlive(final long lease, final Consumer<PontoonException> onLost)
    {
        Objects.requireNonNull(onLost, "onLost");
        checkOpen();
        final Duration ttl = grantedTtls.getOrDefault(lease, options.requestTimeout());
        final EtcdKeepAlive k = new EtcdKeepAlive(client.getLeaseClient(), lease, ttl, onLost, scheduler, errors, keepAlives::remove);
        keepAlives.add(k);
        k.start();
        return k;
    }

    @Override
    public void revokeLease(final long lease)
    {
        checkOpen();
        for (final EtcdKeepAlive k : List.copyOf(keepAlives))
        {
            if (k.lease() == lease)
            {
                k.close();
            }
        }
        grantedTtls.remove(lease);
        try
        {
            errors.await("revoke of lease " + lease, client.getLeaseClient().revoke(lease));
        }
        catch (final PontoonException e)
        {
            if (e.kind() != PontoonException.Kind.NOT_FOUND)
            {
                throw e;
            }
        }
    }

    @Override
    public Optional<Duration> leaseTimeToLive(final long lease)
    {
        checkOpen();
        final var r = errors.await("time-to-live of lease " + lease, client.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT));
        return r.getTTL() <= 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(r.getTTL()));
    }

    private static KeyValue keyValue(final io.etcd.jetcd.KeyValue e)
    {
        return new KeyValue(EtcdKeys.string(e.getKey()), EtcdKeys.string(e.getValue()), e.getModRevision());
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw PontoonException.unavailable("the etcd store at %s is closed", errors.endpoints());
        }
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final EtcdWatch w : List.copyOf(watches))
        {
            w.close();
        }
        for (final EtcdKeepAlive k : List.copyOf(keepAlives))
        {
            k.close();
        }
        scheduler.shutdownNow();
        try
        {
            client.close();
        }
        catch (final RuntimeException e)
        {
            LOG.log(System.Logger.Level.WARNING, "closing the etcd client for " + errors.endpoints() + " failed", e);
        }
    }

    @Override
    public String toString()
    {
        return "EtcdStore[" + errors.endpoints() + "]";
    }
}
