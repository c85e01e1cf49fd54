// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import io.pontoon.core.PontoonException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link Store} with etcd's leases: a key put with a lease ({@link Txn.Put#lease()}) lives only
 * while its owner keeps renewing the lease, so a host that dies takes its registrations with it.
 * An optional capability: callers check {@code store instanceof LeasingStore}.
 *
 * <p>{@link LocalStore} does not implement it, on purpose. The embedded store lives inside the
 * only process that writes to it, so a lease holder and the store always die together: a lease
 * could only run out while nobody is there to notice, and there is no other host to tell that
 * this one is gone. Keeping leases in memory would make lease keys vanish on every restart, which
 * is what the restart's reconcile does anyway; persisting them would need a clock across restarts.
 * So LocalStore refuses a put with a lease (INVALID) instead of pretending to honour it.
 *
 * <p>A lease's TTL counts on the store's clock. When etcd restarts or elects a new leader it
 * extends every lease by its TTL, so a lease never expires early because of an outage.
 */
public interface LeasingStore extends Store
{
    /**
     * Grants a lease that expires {@code ttl} (rounded up to whole seconds, at least 1 s; etcd
     * raises it to its minimum, about 2 s by default) after its last renewal; returns its id (> 0).
     */
    long grantLease(Duration ttl);

    /**
     * Renews {@code lease} in the background, every third of its TTL, until the returned handle
     * is closed. If the lease is lost, renewal stops and {@code onLost} runs once, on a thread of
     * its own: with NOT_FOUND when the store says the lease expired or was revoked, with
     * UNAVAILABLE when no renewal succeeded for a whole TTL (the store was unreachable, so the
     * lease may have expired). Closing the handle or the store never calls {@code onLost}.
     */
    LeaseKeepAlive keepAlive(long lease, Consumer<PontoonException> onLost);

    /**
     * Revokes {@code lease}: every key bound to it is deleted at one new revision. This store's
     * keep-alives of the lease stop first (without calling their {@code onLost}). Revoking a lease
     * that does not exist (any more) is not an error.
     */
    void revokeLease(long lease);

    /** The time {@code lease} has left before it expires, or empty if it does not exist. */
    Optional<Duration> leaseTimeToLive(long lease);

    /** Unconditionally sets {@code key}, bound to {@code lease}; returns the new revision. */
    default long put(final String key, final String value, final long lease)
    {
        return commit(Txn.builder().put(key, value, lease).build()).revision();
    }
}
