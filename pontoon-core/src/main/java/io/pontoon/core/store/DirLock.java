// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import io.pontoon.core.PontoonException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a state directory ({@code flock}-style via {@link FileChannel#tryLock}), so
 * two daemons never write the same store. The owner's pid is written into the lock file to make
 * the refusal message useful. The kernel drops the lock when the process dies, even on kill -9.
 */
final class DirLock implements AutoCloseable
{
    private final FileChannel channel;
    private final FileLock lock;

    private DirLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    static DirLock acquire(final Path dir, final String fileName) throws IOException
    {
        final Path file = dir.resolve(fileName);
        final FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try
        {
            l = ch.tryLock();
        }
        catch (final OverlappingFileLockException e)
        {
            l = null;
        }
        catch (final IOException | RuntimeException e)
        {
            ch.close();
            throw e;
        }
        if (l == null)
        {
            final String owner = owner(ch);
            ch.close();
            throw PontoonException.unavailable("state directory %s is in use by another Pontoon daemon%s; stop it first or"
                + " give this one another state directory", dir, owner);
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new DirLock(ch, l);
    }

    private static String owner(final FileChannel ch)
    {
        try
        {
            final ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            final String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        }
        catch (final IOException e)
        {
            return "";
        }
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            lock.release();
        }
        finally
        {
            channel.close();
        }
    }
}
