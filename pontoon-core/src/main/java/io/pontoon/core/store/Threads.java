// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

/** Small thread helpers shared by the stores' background threads (log writer, watch delivery). */
public final class Threads
{
    private Threads()
    {
    }

    /**
     * Waits until {@code t} has ended, however often this thread is interrupted meanwhile, and
     * keeps the interrupt flag for the caller. Nothing to wait for when {@code t} is null or is
     * the calling thread (a listener closing its own watch).
     */
    public static void awaitEnd(final Thread t)
    {
        if (t == null || t == Thread.currentThread())
        {
            return;
        }
        boolean interrupted = false;
        while (t.isAlive())
        {
            try
            {
                t.join();
            }
            catch (final InterruptedException e)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
