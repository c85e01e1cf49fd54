// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.pontoon.core.PontoonException;
import io.pontoon.core.store.Watch;
import io.pontoon.core.store.WatchEvent;
import io.pontoon.core.store.WatchListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One {@link Watch} on etcd. It owns its resume logic instead of trusting jetcd's: jetcd resumes
 * from the revision in the "created" answer (which may skip history not yet delivered, or repeat
 * the revision before a watch "from now"), and gives up for good after errors such as "no
 * leader". Here every jetcd watcher is one "generation": on any error, or when the stream ends
 * without our asking, the generation is dropped and a new one starts, after a back-off of
 * 0.2-2 s, at {@code next}, the first revision not yet received in full. etcd never splits one
 * revision's events over two responses, so dropping events below {@code next} removes exactly
 * the repeats: each event is delivered once, in revision order, across any number of etcd
 * restarts. Only a compacted {@code next} ends the watch (CONFLICT, told to a
 * {@link WatchListener}).
 *
 * <p>Events go to the listener through a {@link WatchDelivery}. Locking: jetcd calls back while
 * holding its own lock, so this class never calls jetcd while holding {@link #lock}; jetcd calls
 * happen on the store's scheduler thread or on the thread that opens or closes the watch.
 */
final class EtcdWatch implements Watch
{
    private static final System.Logger LOG = System.getLogger(EtcdWatch.class.getName());
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final Duration STALL_CHECK = Duration.ofSeconds(1);

    private final io.etcd.jetcd.Watch client;
    private final String prefix;
    private final WatchDelivery delivery;
    private final EtcdErrors errors;
    private final ScheduledExecutorService scheduler;
    private final Consumer<EtcdWatch> onClose;
    private final CompletableFuture<Void> firstCreated = new CompletableFuture<>();
    private final Object lock = new Object();
    private long next;
    private int generation;
    private boolean established;
    private io.etcd.jetcd.Watch.Watcher current;
    private Duration backoff = MIN_BACKOFF;
    private volatile boolean closed;

    EtcdWatch(final io.etcd.jetcd.Watch client, final String prefix, final long start, final Consumer<WatchEvent> listener,
        final EtcdErrors errors, final ScheduledExecutorService scheduler, final Consumer<EtcdWatch> onClose)
    {
        this.client = client;
        this.prefix = prefix;
        this.next = start;
        this.delivery = new WatchDelivery(prefix, listener);
        this.errors = errors;
        this.scheduler = scheduler;
        this.onClose = onClose;
    }

    /** Opens the first generation and waits (bounded) until etcd confirms it; then starts delivery. */
    void open()
    {
        connect();
        try
        {
            errors.await("watch of '" + prefix + "'", firstCreated);
        }
        catch (final PontoonException e)
        {
            close();
            throw e;
        }
        delivery.start();
    }

    @Override
    public String prefix()
    {
        return prefix;
    }

    /** Starts a new jetcd watcher at {@link #next}; called on open and on the scheduler thread. */
    private void connect()
    {
        final int gen;
        final long from;
        synchronized (lock)
        {
            if (closed)
            {
                return;
            }
            gen = ++generation;
            established = false;
            from = next;
        }
        final WatchOption option = WatchOption.builder()
            .withRange(EtcdKeys.seq(EtcdKeys.prefixEnd(prefix)))
            .withRevision(from)
            .withCreateNotify(true)
            .build();
        final io.etcd.jetcd.Watch.Watcher w;
        try
        {
            w = client.watch(EtcdKeys.seq(EtcdKeys.rangeStart(prefix)), option, new GenerationListener(gen));
        }
        catch (final RuntimeException e)
        {
            firstCreated.completeExceptionally(e);
            retryLater(gen);
            return;
        }
        final boolean stale;
        synchronized (lock)
        {
            stale = gen != generation || closed;
            if (!stale)
            {
                current = w;
            }
        }
        if (stale)
        {
            w.close();
            return;
        }
        schedule(() -> nudgeWhileWaiting(gen), STALL_CHECK);
    }

    /**
     * A new watcher waits quietly while etcd is unreachable (gRPC holds it until connected), so
     * while it is not established, nudge the client to reconnect every {@link #STALL_CHECK}.
     */
    private void nudgeWhileWaiting(final int gen)
    {
        synchronized (lock)
        {
            if (gen != generation || established || closed)
            {
                return;
            }
        }
        errors.unavailable();
        schedule(() -> nudgeWhileWaiting(gen), STALL_CHECK);
    }

    /** Drops generation {@code gen} (if still current) and schedules the next one. */
    private void retryLater(final int gen)
    {
        final io.etcd.jetcd.Watch.Watcher old;
        final Duration wait;
        synchronized (lock)
        {
            if (gen != generation || closed)
            {
                return;
            }
            generation++;
            old = current;
            current = null;
            wait = backoff;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        errors.unavailable();
        schedule(() ->
        {
            if (old != null)
            {
                old.close();
            }
        }, Duration.ZERO);
        schedule(this::connect, wait);
    }

    private void schedule(final Runnable task, final Duration delay)
    {
        if (!closed)
        {
            try
            {
                scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (final java.util.concurrent.RejectedExecutionException e)
            {
                // the store is closing, and closes this watch too
            }
        }
    }

    private void onResponse(final int gen, final WatchResponse r)
    {
        synchronized (lock)
        {
            if (gen != generation || closed)
            {
                return;
            }
            if (r.isCreatedNotify())
            {
                established = true;
                backoff = MIN_BACKOFF;
                firstCreated.complete(null);
                return;
            }
            long last = next - 1;
            for (final io.etcd.jetcd.watch.WatchEvent e : r.getEvents())
            {
                final long rev = e.getKeyValue().getModRevision();
                if (rev < next)
                {
                    continue;
                }
                final String key = EtcdKeys.string(e.getKeyValue().getKey());
                switch (e.getEventType())
                {
                    case PUT -> delivery.offer(WatchEvent.put(key, EtcdKeys.string(e.getKeyValue().getValue()), rev));
                    case DELETE -> delivery.offer(WatchEvent.delete(key, rev));
                    case UNRECOGNIZED -> LOG.log(System.Logger.Level.WARNING, "etcd sent an unknown event type for ''{0}''", key);
                }
                last = Math.max(last, rev);
            }
            next = last + 1;
        }
    }

    private void onError(final int gen, final Throwable t)
    {
        if (t instanceof CompactedException)
        {
            final PontoonException cause = errors.map("watch of '" + prefix + "'", t);
            final io.etcd.jetcd.Watch.Watcher old;
            synchronized (lock)
            {
                if (gen != generation || closed)
                {
                    return;
                }
                generation++;
                old = current;
                current = null;
                delivery.end(cause);
            }
            firstCreated.completeExceptionally(cause);
            if (old != null)
            {
                schedule(old::close, Duration.ZERO);
            }
            return;
        }
        synchronized (lock)
        {
            if (gen == generation && !closed)
            {
                LOG.log(System.Logger.Level.DEBUG, "etcd watch of ''{0}'' interrupted at revision {1} ({2}); resuming", prefix, next, t);
            }
        }
        retryLater(gen);
    }

    @Override
    public void close()
    {
        final io.etcd.jetcd.Watch.Watcher old;
        synchronized (lock)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            generation++;
            old = current;
            current = null;
        }
        if (old != null)
        {
            old.close();
        }
        onClose.accept(this);
        delivery.stop();
    }

    /** Routes one jetcd watcher's callbacks, tagged with its generation. */
    private final class GenerationListener implements io.etcd.jetcd.Watch.Listener
    {
        private final int gen;

        GenerationListener(final int gen)
        {
            this.gen = gen;
        }

        @Override
        public void onNext(final WatchResponse response)
        {
            onResponse(gen, response);
        }

        @Override
        public void onError(final Throwable t)
        {
            EtcdWatch.this.onError(gen, t);
        }

        @Override
        public void onCompleted()
        {
            // Our own close() of a watcher also lands here, but then the generation is stale.
            retryLater(gen);
        }
    }
}
