// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import java.util.ArrayList;
import java.util.List;

/**
 * An atomic transaction with etcd's semantics: if every {@link Compare} holds, all {@link Op}s are
 * applied at one new revision; otherwise nothing is applied. At most {@link #MAX_OPS} operations
 * (etcd's default {@code --max-txn-ops}), so a transaction that works here works on etcd too.
 */
public record Txn(List<Compare> compares, List<Op> ops)
{
    /** etcd's default limit on operations in one transaction. */
    public static final int MAX_OPS = 128;

    public Txn
    {
        compares = List.copyOf(compares);
        ops = List.copyOf(ops);
        if (ops.size() > MAX_OPS || compares.size() > MAX_OPS)
        {
            throw new IllegalArgumentException("a transaction holds at most " + MAX_OPS + " compares and " + MAX_OPS + " operations");
        }
    }

    /** Holds iff the key's current modRevision equals {@code modRevision}; 0 means "key absent". */
    public record Compare(String key, long modRevision)
    {
        public Compare
        {
            checkKey(key);
            if (modRevision < 0)
            {
                throw new IllegalArgumentException("modRevision must not be negative");
            }
        }

        public static Compare absent(final String key)
        {
            return new Compare(key, 0);
        }

        public static Compare modRevision(final String key, final long modRevision)
        {
            return new Compare(key, modRevision);
        }
    }

    /** A write inside a transaction. */
    public sealed interface Op permits Put, Delete, DeletePrefix
    {
    }

    /**
     * Sets {@code key} to {@code value}. A non-zero {@code lease} (from
     * {@link LeasingStore#grantLease}) binds the key to that lease: it is deleted when the lease
     * expires or is revoked. Only a {@link LeasingStore} accepts leases; other stores refuse such a
     * transaction with INVALID.
     */
    public record Put(String key, String value, long lease) implements Op
    {
        public Put
        {
            checkKey(key);
            if (value == null)
            {
                throw new IllegalArgumentException("value of '" + key + "' must not be null");
            }
            if (lease < 0)
            {
                throw new IllegalArgumentException("lease of '" + key + "' must not be negative");
            }
        }

        /** A put without a lease. */
        public Put(final String key, final String value)
        {
            this(key, value, 0);
        }
    }

    /** Removes {@code key}; removing a missing key is not an error. */
    public record Delete(String key) implements Op
    {
        public Delete
        {
            checkKey(key);
        }
    }

    /** Removes every key that starts with {@code prefix} (which must not be empty). */
    public record DeletePrefix(String prefix) implements Op
    {
        public DeletePrefix
        {
            checkKey(prefix);
        }
    }

    public static Builder builder()
    {
        return new Builder();
    }

    static void checkKey(final String key)
    {
        if (key == null || key.isEmpty())
        {
            throw new IllegalArgumentException("store key must not be empty");
        }
    }

    /** Collects compares and operations: {@code Txn.builder().ifAbsent(k).put(k, v).build()}. */
    public static final class Builder
    {
        private final List<Compare> compares = new ArrayList<>();
        private final List<Op> ops = new ArrayList<>();

        private Builder()
        {
        }

        public Builder ifAbsent(final String key)
        {
            compares.add(Compare.absent(key));
            return this;
        }

        public Builder ifModRevision(final String key, final long modRevision)
        {
            compares.add(Compare.modRevision(key, modRevision));
            return this;
        }

        public Builder put(final String key, final String value)
        {
            ops.add(new Put(key, value));
            return this;
        }

        /** A put bound to {@code lease} (see {@link Put}). */
        public Builder put(final String key, final String value, final long lease)
        {
            ops.add(new Put(key, value, lease));
            return this;
        }

        public Builder delete(final String key)
        {
            ops.add(new Delete(key));
            return this;
        }

        public Builder deletePrefix(final String prefix)
        {
            ops.add(new DeletePrefix(prefix));
            return this;
        }

        public Txn build()
        {
            return new Txn(compares, ops);
        }
    }
}
