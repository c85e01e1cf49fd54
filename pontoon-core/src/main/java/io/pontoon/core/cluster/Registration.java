// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.core.PontoonException;
import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.LeaseKeepAlive;
import io.pontoon.core.store.LeasingStore;
import io.pontoon.core.store.Store;
import io.pontoon.core.store.Txn;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * This host's registration: {@code hosts/NAME} bound to a lease that is renewed in the background.
 * Everything the host publishes is bound to the same lease, so when the host dies (no renewal for
 * a TTL) all of it disappears at once and every other host hears about it from its watch.
 *
 * <p>A registration under the same name is this host's own earlier one (a restart, or a store
 * outage) when it carries the same advertise address or the lease recorded in the local store;
 * then its lease is taken over while it is alive, so a restart within the TTL changes nothing in
 * the cluster and nobody reprograms anything. Any other registration under the name is another
 * host's: this host is refused, with that host's address in the message.
 */
final class Registration
{
    private static final System.Logger LOG = System.getLogger("pontoon.cluster");

    private final ClusterConfig cfg;
    private final LeasingStore cluster;
    private final Store local;
    private final ClusterKeys keys;
    private final Consumer<PontoonException> onLost;
    private volatile long lease;
    private LeaseKeepAlive keepAlive;

    Registration(final ClusterConfig cfg, final LeasingStore cluster, final Store local, final ClusterKeys keys,
        final Consumer<PontoonException> onLost)
    {
        this.cfg = cfg;
        this.cluster = cluster;
        this.local = local;
        this.keys = keys;
        this.onLost = onLost;
    }

    /** The lease this host's keys are bound to (0 before the first registration). */
    long lease()
    {
        return lease;
    }

    /** Registers (or re-registers) this host and makes sure its lease is being renewed. */
    synchronized void register()
    {
        final String key = keys.host(cfg.hostName());
        final Optional<HostRecord> previous = local.get(keys.localHost()).map(kv -> HostRecord.fromJson(kv.value()));
        for (int attempt = 0; attempt < 8; attempt++)
        {
            final Optional<KeyValue> existing = cluster.get(key);
            long use = 0;
            Instant started = Instant.now();
            if (existing.isPresent())
            {
                final HostRecord other = HostRecord.fromJson(existing.get().value());
                final boolean ours = other.address().equals(cfg.advertise())
                    || previous.isPresent() && previous.get().lease() == other.lease();
                if (!ours)
                {
                    throw PontoonException.conflict("host name %s is already registered by the host at %s (since %s); every"
                        + " host needs its own --host-name", cfg.hostName(), other.address().getHostAddress(), other.started());
                }
                if (alive(other.lease()))
                {
                    use = other.lease();
                    started = other.started();
                }
            }
            else if (previous.isPresent() && alive(previous.get().lease()))
            {
                use = previous.get().lease();
            }
            if (use == 0)
            {
                use = cluster.grantLease(storeTtl(cfg.leaseTtl()));
            }
            final HostRecord rec = new HostRecord(cfg.hostName(), cfg.advertise(), use, started);
            final boolean same = existing.isPresent() && existing.get().value().equals(rec.toJson());
            if (!same)
            {
                final Txn.Builder t = Txn.builder();
                if (existing.isPresent())
                {
                    t.ifModRevision(key, existing.get().modRevision());
                }
                else
                {
                    t.ifAbsent(key);
                }
                if (!cluster.commit(t.put(key, rec.toJson(), use).build()).succeeded())
                {
                    continue;
                }
            }
            local.put(keys.localHost(), rec.toJson());
            if (keepAlive == null || !keepAlive.active() || keepAlive.lease() != use)
            {
                if (keepAlive != null)
                {
                    keepAlive.close();
                }
                keepAlive = cluster.keepAlive(use, onLost);
            }
            if (lease != use)
            {
                LOG.log(System.Logger.Level.INFO, "registered host " + cfg.hostName() + " at " + cfg.advertise().getHostAddress()
                    + " with lease " + Long.toHexString(use) + (existing.isPresent() && same ? " (taken over)" : ""));
            }
            lease = use;
            return;
        }
        throw PontoonException.unavailable("could not register host %s: too many concurrent changes", cfg.hostName());
    }

    /**
     * The TTL asked of the store: shorter than configured by a margin (a quarter of the TTL, at
     * least 1 s and at most 5 s, whole seconds; never below etcd's 2 s minimum), because etcd
     * checks for expired leases only every 500 ms, the host may die just after a renewal, and the
     * other hosts still have to hear of it and unprogram their kernels. So a dead host's entries
     * are gone from the other hosts within the configured TTL: 10 s asks etcd for 7 s, 4 s for 3 s.
     */
    static java.time.Duration storeTtl(final java.time.Duration ttl)
    {
        final long seconds = ttl.getSeconds();
        final long margin = Math.min(5, Math.max(1, (seconds + 3) / 4));
        return java.time.Duration.ofSeconds(Math.max(2, seconds - margin));
    }

    private boolean alive(final long id)
    {
        return id > 0 && cluster.leaseTimeToLive(id).isPresent();
    }

    /** Stops renewing (the registration expires after its TTL unless a restart takes it over). */
    synchronized void close()
    {
        if (keepAlive != null)
        {
            keepAlive.close();
            keepAlive = null;
        }
    }
}
