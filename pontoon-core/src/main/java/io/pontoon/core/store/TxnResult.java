// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

/**
 * The outcome of {@link Store#commit}. On success {@code revision} is the revision the writes got
 * (or the current revision when the transaction changed nothing) and {@code failed} is null; on
 * failure nothing was written, {@code revision} is the store's current revision and {@code failed}
 * is the first compare that did not hold.
 */
public record TxnResult(boolean succeeded, long revision, Txn.Compare failed)
{
    public TxnResult
    {
        if (succeeded == (failed != null))
        {
            throw new IllegalArgumentException("a failed transaction names exactly one failed compare");
        }
    }

    public static TxnResult success(final long revision)
    {
        return new TxnResult(true, revision, null);
    }

    public static TxnResult failure(final long revision, final Txn.Compare failed)
    {
        return new TxnResult(false, revision, failed);
    }
}
