// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import io.pontoon.core.PontoonException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The embedded {@link Store} of a single host, kept in memory and made durable by a write-ahead
 * log ({@link LogCodec}) plus a periodic snapshot ({@link SnapshotFile}) in one state directory.
 *
 * <p>Crash safety: a commit returns only after its log record is on disk ({@code fdatasync}). On
 * open, the snapshot is loaded and the log replayed; a torn or corrupt tail (a crash mid-write) is
 * cut off, which can only lose a transaction that was never acknowledged. When the log grows past
 * twice the live data (and at least {@link Options#compactMinBytes}), a new snapshot is written
 * atomically and the log restarts.
 *
 * <p>Concurrency: transactions are checked and applied in memory under one lock (so compares see
 * every earlier transaction), then wait for a single sync thread that writes and fsyncs all
 * waiting records at once (group commit). The sync thread is never interrupted, so an interrupted
 * caller cannot close the log under everyone else. Reads wait until what they see is durable.
 *
 * <p>Not a {@link LeasingStore}: a put with a lease is refused with INVALID (the reason is in
 * LeasingStore's Javadoc). Its watches never end by themselves, so a {@link WatchListener} is
 * never told {@code ended}.
 */
public final class LocalStore implements Store
{
    static final String LOCK_FILE = "store.lock";
    static final String WAL_FILE = "store.wal";
    static final String SNAPSHOT_FILE = "store.snap";
    private static final System.Logger LOG = System.getLogger(LocalStore.class.getName());

    /** Tuning: when to compact, and how many recent events to keep for watches that start back. */
    public record Options(long compactMinBytes, int historyLimit)
    {
        public Options
        {
            if (compactMinBytes <= 0 || historyLimit < 0)
            {
                throw new IllegalArgumentException("compactMinBytes must be positive and historyLimit not negative");
            }
        }

        /** Compact once the log exceeds 8 MiB (and twice the live data); keep 10,000 events of history. */
        public static Options defaults()
        {
            return new Options(8L << 20, 10_000);
        }
    }

    private final Path dir;
    private final DirLock dirLock;
    private final FileChannel wal;
    private final LocalWatches watches;
    private final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
    private final KeySpace keys = new KeySpace();
    private final LogWriter writer;
    private List<LogWriter.Pending> pending = new ArrayList<>();
    private volatile long revision;
    private volatile boolean closed;

    private LocalStore(final Path dir, final Options options, final DirLock dirLock) throws IOException
    {
        this.dir = dir;
        this.dirLock = dirLock;
        Files.deleteIfExists(dir.resolve(SNAPSHOT_FILE + ".tmp"));
        long snapshotRevision = 0;
        final Path snap = dir.resolve(SNAPSHOT_FILE);
        if (Files.exists(snap))
        {
            final SnapshotFile.Snapshot s = SnapshotFile.read(snap);
            snapshotRevision = s.revision();
            for (final KeyValue kv : s.entries())
            {
                keys.load(kv);
            }
        }
        this.watches = new LocalWatches(options.historyLimit(), snapshotRevision);
        this.wal = FileChannel.open(dir.resolve(WAL_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try
        {
            final long logBytes = replay(snapshotRevision);
            SnapshotFile.syncDirectory(dir);
            this.writer = new LogWriter(this, dir, wal, logBytes, revision, watches, options.compactMinBytes());
        }
        catch (final IOException | RuntimeException e)
        {
            wal.close();
            throw e;
        }
    }

    /** Opens (creating if needed) the store in {@code dir} with default options. */
    public static LocalStore open(final Path dir)
    {
        return open(dir, Options.defaults());
    }

    /** Opens the store in {@code dir}; UNAVAILABLE if another process holds it. */
    public static LocalStore open(final Path dir, final Options options)
    {
        final DirLock lock;
        try
        {
            Files.createDirectories(dir);
            lock = DirLock.acquire(dir, LOCK_FILE);
        }
        catch (final IOException e)
        {
            throw PontoonException.unavailable(e, "cannot open state directory %s: %s", dir, e.getMessage());
        }
        try
        {
            return new LocalStore(dir, options, lock);
        }
        catch (final IOException | RuntimeException e)
        {
            try
            {
                lock.close();
            }
            catch (final IOException suppressed)
            {
                e.addSuppressed(suppressed);
            }
            if (e instanceof PontoonException pe)
            {
                throw pe;
            }
            throw PontoonException.unavailable(e, "cannot load the state store in %s: %s", dir, e.getMessage());
        }
    }

    /** Loads the log after the snapshot, cutting off a torn tail; returns the valid length. */
    private long replay(final long snapshotRevision) throws IOException
    {
        final long size = wal.size();
        if (size > Integer.MAX_VALUE - 16)
        {
            throw PontoonException.internal("state log " + dir.resolve(WAL_FILE) + " is larger than 2 GiB", null);
        }
        final ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && wal.read(buf, buf.position()) >= 0)
        {
            // read the whole log
        }
        buf.flip();
        final LogCodec.Replay r = LogCodec.read(buf, snapshotRevision);
        revision = snapshotRevision;
        final List<WatchEvent> events = new ArrayList<>();
        for (final LogCodec.Entry e : r.entries())
        {
            keys.replay(e, events);
            revision = e.revision();
        }
        if (r.problem() != null)
        {
            LOG.log(System.Logger.Level.WARNING, "state log {0}: dropping {1} bytes after revision {2} ({3}); a crash"
                + " interrupted a write that was never acknowledged", dir.resolve(WAL_FILE), size - r.validLength(), revision, r.problem());
            wal.truncate(r.validLength());
            wal.force(true);
        }
        wal.position(r.validLength());
        watches.dispatch(events);
        return r.validLength();
    }

    /**
     * Reads wait only until what they return is durable: the revisions of the entries they see
     * and of recent deletes in their range (kept as tombstones until durable). A read that touches
     * nothing an in-flight commit changed returns at once.
     */
    @Override
    public Optional<KeyValue> get(final String key)
    {
        Txn.checkKey(key);
        final KeyValue kv;
        final long seen;
        stateLock.readLock().lock();
        try
        {
            checkOpen();
            kv = keys.get(key);
            seen = keys.needs(key);
        }
        finally
        {
            stateLock.readLock().unlock();
        }
        writer.awaitDurable(seen);
        return Optional.ofNullable(kv);
    }

    @Override
    public List<KeyValue> list(final String prefix)
    {
        Objects.requireNonNull(prefix, "prefix");
        final KeySpace.Listing listing;
        stateLock.readLock().lock();
        try
        {
            checkOpen();
            listing = keys.list(prefix);
        }
        finally
        {
            stateLock.readLock().unlock();
        }
        writer.awaitDurable(listing.needs());
        return listing.entries();
    }

    @Override
    public long revision()
    {
        checkOpen();
        final long seen = revision;
        writer.awaitDurable(seen);
        return seen;
    }

    @Override
    public TxnResult commit(final Txn txn)
    {
        Objects.requireNonNull(txn, "txn");
        refuseLeases(txn);
        final TxnResult result;
        stateLock.writeLock().lock();
        try
        {
            checkOpen();
            result = apply(txn);
        }
        finally
        {
            stateLock.writeLock().unlock();
        }
        writer.awaitDurable(result.revision());
        return result;
    }

    /** LocalStore is not a {@link LeasingStore}; see there for why. */
    private void refuseLeases(final Txn txn)
    {
        for (final Txn.Op op : txn.ops())
        {
            if (op instanceof Txn.Put p && p.lease() != 0)
            {
                throw PontoonException.invalid("cannot put '%s' with lease %d: the local state store in %s has no leases"
                    + " (they need a cluster store such as etcd)", p.key(), p.lease(), dir);
            }
        }
    }

    /** Checks compares and applies ops to memory; caller holds the write lock. */
    private TxnResult apply(final Txn txn)
    {
        final Txn.Compare failed = keys.firstFailed(txn);
        if (failed != null)
        {
            return TxnResult.failure(revision, failed);
        }
        final LogWriter.Pending p = keys.apply(txn, revision + 1, writer.durable());
        if (p == null)
        {
            return TxnResult.success(revision);
        }
        pending.add(p);
        revision = p.revision();
        return TxnResult.success(p.revision());
    }

    @Override
    public Watch watch(final String prefix, final long fromRevision, final Consumer<WatchEvent> listener)
    {
        checkOpen();
        if (fromRevision < 0)
        {
            throw new IllegalArgumentException("fromRevision must not be negative");
        }
        // "From now": everything committed before this call is excluded, even if not yet dispatched.
        return watches.register(prefix, fromRevision == 0 ? revision + 1 : fromRevision, listener);
    }

    private void checkOpen()
    {
        final Throwable failure = writer.failure();
        if (failure != null)
        {
            throw PontoonException.unavailable(failure, "the state store in %s failed (%s); restart the daemon", dir, failure);
        }
        if (closed)
        {
            throw PontoonException.unavailable("the state store in %s is closed", dir);
        }
    }

    /** Takes every committed record not yet handed to the log, in revision order. */
    List<LogWriter.Pending> drainPending()
    {
        stateLock.writeLock().lock();
        try
        {
            final List<LogWriter.Pending> out = pending;
            pending = new ArrayList<>();
            return out;
        }
        finally
        {
            stateLock.writeLock().unlock();
        }
    }

    /** For compaction: the unsynced records plus a copy of the live data, atomically. */
    LogWriter.Cut cutForSnapshot()
    {
        stateLock.writeLock().lock();
        try
        {
            return new LogWriter.Cut(drainPending(), keys.copy(), revision);
        }
        finally
        {
            stateLock.writeLock().unlock();
        }
    }

    /** The revision of the last transaction applied in memory (maybe not yet durable). */
    long committedRevision()
    {
        return revision;
    }

    long liveBytes()
    {
        return keys.liveBytes();
    }

    /** Test hook: the size of the log in bytes. */
    long logBytes()
    {
        return writer.logBytes();
    }

    @Override
    public void close()
    {
        stateLock.writeLock().lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        finally
        {
            stateLock.writeLock().unlock();
        }
        writer.stop();
        watches.closeAll();
        try
        {
            wal.close();
            dirLock.close();
        }
        catch (final IOException e)
        {
            LOG.log(System.Logger.Level.WARNING, "closing the state store in " + dir + " failed", e);
        }
    }

    @Override
    public String toString()
    {
        return "LocalStore[" + dir + "]";
    }
}
