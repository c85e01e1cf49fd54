// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.http;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Where a Unix socket is bound so that it never exists at its real path with a mode other than
 * 0660: it is bound inside a fresh directory of mode 0700 next to the real path ({@link #bindPath}),
 * given mode 0660 there, and then renamed into place ({@link #publish}), which is atomic. Binding
 * at the real path and changing the mode afterwards would leave a window in which, under a
 * permissive umask, any user could connect.
 */
final class PrivateSocket
{
    /** Longest path a Unix socket may have (sun_path is 108 bytes with the terminating NUL). */
    static final int MAX_PATH = 107;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path target;
    private final Path dir;
    private boolean published;

    private PrivateSocket(final Path target, final Path dir)
    {
        this.target = target;
        this.dir = dir;
    }

    /** Makes the private directory {@code PARENT/.ptXXXXXXXX} (mode 0700) for {@code target}. */
    static PrivateSocket create(final Path target) throws IOException
    {
        final Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        for (int attempt = 0; ; attempt++)
        {
            final byte[] b = new byte[4];
            RANDOM.nextBytes(b);
            final Path dir = parent.resolve(".pt" + HexFormat.of().formatHex(b));
            if (dir.resolve("s").toString().length() > MAX_PATH)
            {
                throw new IOException("cannot bind " + target + " safely: its directory's path is too long for a Unix socket "
                    + "(at most " + (MAX_PATH - 14) + " bytes)");
            }
            try
            {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                return new PrivateSocket(target.toAbsolutePath(), dir);
            }
            catch (final FileAlreadyExistsException e)
            {
                if (attempt > 10)
                {
                    throw e;
                }
            }
        }
    }

    /** Where to bind the socket: {@code DIR/s}, in the private directory. */
    Path bindPath()
    {
        return dir.resolve("s");
    }

    /** The socket's real path. */
    Path target()
    {
        return target;
    }

    /**
     * After the socket is bound at {@link #bindPath}: mode 0660 there, then {@code rename(2)} to
     * the real path (replacing a stale file), then the private directory goes.
     */
    void publish() throws IOException
    {
        Files.setPosixFilePermissions(bindPath(), PosixFilePermissions.fromString("rw-rw----"));
        try
        {
            Files.move(bindPath(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException e)
        {
            throw new IOException("cannot move socket " + bindPath() + " to " + target + ": " + e.getMessage(), e);
        }
        published = true;
        Files.deleteIfExists(dir);
    }

    /** Whether {@link #publish} moved the socket to its real path. */
    boolean published()
    {
        return published;
    }

    /** Removes the private directory and whatever is left in it (after a failed bind or publish). */
    void discard()
    {
        try
        {
            Files.deleteIfExists(bindPath());
            Files.deleteIfExists(dir);
        }
        catch (final IOException ignored)
        {
            // best effort: a leftover .ptXXXXXXXX directory is harmless (mode 0700, root's)
        }
    }
}
