// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import io.pontoon.core.CrashPoints;
import io.pontoon.core.PontoonException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write side of {@link LocalStore}'s log: one platform thread that takes every committed
 * record waiting for the disk, appends them with one gathering write, fsyncs once (group commit),
 * then wakes the waiting committers and feeds the watches. It also compacts. Only this thread
 * touches the log file, and nobody interrupts it, so an interrupted caller cannot close the
 * channel (FileChannel closes itself when a thread blocked in it is interrupted).
 */
final class LogWriter
{
    private static final System.Logger LOG = System.getLogger(LogWriter.class.getName());

    /** A committed transaction waiting for its log record to reach the disk. */
    record Pending(long revision, byte[] record, List<WatchEvent> events)
    {
    }

    /** What a compaction needs, taken atomically: unsynced records and the live data after them. */
    record Cut(List<Pending> pending, List<KeyValue> live, long revision)
    {
    }

    private final LocalStore store;
    private final Path dir;
    private final FileChannel wal;
    private final LocalWatches watches;
    private final long compactMinBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition synced = lock.newCondition();
    private final Thread thread;
    private volatile long durable;
    private volatile long walBytes;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private long nextCompaction;

    LogWriter(final LocalStore store, final Path dir, final FileChannel wal, final long walBytes, final long durable,
        final LocalWatches watches, final long compactMinBytes)
    {
        this.store = store;
        this.dir = dir;
        this.wal = wal;
        this.walBytes = walBytes;
        this.durable = durable;
        this.watches = watches;
        this.compactMinBytes = compactMinBytes;
        this.nextCompaction = threshold();
        this.thread = Thread.ofPlatform().daemon().name("pontoon-store-sync " + dir).start(this::run);
    }

    /** The failure that stopped the writer, or null. */
    Throwable failure()
    {
        return failure;
    }

    /** The highest revision known to be on disk. */
    long durable()
    {
        return durable;
    }

    long logBytes()
    {
        return walBytes;
    }

    /** Blocks until revision {@code rev} is on disk; throws UNAVAILABLE if it never will be. */
    void awaitDurable(final long rev)
    {
        if (durable >= rev)
        {
            return;
        }
        lock.lock();
        try
        {
            work.signal();
            while (durable < rev)
            {
                if (failure != null)
                {
                    throw PontoonException.unavailable(failure, "the state store in %s failed (%s); restart the daemon", dir, failure);
                }
                if (!thread.isAlive())
                {
                    throw PontoonException.unavailable("the state store in %s is closed", dir);
                }
                synced.awaitUninterruptibly();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Syncs what is still pending, then stops the thread. The caller closes the file. */
    void stop()
    {
        lock.lock();
        try
        {
            stopping = true;
            work.signal();
        }
        finally
        {
            lock.unlock();
        }
        Threads.awaitEnd(thread);
    }

    private void run()
    {
        while (true)
        {
            lock.lock();
            try
            {
                while (store.committedRevision() <= durable && !stopping)
                {
                    work.awaitUninterruptibly();
                }
                if (store.committedRevision() <= durable)
                {
                    synced.signalAll();
                    return;
                }
            }
            finally
            {
                lock.unlock();
            }
            try
            {
                write(store.drainPending());
                if (walBytes > nextCompaction)
                {
                    compact();
                }
            }
            catch (final IOException | RuntimeException | Error e)
            {
                fail(e);
                return;
            }
        }
    }

    /** Appends {@code batch} to the log, fsyncs once, then publishes the new durable revision. */
    private void write(final List<Pending> batch) throws IOException
    {
        if (batch.isEmpty())
        {
            return;
        }
        final ByteBuffer[] bufs = new ByteBuffer[batch.size()];
        long left = 0;
        for (int i = 0; i < bufs.length; i++)
        {
            bufs[i] = ByteBuffer.wrap(batch.get(i).record());
            left += bufs[i].remaining();
        }
        final long total = left;
        CrashPoints.hit("store.beforeWrite");
        while (left > 0)
        {
            left -= wal.write(bufs);
        }
        wal.force(false);
        CrashPoints.hit("store.afterWrite");
        walBytes += total;
        lock.lock();
        try
        {
            durable = batch.getLast().revision();
            synced.signalAll();
        }
        finally
        {
            lock.unlock();
        }
        for (final Pending p : batch)
        {
            watches.dispatch(p.events());
        }
    }

    /**
     * Writes a snapshot of the live data and restarts the log. The snapshot is durable before the
     * log is cut, and replay skips log records the snapshot already holds, so a crash anywhere in
     * between loses nothing.
     */
    private void compact() throws IOException
    {
        final Cut cut = store.cutForSnapshot();
        write(cut.pending());
        try
        {
            SnapshotFile.write(dir.resolve(LocalStore.SNAPSHOT_FILE), cut.revision(), cut.live());
        }
        catch (final IOException e)
        {
            nextCompaction = walBytes * 2;
            LOG.log(System.Logger.Level.WARNING, "state store in " + dir + ": compaction failed, the log keeps growing", e);
            return;
        }
        wal.truncate(0);
        wal.position(0);
        wal.force(true);
        walBytes = 0;
        nextCompaction = threshold();
    }

    private long threshold()
    {
        return Math.max(compactMinBytes, 2 * store.liveBytes());
    }

    private void fail(final Throwable e)
    {
        failure = e;
        LOG.log(System.Logger.Level.ERROR, "state store in " + dir + " failed; no further writes are accepted", e);
        lock.lock();
        try
        {
            synced.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }
}
