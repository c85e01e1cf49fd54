// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for conditions that become true asynchronously (a daemon listening, a route appearing). */
public final class Await
{
    private static final Duration STEP = Duration.ofMillis(50);

    private Await()
    {
    }

    /**
     * Polls {@code condition} every 50 ms until it holds; throws an {@link AssertionError} naming
     * {@code what} if it still does not after {@code timeout}.
     */
    public static void until(final String what, final Duration timeout, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted())
            {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            pause(STEP);
        }
    }

    /** Sleeps, keeping the interrupt flag if interrupted. */
    public static void pause(final Duration d)
    {
        try
        {
            Thread.sleep(d);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
