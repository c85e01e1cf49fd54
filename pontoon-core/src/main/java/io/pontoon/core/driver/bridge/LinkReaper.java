// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.bridge;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netns.NetNs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Deletes veth pairs without making the caller wait for the kernel's teardown. Deleting a veth
 * costs ~16 ms, almost all of it after the pair has already vanished from the namespaces (the
 * kernel unlists both ends first, then waits for RCU grace periods and device references). The
 * delete runs on a reaper thread with its own netlink socket; the caller returns as soon as the
 * host end is gone from view, so the container end has disappeared too, exactly as a
 * synchronous {@code ip link del} would leave it. Failures are reported to the caller.
 */
final class LinkReaper implements AutoCloseable
{
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final Rtnl view;
    private final Rtnl deleter;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, r ->
        Thread.ofPlatform().daemon(true).name("pontoon-link-reaper").unstarted(r));

    LinkReaper(final NetNs ns, final Rtnl view)
    {
        this.view = view;
        this.deleter = ns == null ? Rtnl.open() : Rtnl.open(ns);
    }

    /** Equals {@code ip link del NAME}, returning once NAME is no longer listed; missing is fine. */
    void delete(final String name)
    {
        if (view.linkGet(name).isEmpty())
        {
            return; // nothing to delete: never leave a delete by name in flight for a later link
        }
        final AtomicBoolean sending = new AtomicBoolean();
        final CompletableFuture<Void> del = CompletableFuture.runAsync(() ->
        {
            try
            {
                sending.set(true);
                deleter.linkDel(name);
            }
            catch (final KernelException e)
            {
                if (!e.isNotFound())
                {
                    throw e;
                }
            }
        }, threads);
        // until our request is on its way and the pair is unlisted (or the delete is over), so a
        // link created under the same name afterwards can never be hit by this delete
        while (!del.isDone() && (!sending.get() || view.linkGet(name).isPresent()))
        {
            LockSupport.parkNanos(POLL_NANOS);
        }
        if (del.isDone())
        {
            try
            {
                del.join();
            }
            catch (final CompletionException e)
            {
                if (e.getCause() instanceof RuntimeException re)
                {
                    throw re;
                }
                throw e;
            }
        }
    }

    @Override
    public void close()
    {
        threads.shutdown();
        try
        {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        deleter.close();
    }
}
