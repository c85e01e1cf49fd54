// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One watch of a {@link LocalStore}: a queue filled by the committing thread and drained by a
 * virtual thread of its own that calls the listener, so a slow listener never delays commits.
 */
final class LocalWatch implements Watch
{
    private static final System.Logger LOG = System.getLogger(LocalWatch.class.getName());
    private static final WatchEvent STOP = WatchEvent.delete("stop", Long.MAX_VALUE);

    private final String prefix;
    private final long startRevision;
    private final Consumer<WatchEvent> listener;
    private final Consumer<LocalWatch> onClose;
    private final LinkedBlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private Thread thread;

    LocalWatch(final String prefix, final long startRevision, final Consumer<WatchEvent> listener,
        final Consumer<LocalWatch> onClose)
    {
        this.prefix = prefix;
        this.startRevision = startRevision;
        this.listener = listener;
        this.onClose = onClose;
    }

    void offer(final WatchEvent e)
    {
        if (!closed && e.revision() >= startRevision && e.key().startsWith(prefix))
        {
            queue.add(e);
        }
    }

    synchronized void start()
    {
        thread = Thread.ofVirtual().name("pontoon-watch " + prefix).start(this::run);
    }

    @Override
    public String prefix()
    {
        return prefix;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        onClose.accept(this);
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
            final WatchEvent e;
            try
            {
                e = queue.take();
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (e == STOP || closed)
            {
                return;
            }
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
