// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.ipam;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * Picks the next free address of a pool's range after the last one handed out, wrapping around
 * (Docker's serial allocation: a freed address is not reused at once). It first probes a few
 * candidates one key at a time, which is enough unless the pool is nearly full; then it reads the
 * pool's allocations once and searches them, which is bounded by their count.
 */
final class AddressFinder
{
    static final int PROBES = 64;

    private final Pool pool;
    private final BigInteger lo;
    private final BigInteger hi;
    private final BigInteger size;
    private final BigInteger start;

    /** {@code last}: offset (from the subnet's network address) handed out last, or null. */
    AddressFinder(final Pool pool, final BigInteger last)
    {
        this.pool = pool;
        this.lo = pool.subnet().offsetOf(pool.range().network().address());
        this.size = pool.range().size();
        this.hi = lo.add(size).subtract(BigInteger.ONE);
        this.start = last == null || last.compareTo(lo) < 0 || last.compareTo(hi) >= 0 ? lo : last.add(BigInteger.ONE);
    }

    /** The offset of a free address, or null if the range is full. */
    BigInteger find(final BiPredicate<Pool, BigInteger> isAllocated, final Supplier<List<BigInteger>> allocated)
    {
        BigInteger o = start;
        final long probes = size.min(BigInteger.valueOf(PROBES)).longValue();
        for (long i = 0; i < probes; i++)
        {
            if (!pool.isReserved(o) && !isAllocated.test(pool, o))
            {
                return o;
            }
            o = next(o);
        }
        final Set<BigInteger> taken = new HashSet<>(allocated.get());
        // Among taken + 2 reserved + 1 consecutive candidates at least one is free, unless the range is smaller.
        final long steps = size.min(BigInteger.valueOf(taken.size() + 3L)).longValue();
        o = start;
        for (long i = 0; i < steps; i++)
        {
            if (!pool.isReserved(o) && !taken.contains(o))
            {
                return o;
            }
            o = next(o);
        }
        return null;
    }

    private BigInteger next(final BigInteger o)
    {
        return o.equals(hi) ? lo : o.add(BigInteger.ONE);
    }
}
