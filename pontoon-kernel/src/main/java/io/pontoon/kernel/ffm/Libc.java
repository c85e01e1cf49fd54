// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.ffm;

import io.pontoon.kernel.KernelException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls Pontoon makes, as {@code static final} downcall handles with errno captured
 * through {@code captureCallState} (never read through {@code __errno_location}: the JVM may
 * have overwritten it).
 *
 * <p>Every checked wrapper throws {@link KernelException} naming the operation and object. The
 * {@code raw*} variants take a caller-owned capture segment and return the raw result, for hot
 * paths that keep one capture segment per socket.
 */
@SuppressWarnings("restricted")
public final class Libc
{
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_BRIDGE = 7;
    public static final int AF_NETLINK = 16;
    public static final int AF_INET6 = 10;
    public static final int AF_PACKET = 17;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final long MS_BIND = 4096;
    public static final int MNT_DETACH = 2;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_RCVBUFFORCE = 33;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MemoryLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SEND = downcall("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SENDTO =
        downcall("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = downcall("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SETSOCKOPT =
        downcall("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS = downcall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle UNSHARE = downcall("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN =
        downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle IOCTL =
        downcall("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MOUNT =
        downcall("mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle UMOUNT2 = downcall("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle STRERROR =
        LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc()
    {
    }

    private static MethodHandle downcall(final String name, final FunctionDescriptor fd, final Linker.Option... extra)
    {
        final Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, options);
    }

    /** A capture segment for the errno of one call; owned by one thread at a time. */
    public static MemorySegment newCapture(final Arena arena)
    {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    public static int errno(final MemorySegment capture)
    {
        return (int) ERRNO.get(capture, 0L);
    }

    public static String strerror(final int errno)
    {
        try
        {
            final MemorySegment p = (MemorySegment) STRERROR.invokeExact(errno);
            return p.reinterpret(256).getString(0);
        }
        catch (final Throwable t)
        {
            return "errno " + errno;
        }
    }

    private static KernelException fail(final String op, final String obj, final MemorySegment capture)
    {
        return new KernelException(op, obj, errno(capture), null);
    }

    private static RuntimeException rethrow(final Throwable t)
    {
        if (t instanceof RuntimeException re)
        {
            return re;
        }
        if (t instanceof Error e)
        {
            throw e;
        }
        return new IllegalStateException(t);
    }

    // -- sockets --

    public static int socket(final int domain, final int type, final int protocol, final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment cap = newCapture(arena);
            final int fd = (int) SOCKET.invokeExact(cap, domain, type, protocol);
            if (fd < 0)
            {
                throw fail("socket", what, cap);
            }
            return fd;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static void bind(final int fd, final MemorySegment addr, final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment cap = newCapture(arena);
            if ((int) BIND.invokeExact(cap, fd, addr, (int) addr.byteSize()) < 0)
            {
                throw fail("bind", what, cap);
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static void setsockoptInt(final int fd, final int level, final int name, final int value, final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment cap = newCapture(arena);
            final MemorySegment v = arena.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            if ((int) SETSOCKOPT.invokeExact(cap, fd, level, name, v, 4) < 0)
            {
                throw fail("setsockopt", what, cap);
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** setsockopt with an arbitrary option value (e.g. a struct timeval). */
    public static void setsockopt(final int fd, final int level, final int name, final MemorySegment value, final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment cap = newCapture(arena);
            if ((int) SETSOCKOPT.invokeExact(cap, fd, level, name, value, (int) value.byteSize()) < 0)
            {
                throw fail("setsockopt", what, cap);
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** send(2); returns bytes sent or -1 with errno in {@code cap}. */
    public static long rawSend(final MemorySegment cap, final int fd, final MemorySegment buf, final long len)
    {
        try
        {
            return (long) SEND.invokeExact(cap, fd, buf, len, 0);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /**
     * sendto(2) of {@code buf} to {@code addr} (a sockaddr); throws unless the whole buffer went
     * out. {@code flags} e.g. MSG_DONTWAIT.
     */
    public static void sendTo(final int fd, final MemorySegment buf, final int flags, final MemorySegment addr,
        final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment cap = newCapture(arena);
            final long n = (long) SENDTO.invokeExact(cap, fd, buf, buf.byteSize(), flags, addr, (int) addr.byteSize());
            if (n < 0)
            {
                throw fail("sendto", what, cap);
            }
            if (n != buf.byteSize())
            {
                throw new KernelException("sendto", what, Errno.EIO, "sent " + n + " of " + buf.byteSize() + " bytes");
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** recv(2); returns bytes received or -1 with errno in {@code cap}. */
    public static long rawRecv(final MemorySegment cap, final int fd, final MemorySegment buf, final long len, final int flags)
    {
        try
        {
            return (long) RECV.invokeExact(cap, fd, buf, len, flags);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    // -- files --

    public static int open(final String path, final int flags, final int mode)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment cap = newCapture(arena);
            final int fd = (int) OPEN.invokeExact(cap, arena.allocateFrom(path), flags, mode);
            if (fd < 0)
            {
                throw fail("open", path, cap);
            }
            return fd;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static void close(final int fd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int ignored = (int) CLOSE.invokeExact(newCapture(arena), fd);
            assert ignored >= -1;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static long rawRead(final MemorySegment cap, final int fd, final MemorySegment buf, final long len)
    {
        try
        {
            return (long) READ.invokeExact(cap, fd, buf, len);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static long rawWrite(final MemorySegment cap, final int fd, final MemorySegment buf, final long len)
    {
        try
        {
            return (long) WRITE.invokeExact(cap, fd, buf, len);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static void ioctl(final int fd, final long request, final MemorySegment arg, final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment cap = newCapture(arena);
            if ((int) IOCTL.invokeExact(cap, fd, request, arg) < 0)
            {
                throw fail("ioctl", what, cap);
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    // -- namespaces and mounts --

    /** setns(2); returns 0 or the errno. Used by the namespace thread, which decides what to do. */
    public static int setns(final int fd, final int nstype)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment cap = newCapture(arena);
            return (int) SETNS.invokeExact(cap, fd, nstype) < 0 ? errno(cap) : 0;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static void unshare(final int flags)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment cap = newCapture(arena);
            if ((int) UNSHARE.invokeExact(cap, flags) < 0)
            {
                throw fail("unshare", "", cap);
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static void bindMount(final String source, final String target)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment cap = newCapture(arena);
            final int rc = (int) MOUNT.invokeExact(cap, arena.allocateFrom(source), arena.allocateFrom(target),
                MemorySegment.NULL, MS_BIND, MemorySegment.NULL);
            if (rc < 0)
            {
                throw fail("mount --bind", source + " " + target, cap);
            }
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** umount2(target, MNT_DETACH); returns 0 or the errno. */
    public static int umountDetach(final String target)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment cap = newCapture(arena);
            return (int) UMOUNT2.invokeExact(cap, arena.allocateFrom(target), MNT_DETACH) < 0 ? errno(cap) : 0;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }
}
