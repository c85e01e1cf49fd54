// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.ipam;

import io.pontoon.kernel.net.IpPrefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Address pools and the addresses in them (libnetwork's ipamapi: RequestPool, ReleasePool,
 * RequestAddress, ReleaseAddress). Every method is safe to call from many threads at once.
 * Failures are {@link io.pontoon.core.PontoonException}s: INVALID for a bad request, CONFLICT
 * for an overlap or an address in use, NOT_FOUND for an unknown pool, UNAVAILABLE when a pool or
 * the default address space is exhausted.
 */
public interface Ipam
{
    /**
     * Reserves a subnet for a network: the given one after validation, or the first free one from
     * the default pools that overlaps neither an existing pool nor {@link PoolRequest#avoid()}.
     * The gateway, when requested, is reserved in the pool.
     */
    Pool requestPool(PoolRequest request);

    /** Frees a pool and every address allocated in it. */
    void releasePool(String poolId);

    Optional<Pool> pool(String poolId);

    /** Every pool, sorted by id. */
    List<Pool> pools();

    /**
     * Allocates an address and returns it with the subnet's prefix length. With
     * {@code preferred == null} it takes the next free address of the pool's range after the one
     * handed out last (wrapping around), so a freed address is not reused at once. A preferred
     * address may be anywhere in the subnet (also outside the ip-range, as in Docker) but must be
     * free and must not be the network or broadcast address.
     */
    IpPrefix allocate(String poolId, InetAddress preferred);

    /**
     * Frees an address; returns false if it was not allocated. The gateway can be freed this way
     * too (Docker's IPAM protocol releases it like any address); {@link #releasePool} frees all.
     */
    boolean release(String poolId, InetAddress address);

    /** Addresses handed out from the pool (not the gateway), for pruning after a crash. */
    List<InetAddress> allocated(String poolId);
}
