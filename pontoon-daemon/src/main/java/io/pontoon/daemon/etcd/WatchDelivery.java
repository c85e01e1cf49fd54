// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.pontoon.core.PontoonException;
import io.pontoon.core.store.Threads;
import io.pontoon.core.store.WatchEvent;
import io.pontoon.core.store.WatchListener;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The listener side of an {@link EtcdWatch}: a queue filled from jetcd's threads and drained by a
 * virtual thread of its own, so the listener runs one call at a time, in order, never on jetcd's
 * threads, and a slow listener never holds up the gRPC stream. A failing listener is logged and
 * keeps its watch. {@link #stop()} returns only when no callback runs any more.
 */
final class WatchDelivery
{
    private static final System.Logger LOG = System.getLogger(WatchDelivery.class.getName());
    private static final Object STOP = new Object();

    /** Marks the end of a watch that cannot resume. */
    private record Ended(PontoonException cause)
    {
    }

    private final String prefix;
    private final Consumer<WatchEvent> listener;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile boolean stopped;
    private Thread thread;

    WatchDelivery(final String prefix, final Consumer<WatchEvent> listener)
    {
        this.prefix = prefix;
        this.listener = listener;
    }

    /** Starts calling the listener (events offered before are kept and delivered first). */
    synchronized void start()
    {
        if (!stopped)
        {
            thread = Thread.ofVirtual().name("pontoon-etcd-watch " + prefix).start(this::run);
        }
    }

    void offer(final WatchEvent e)
    {
        queue.add(e);
    }

    /** After the events offered so far: tell a {@link WatchListener} (else log) and deliver nothing more. */
    void end(final PontoonException cause)
    {
        queue.add(new Ended(cause));
    }

    /** Stops delivery and waits for a running callback to return (unless called from it). */
    void stop()
    {
        stopped = true;
        queue.add(STOP);
        final Thread t;
        synchronized (this)
        {
            t = thread;
        }
        Threads.awaitEnd(t);
    }

    private void run()
    {
        while (true)
        {
            final Object o;
            try
            {
                o = queue.take();
            }
            catch (final InterruptedException e)
            {
                return;
            }
            if (o == STOP || stopped)
            {
                return;
            }
            if (o instanceof Ended(final PontoonException cause))
            {
                if (listener instanceof WatchListener wl)
                {
                    wl.ended(cause);
                }
                else
                {
                    LOG.log(System.Logger.Level.ERROR, "etcd watch of ''{0}'' ended: {1}", prefix, cause.getMessage());
                }
                return;
            }
            final WatchEvent e = (WatchEvent) o;
            try
            {
                listener.accept(e);
            }
            catch (final RuntimeException ex)
            {
                LOG.log(System.Logger.Level.WARNING, "watch listener on '" + prefix + "' failed at revision " + e.revision(), ex);
            }
        }
    }
}
