// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import io.pontoon.core.PontoonException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The watches of a {@link LocalStore} and the recent history they can start from. Durable events
 * enter through {@link #dispatch} in revision order; registration and dispatch share one lock, so
 * a new watch sees history up to the last dispatched revision and every later event, with no gap
 * and no repeat.
 */
final class LocalWatches
{
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<WatchEvent> history = new ArrayDeque<>();
    private final int historyLimit;
    private final List<LocalWatch> watches = new CopyOnWriteArrayList<>();
    private long firstRetained;
    private boolean closed;

    LocalWatches(final int historyLimit, final long snapshotRevision)
    {
        this.historyLimit = historyLimit;
        this.firstRetained = snapshotRevision + 1;
    }

    /** Records durable events (in revision order) and hands them to matching watches. */
    void dispatch(final List<WatchEvent> events)
    {
        lock.lock();
        try
        {
            for (final WatchEvent e : events)
            {
                history.addLast(e);
                for (final LocalWatch w : watches)
                {
                    w.offer(e);
                }
            }
            while (history.size() > historyLimit)
            {
                final long oldest = history.peekFirst().revision();
                while (!history.isEmpty() && history.peekFirst().revision() == oldest)
                {
                    history.removeFirst();
                }
                firstRetained = oldest + 1;
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Starts a watch that gets every event with revision {@code >= start} under {@code prefix}. */
    Watch register(final String prefix, final long start, final Consumer<WatchEvent> listener)
    {
        if (prefix == null || listener == null || start <= 0)
        {
            throw new IllegalArgumentException("watch needs a prefix, a listener and a positive start revision");
        }
        lock.lock();
        try
        {
            if (closed)
            {
                throw PontoonException.unavailable("the state store is closed; cannot watch '%s'", prefix);
            }
            if (start < firstRetained)
            {
                throw PontoonException.conflict("cannot watch '%s' from revision %d: changes before revision %d are no longer"
                    + " kept; list the keys again and watch from the current revision", prefix, start, firstRetained);
            }
            final LocalWatch w = new LocalWatch(prefix, start, listener, watches::remove);
            for (final WatchEvent e : history)
            {
                w.offer(e);
            }
            watches.add(w);
            w.start();
            return w;
        }
        finally
        {
            lock.unlock();
        }
    }

    void closeAll()
    {
        lock.lock();
        try
        {
            closed = true;
        }
        finally
        {
            lock.unlock();
        }
        for (final LocalWatch w : new ArrayList<>(watches))
        {
            w.close();
        }
    }
}
