// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.tun;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.ffm.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The two libc calls a TUN queue needs beyond {@link Libc}: {@code poll(2)} and
 * {@code eventfd(2)} (the wake-up that lets {@code close} release a blocked reader). Same
 * binding style as {@link Libc}: static handles, errno captured per call.
 */
@SuppressWarnings("restricted")
final class TunNative
{
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final int EFD_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final MethodHandle POLL = LINKER.downcallHandle(LINKER.defaultLookup().find("poll").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE);
    private static final MethodHandle EVENTFD = LINKER.downcallHandle(LINKER.defaultLookup().find("eventfd").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE);

    private TunNative()
    {
    }

    static int eventfd()
    {
        try (Arena a = Arena.ofConfined())
        {
            final MemorySegment cap = Libc.newCapture(a);
            final int fd = (int) EVENTFD.invokeExact(cap, 0, EFD_CLOEXEC | EFD_NONBLOCK);
            if (fd < 0)
            {
                throw new KernelException("eventfd", "", Libc.errno(cap), null);
            }
            return fd;
        }
        catch (final RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Waits until {@code fd} has {@code events} or {@code wakeFd} is readable, at most
     * {@code timeoutMillis} (negative: forever). Returns the revents of {@code fd}, or -1 when
     * woken through {@code wakeFd}; 0 on timeout or EINTR (callers re-check their deadline).
     */
    static int await(final int fd, final short events, final int wakeFd, final int timeoutMillis)
    {
        try (Arena a = Arena.ofConfined())
        {
            final MemorySegment cap = Libc.newCapture(a);
            final MemorySegment fds = a.allocate(16, 4);
            fds.set(JAVA_INT, 0, fd);
            fds.set(JAVA_SHORT, 4, events);
            fds.set(JAVA_INT, 8, wakeFd);
            fds.set(JAVA_SHORT, 12, POLLIN);
            final int n = (int) POLL.invokeExact(cap, fds, 2L, timeoutMillis);
            if (n < 0)
            {
                final int e = Libc.errno(cap);
                if (e == Errno.EINTR)
                {
                    return 0;
                }
                throw new KernelException("poll", "tun", e, null);
            }
            if (fds.get(JAVA_SHORT, 14) != 0)
            {
                return -1;
            }
            return fds.get(JAVA_SHORT, 6);
        }
        catch (final RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }
}
