// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Typed key/value state with etcd's model: every successful write gets the next store revision,
 * each key remembers the revision of its last change ({@link KeyValue#modRevision()}), writes are
 * grouped into atomic compare-and-set {@link Txn transactions}, and watches stream changes under a
 * key prefix. Keys are {@code /}-separated strings under a root such as {@code /pontoon/v1/}.
 *
 * <p>Guarantees every implementation gives (checked by the shared contract tests):
 * <ul>
 *   <li>A commit that returned is durable, and every later read on any thread sees it.</li>
 *   <li>Revisions start at 0 (empty store) and grow by one per transaction that changed something;
 *       a transaction that changes nothing (only compares, or deletes of missing keys) does not
 *       consume a revision.</li>
 *   <li>{@link #list} is one consistent snapshot, sorted by key.</li>
 *   <li>A watch delivers each change exactly once, in revision order (op order inside one
 *       transaction), on one thread at a time, never before the change is durable.</li>
 * </ul>
 * To follow a prefix without gaps: {@code rev = revision(); list(p); watch(p, rev + 1, l)}; events
 * may repeat changes the list already shows, so apply them idempotently (compare revisions).
 * Failures of the store itself are {@link io.pontoon.core.PontoonException} with kind UNAVAILABLE.
 *
 * <p>Optional capabilities, checked with {@code instanceof}: {@link LeasingStore} (keys bound to
 * leases, for a cluster store) and, on the listener side, {@link WatchListener} (to hear when a
 * watch ends by itself because history it must resume from was compacted).
 */
public interface Store extends AutoCloseable
{
    /** The current value of {@code key}, if it exists. */
    Optional<KeyValue> get(String key);

    /** Every key starting with {@code prefix} ({@code ""} for all), sorted by key. */
    List<KeyValue> list(String prefix);

    /** The revision of the last change (0 for a store that was never written). */
    long revision();

    /** Applies {@code txn} atomically iff all its compares hold; durable when this returns. */
    TxnResult commit(Txn txn);

    /**
     * Streams changes to keys under {@code prefix} to {@code listener}, starting at
     * {@code fromRevision} (inclusive; 0 means "changes after this call"). Throws a CONFLICT
     * {@link io.pontoon.core.PontoonException} when history that old is no longer kept.
     */
    Watch watch(String prefix, long fromRevision, Consumer<WatchEvent> listener);

    /** Releases the store; further calls fail with UNAVAILABLE. Open watches are closed. */
    @Override
    void close();

    /** Unconditionally sets {@code key}; returns the new revision. */
    default long put(final String key, final String value)
    {
        return commit(Txn.builder().put(key, value).build()).revision();
    }

    /** Sets {@code key} only if it does not exist; true if it was set. */
    default boolean putIfAbsent(final String key, final String value)
    {
        return commit(Txn.builder().ifAbsent(key).put(key, value).build()).succeeded();
    }

    /** Sets {@code key} only if its modRevision is {@code expectedModRevision} (0 = absent). */
    default boolean compareAndPut(final String key, final String value, final long expectedModRevision)
    {
        return commit(Txn.builder().ifModRevision(key, expectedModRevision).put(key, value).build()).succeeded();
    }

    /** Deletes {@code key} only if its modRevision is {@code expectedModRevision}. */
    default boolean compareAndDelete(final String key, final long expectedModRevision)
    {
        return commit(Txn.builder().ifModRevision(key, expectedModRevision).delete(key).build()).succeeded();
    }

    /** Deletes {@code key} if it exists. */
    default void delete(final String key)
    {
        commit(Txn.builder().delete(key).build());
    }

    /** Deletes every key starting with {@code prefix} (must not be empty), atomically. */
    default void deletePrefix(final String prefix)
    {
        commit(Txn.builder().deletePrefix(prefix).build());
    }
}
