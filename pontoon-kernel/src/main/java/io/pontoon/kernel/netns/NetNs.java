// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netns;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.ffm.Libc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A handle on a network namespace: an open file descriptor on {@code /proc/PID/ns/net} or on a
 * bind-mounted namespace file. It is never thread state: code that must run inside the
 * namespace (opening a netlink socket, a JDK socket, spawning nothing) goes through
 * {@link #call(Callable)}, which runs it on a fresh platform thread that calls {@code setns} and
 * then exits, so no thread is ever left in the wrong namespace. Virtual threads never call
 * {@code setns}.
 */
public final class NetNs implements AutoCloseable
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Path path;
    private final boolean owned;
    private volatile int fd;

    private NetNs(final Path path, final int fd, final boolean owned)
    {
        this.path = path;
        this.fd = fd;
        this.owned = owned;
    }

    /** The namespace of the calling process (its main network namespace). */
    public static NetNs self()
    {
        return open(Path.of("/proc/self/ns/net"));
    }

    /** Opens a namespace file: {@code /run/netns/NAME}, {@code /proc/PID/ns/net}, a bind mount. */
    public static NetNs open(final Path path)
    {
        final int fd;
        try
        {
            fd = Libc.open(path.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        }
        catch (final KernelException e)
        {
            throw new KernelException("netns open", path.toString(), e.errno(), null);
        }
        return new NetNs(path, fd, false);
    }

    /** The namespace a process lives in. */
    public static NetNs ofPid(final long pid)
    {
        return open(Path.of("/proc/" + pid + "/ns/net"));
    }

    /**
     * Creates a new, empty namespace (only {@code lo}, down) and pins it with a bind mount at
     * {@code dir/name}. Equals {@code ip netns add NAME} with Pontoon's own run directory.
     */
    public static NetNs create(final Path dir, final String name)
    {
        if (name == null || !NAME.matcher(name).matches())
        {
            throw KernelException.invalid("netns add", String.valueOf(name),
                "namespace names are 1-64 characters of [A-Za-z0-9_.-], starting with a letter or digit");
        }
        final Path target = dir.resolve(name);
        try
        {
            Files.createDirectories(dir);
            Files.createFile(target);
        }
        catch (final java.nio.file.FileAlreadyExistsException e)
        {
            throw new KernelException("netns add", target.toString(), Errno.EEXIST, "namespace file already exists");
        }
        catch (final IOException e)
        {
            throw KernelException.invalid("netns add", target.toString(), e.toString());
        }
        try
        {
            onFreshThread(() ->
            {
                Libc.unshare(Libc.CLONE_NEWNET);
                Libc.bindMount("/proc/thread-self/ns/net", target.toString());
                return null;
            });
            final int fd = Libc.open(target.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
            return new NetNs(target, fd, true);
        }
        catch (final RuntimeException e)
        {
            Libc.umountDetach(target.toString());
            deleteQuietly(target);
            throw e;
        }
    }

    /**
     * Removes a namespace pinned at {@code dir/name} by {@link #create}: unmounts and deletes
     * the file. The namespace itself goes away once no process or fd holds it. Missing is fine.
     */
    public static void delete(final Path dir, final String name)
    {
        final Path target = dir.resolve(name);
        final int rc = Libc.umountDetach(target.toString());
        if (rc != 0 && rc != Errno.EINVAL && rc != Errno.ENOENT)
        {
            throw new KernelException("netns delete", target.toString(), rc, null);
        }
        deleteQuietly(target);
    }

    private static void deleteQuietly(final Path p)
    {
        try
        {
            Files.deleteIfExists(p);
        }
        catch (final IOException ignored)
        {
            // nothing more to do: the mount is already gone
        }
    }

    public Path path()
    {
        return path;
    }

    /** The raw descriptor, e.g. for {@code IFLA_NET_NS_FD}. Valid until {@link #close()}. */
    public int fd()
    {
        final int f = fd;
        if (f < 0)
        {
            throw new IllegalStateException("namespace handle " + path + " is closed");
        }
        return f;
    }

    /** Whether this handle was created (and bind-mounted) by {@link #create}. */
    public boolean owned()
    {
        return owned;
    }

    /**
     * Runs {@code task} inside this namespace on a fresh platform thread, which exits afterwards.
     * Sockets opened by the task stay bound to this namespace and may be used from any thread.
     */
    public <T> T call(final Callable<T> task)
    {
        final int target = fd();
        return onFreshThread(() ->
        {
            final int rc = Libc.setns(target, Libc.CLONE_NEWNET);
            if (rc != 0)
            {
                throw new KernelException("setns", path.toString(), rc, null);
            }
            return task.call();
        });
    }

    private static <T> T onFreshThread(final Callable<T> task)
    {
        final AtomicReference<T> result = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread t = Thread.ofPlatform().name("pontoon-netns").daemon(true).unstarted(() ->
        {
            try
            {
                result.set(task.call());
            }
            catch (final Throwable e)
            {
                failure.set(e);
            }
        });
        t.start();
        boolean interrupted = false;
        while (true)
        {
            try
            {
                t.join();
                break;
            }
            catch (final InterruptedException e)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        final Throwable f = failure.get();
        if (f instanceof RuntimeException re)
        {
            throw re;
        }
        if (f instanceof Error err)
        {
            throw err;
        }
        if (f != null)
        {
            throw new IllegalStateException(new ExecutionException(f));
        }
        return result.get();
    }

    @Override
    public void close()
    {
        final int f = fd;
        if (f >= 0)
        {
            fd = -1;
            Libc.close(f);
        }
    }

    @Override
    public String toString()
    {
        return "netns " + path;
    }
}
