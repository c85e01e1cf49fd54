// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.core.PontoonException;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent's three platform threads: the loop (watch events, resyncs, data-plane calls; one at a
 * time and in order), the side thread (work that takes controller locks), and the probe.
 */
final class AgentThreads
{
    private static final System.Logger LOG = System.getLogger("pontoon.cluster");

    private final ExecutorService loop = Executors.newSingleThreadExecutor(r ->
        Thread.ofPlatform().daemon(true).name("pontoon-cluster").unstarted(r));
    private final ExecutorService side = Executors.newSingleThreadExecutor(r ->
        Thread.ofPlatform().daemon(true).name("pontoon-cluster-side").unstarted(r));
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r ->
        Thread.ofPlatform().daemon(true).name("pontoon-cluster-probe").unstarted(r));
    private volatile Thread loopThread;

    /** Queues {@code r} on the loop. */
    void loop(final Runnable r)
    {
        try
        {
            loop.execute(() ->
            {
                loopThread = Thread.currentThread();
                r.run();
            });
        }
        catch (final RejectedExecutionException e)
        {
            // closing
        }
    }

    /** Runs {@code r} on the loop and waits for it (inline when already on the loop); rethrows its failure. */
    void onLoop(final Runnable r)
    {
        if (Thread.currentThread() == loopThread)
        {
            r.run();
            return;
        }
        final Future<?> f;
        try
        {
            f = loop.submit(() ->
            {
                loopThread = Thread.currentThread();
                r.run();
            });
        }
        catch (final RejectedExecutionException e)
        {
            return;
        }
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    f.get();
                    return;
                }
                catch (final InterruptedException e)
                {
                    interrupted = true;
                }
                catch (final ExecutionException e)
                {
                    if (e.getCause() instanceof RuntimeException re)
                    {
                        throw re;
                    }
                    if (e.getCause() instanceof Error err)
                    {
                        throw err;
                    }
                    throw PontoonException.internal("cluster task failed: " + e.getCause(), e.getCause());
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Queues {@code r} on the side thread; failures are logged. */
    void side(final Runnable r)
    {
        try
        {
            side.execute(() ->
            {
                try
                {
                    r.run();
                }
                catch (final RuntimeException e)
                {
                    LOG.log(System.Logger.Level.WARNING, "cluster side task failed: " + e.getMessage(), e);
                }
            });
        }
        catch (final RejectedExecutionException e)
        {
            // closing
        }
    }

    /** Runs {@code r} every {@code interval} on the probe thread. */
    void probeEvery(final Duration interval, final Runnable r)
    {
        probe.scheduleWithFixedDelay(() ->
        {
            try
            {
                r.run();
            }
            catch (final RuntimeException e)
            {
                LOG.log(System.Logger.Level.WARNING, "cluster probe failed: " + e.getMessage(), e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the probe, runs {@code last} on the loop, then stops the loop and the side thread. */
    void close(final Runnable last)
    {
        probe.shutdownNow();
        try
        {
            onLoop(last);
        }
        catch (final RuntimeException e)
        {
            LOG.log(System.Logger.Level.WARNING, "closing the cluster agent: " + e.getMessage());
        }
        loop.shutdown();
        side.shutdown();
        try
        {
            if (!loop.awaitTermination(5, TimeUnit.SECONDS))
            {
                loop.shutdownNow();
            }
            side.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
