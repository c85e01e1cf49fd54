// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

/**
 * The background renewal of one lease, started by {@link LeasingStore#keepAlive}. Closing it stops
 * the renewals (the lease then expires after its TTL unless revoked earlier); it never revokes.
 */
public interface LeaseKeepAlive extends AutoCloseable
{
    /** The lease this renews. */
    long lease();

    /** Whether renewals still run: false once closed or once the lease was lost. */
    boolean active();

    @Override
    void close();
}
