// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.pontoon.core.PontoonException;
import io.pontoon.core.store.LeaseKeepAlive;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Renews one lease with a single keep-alive request every third of its TTL, on the store's
 * scheduler thread (all state changes happen there, so no locks). Not jetcd's own keep-alive
 * stream: that one reports transient stream errors and real loss through the same callback and
 * declares a lease lost on its own one-second tick. Here the rule is explicit: the lease is
 * alive until {@code deadline} = the time a successful request was <em>sent</em> plus the TTL
 * etcd returned (a conservative bound: the lease's own clock started no earlier). It is lost
 * when etcd answers that it does not exist (TTL 0, NOT_FOUND), or when the deadline passes with no
 * newer success (UNAVAILABLE: etcd may have let it expire). Failed requests are retried every
 * 0.5 s until then.
 */
final class EtcdKeepAlive implements LeaseKeepAlive
{
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Lease client;
    private final long lease;
    private final Consumer<PontoonException> onLost;
    private final ScheduledExecutorService scheduler;
    private final EtcdErrors errors;
    private final Consumer<EtcdKeepAlive> onStop;
    private volatile boolean active = true;
    private long deadline;

    EtcdKeepAlive(final Lease client, final long lease, final Duration initialTtl, final Consumer<PontoonException> onLost,
        final ScheduledExecutorService scheduler, final EtcdErrors errors, final Consumer<EtcdKeepAlive> onStop)
    {
        this.client = client;
        this.lease = lease;
        this.onLost = onLost;
        this.scheduler = scheduler;
        this.errors = errors;
        this.onStop = onStop;
        this.deadline = System.nanoTime() + initialTtl.toNanos();
    }

    void start()
    {
        schedule(this::renew, 0);
        schedule(this::checkDeadline, deadline - System.nanoTime());
    }

    @Override
    public long lease()
    {
        return lease;
    }

    @Override
    public boolean active()
    {
        return active;
    }

    /** Stops renewing; no {@code onLost}. */
    @Override
    public void close()
    {
        if (active)
        {
            active = false;
            onStop.accept(this);
        }
    }

    private void renew()
    {
        if (!active)
        {
            return;
        }
        final long sentAt = System.nanoTime();
        client.keepAliveOnce(lease)
            .orTimeout(errors.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((r, t) -> schedule(() -> renewed(sentAt, r, t), 0));
    }

    private void renewed(final long sentAt, final LeaseKeepAliveResponse r, final Throwable t)
    {
        if (!active)
        {
            return;
        }
        if (t == null && r.getTTL() > 0)
        {
            final long ttl = TimeUnit.SECONDS.toNanos(r.getTTL());
            deadline = Math.max(deadline, sentAt + ttl);
            schedule(this::renew, Math.max(MIN_INTERVAL_NANOS, ttl / 3 - (System.nanoTime() - sentAt)));
            schedule(this::checkDeadline, deadline - System.nanoTime());
            return;
        }
        final Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause == null || EtcdErrors.code(cause) == ErrorCode.NOT_FOUND)
        {
            lost(new PontoonException(PontoonException.Kind.NOT_FOUND,
                "etcd lease " + lease + " at " + errors.endpoints() + " expired or was revoked", cause));
            return;
        }
        errors.unavailable();
        final long now = System.nanoTime();
        if (now - deadline >= 0)
        {
            checkDeadline();
            return;
        }
        schedule(this::renew, Math.min(RETRY_NANOS, deadline - now));
    }

    private void checkDeadline()
    {
        if (active && System.nanoTime() - deadline >= 0)
        {
            lost(PontoonException.unavailable("etcd lease %d: no renewal from %s succeeded within its TTL; it may have expired",
                lease, errors.endpoints()));
        }
    }

    private void lost(final PontoonException cause)
    {
        if (!active)
        {
            return;
        }
        active = false;
        onStop.accept(this);
        Thread.ofVirtual().name("pontoon-etcd-lease-lost " + lease).start(() -> onLost.accept(cause));
    }

    private void schedule(final Runnable task, final long delayNanos)
    {
        if (!active)
        {
            return;
        }
        try
        {
            scheduler.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        }
        catch (final RejectedExecutionException e)
        {
            // the store is closing and stops this keep-alive too
        }
    }

    @Override
    public String toString()
    {
        return "EtcdKeepAlive[lease " + lease + (active ? "" : ", stopped") + "]";
    }
}
