// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.tun;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.ffm.Libc;
import io.pontoon.kernel.netns.NetNs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One queue of a TUN or TAP device: an fd on {@code /dev/net/tun} attached with TUNSETIFF. The
 * device exists while a queue is open (it is not made persistent) and lives in the namespace the
 * queue was opened in. Equals {@code ip tuntap add dev NAME mode tun|tap [multi_queue]
 * [vnet_hdr]} plus the process holding it open.
 *
 * <p>Each {@link #read} returns one packet (with IFF_VNET_HDR, preceded by a virtio_net_hdr;
 * without IFF_NO_PI, by a 4-byte packet-info header); each {@link #write} sends one. The fd is
 * non-blocking: a read tries first and polls only when nothing is queued, so a busy queue costs
 * one syscall per packet. Use one reader thread and one writer thread per queue at a time.
 * {@link #close()} wakes a blocked reader, which then gets -1; the fd is released once no call
 * is running on it.
 */
public final class Tun implements AutoCloseable
{
    public static final int IFF_TUN = 0x0001;
    public static final int IFF_TAP = 0x0002;
    public static final int IFF_MULTI_QUEUE = 0x0100;
    public static final int IFF_NO_PI = 0x1000;
    public static final int IFF_VNET_HDR = 0x4000;

    public static final int TUN_F_CSUM = 0x01;
    public static final int TUN_F_TSO4 = 0x02;
    public static final int TUN_F_TSO6 = 0x04;
    public static final int TUN_F_TSO_ECN = 0x08;
    public static final int TUN_F_UFO = 0x10;
    public static final int TUN_F_USO4 = 0x20;
    public static final int TUN_F_USO6 = 0x40;

    /** Largest packet a queue hands out (a 64 KiB GSO segment plus headers). */
    public static final int MAX_PACKET = 65536 + 256;

    private static final long TUNSETIFF = 0x400454caL;
    private static final long TUNSETOFFLOAD = 0x400454d0L;
    private static final long TUNSETVNETHDRSZ = 0x400454d8L;
    private static final int O_NONBLOCK = 0x800;
    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_SIZE = 40;
    private static final int ALLOWED_FLAGS = IFF_TUN | IFF_TAP | IFF_MULTI_QUEUE | IFF_NO_PI | IFF_VNET_HDR;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]*(%d)?[A-Za-z0-9_.-]*");

    private final NetNs ns;
    private final String name;
    private final int flags;
    private final int fd;
    private final int wakeFd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment readCapture = Libc.newCapture(arena);
    private final MemorySegment writeCapture = Libc.newCapture(arena);
    private final MemorySegment readBounce = arena.allocate(MAX_PACKET, 16);
    private final MemorySegment writeBounce = arena.allocate(MAX_PACKET, 16);
    private int users;
    private boolean closed;
    private boolean released;

    private Tun(final NetNs ns, final String name, final int flags, final int fd, final int wakeFd)
    {
        this.ns = ns;
        this.name = name;
        this.flags = flags;
        this.fd = fd;
        this.wakeFd = wakeFd;
    }

    /**
     * Opens (creating if needed) the device {@code name} in {@code ns}. {@code name} may hold
     * {@code %d} for the kernel to number it ("pt%d"), or be empty ("tun0", "tap0"...).
     * {@code flags}: IFF_TUN or IFF_TAP, plus IFF_NO_PI, IFF_VNET_HDR, IFF_MULTI_QUEUE.
     */
    public static Tun open(final NetNs ns, final String name, final int flags)
    {
        final String n = name == null ? "" : name;
        if (n.length() >= IFNAMSIZ || !NAME.matcher(n).matches())
        {
            throw KernelException.invalid("ip tuntap add", n, "interface names are up to 15 characters of [A-Za-z0-9_.-]");
        }
        if ((flags & ~ALLOWED_FLAGS) != 0 || Integer.bitCount(flags & (IFF_TUN | IFF_TAP)) != 1)
        {
            throw KernelException.invalid("ip tuntap add", n, "flags must hold exactly one of IFF_TUN and IFF_TAP, plus"
                + " IFF_NO_PI, IFF_VNET_HDR or IFF_MULTI_QUEUE");
        }
        final Opened o = ns == null ? attach(n, flags) : ns.call(() -> attach(n, flags));
        final int wake;
        try
        {
            wake = TunNative.eventfd();
        }
        catch (final RuntimeException e)
        {
            Libc.close(o.fd());
            throw e;
        }
        return new Tun(ns, o.name(), flags, o.fd(), wake);
    }

    /** Opens {@code name} in the JVM's own namespace. */
    public static Tun open(final String name, final int flags)
    {
        return open(null, name, flags);
    }

    private record Opened(int fd, String name)
    {
    }

    private static Opened attach(final String name, final int flags)
    {
        final int fd = Libc.open("/dev/net/tun", Libc.O_RDWR | Libc.O_CLOEXEC | O_NONBLOCK, 0);
        try (Arena a = Arena.ofConfined())
        {
            final MemorySegment ifr = a.allocate(IFREQ_SIZE, 8);
            final byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(n, 0, ifr, ValueLayout.JAVA_BYTE, 0, n.length);
            ifr.set(ValueLayout.JAVA_SHORT, IFNAMSIZ, (short) flags);
            try
            {
                Libc.ioctl(fd, TUNSETIFF, ifr, name);
            }
            catch (final KernelException e)
            {
                throw new KernelException("ip tuntap add", name, e.errno(), e.errno() == Errno.EINVAL
                    ? "the device exists with other flags (or multi_queue mismatch)" : null);
            }
            return new Opened(fd, ifr.getString(0, StandardCharsets.US_ASCII));
        }
        catch (final RuntimeException e)
        {
            Libc.close(fd);
            throw e;
        }
    }

    /** Another queue of this multi-queue device (opened with IFF_MULTI_QUEUE). */
    public Tun openQueue()
    {
        if ((flags & IFF_MULTI_QUEUE) == 0)
        {
            throw KernelException.invalid("ip tuntap", name, "the device was not opened with IFF_MULTI_QUEUE");
        }
        return open(ns, name, flags);
    }

    /** The device name the kernel gave (with {@code %d} resolved). */
    public String name()
    {
        return name;
    }

    public int flags()
    {
        return flags;
    }

    /** TUNSETOFFLOAD: the offloads this reader can take (TUN_F_*); needs IFF_VNET_HDR to matter. */
    public void setOffload(final int tunFlags)
    {
        io(() -> Libc.ioctl(fd, TUNSETOFFLOAD, MemorySegment.ofAddress(tunFlags), name));
    }

    /** TUNSETVNETHDRSZ: size of the virtio_net_hdr before each packet (10 by default, 12 with mergeable buffers). */
    public void setVnetHdrSize(final int size)
    {
        io(() ->
        {
            try (Arena a = Arena.ofConfined())
            {
                final MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
                v.set(ValueLayout.JAVA_INT, 0, size);
                Libc.ioctl(fd, TUNSETVNETHDRSZ, v, name);
            }
        });
    }

    // -- packets --

    /** Reads one packet into {@code buf}; blocks. Returns its length, or -1 once closed. */
    public long read(final MemorySegment buf)
    {
        return read(buf, -1);
    }

    /**
     * Reads one packet into {@code buf}, waiting at most {@code timeoutMillis} (negative: no
     * limit). Returns its length, 0 on timeout, or -1 once closed. A buffer smaller than the
     * packet gets a truncated packet.
     */
    public long read(final MemorySegment buf, final long timeoutMillis)
    {
        if (!enter())
        {
            return -1;
        }
        try
        {
            return readInto(buf, timeoutMillis);
        }
        finally
        {
            exit();
        }
    }

    /** Reads one packet into {@code dst} at its position (advanced); see {@link #read(MemorySegment, long)}. */
    public int read(final ByteBuffer dst, final Duration timeout)
    {
        final long millis = timeout == null ? -1 : timeout.toMillis();
        if (!enter())
        {
            return -1;
        }
        try
        {
            final MemorySegment target = dst.isDirect() ? MemorySegment.ofBuffer(dst)
                : readBounce.asSlice(0, Math.min(dst.remaining(), MAX_PACKET));
            final int n = (int) readInto(target, millis);
            if (n > 0)
            {
                if (dst.isDirect())
                {
                    dst.position(dst.position() + n);
                }
                else
                {
                    dst.put(readBounce.asSlice(0, n).asByteBuffer());
                }
            }
            return n;
        }
        finally
        {
            exit();
        }
    }

    /** Reads one packet into {@code dst}, blocking; -1 once closed. */
    public int read(final ByteBuffer dst)
    {
        return read(dst, null);
    }

    private long readInto(final MemorySegment buf, final long timeoutMillis)
    {
        final long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true)
        {
            final long n = Libc.rawRead(readCapture, fd, buf, buf.byteSize());
            if (n >= 0)
            {
                return n;
            }
            final int e = Libc.errno(readCapture);
            if (e == Errno.EINTR)
            {
                continue;
            }
            if (e != Errno.EAGAIN)
            {
                throw new KernelException("read", name, e, null);
            }
            final int wait = remaining(deadline);
            if (wait == 0)
            {
                return 0;
            }
            if (TunNative.await(fd, TunNative.POLLIN, wakeFd, wait) < 0)
            {
                return -1;
            }
        }
    }

    /** Writes one packet (all of {@code packet}); returns its length, or -1 once closed. */
    public long write(final MemorySegment packet)
    {
        if (!enter())
        {
            return -1;
        }
        try
        {
            return writeFrom(packet);
        }
        finally
        {
            exit();
        }
    }

    /** Writes the remaining bytes of {@code src} as one packet (position advanced); -1 once closed. */
    public int write(final ByteBuffer src)
    {
        final int len = src.remaining();
        if (!src.isDirect() && len > MAX_PACKET)
        {
            throw KernelException.invalid("write", name, "packet of " + len + " bytes is larger than " + MAX_PACKET);
        }
        if (!enter())
        {
            return -1;
        }
        try
        {
            final long n;
            if (src.isDirect())
            {
                n = writeFrom(MemorySegment.ofBuffer(src));
            }
            else
            {
                MemorySegment.copy(MemorySegment.ofBuffer(src), 0, writeBounce, 0, len);
                n = writeFrom(writeBounce.asSlice(0, len));
            }
            if (n > 0)
            {
                src.position(src.position() + (int) n);
            }
            return (int) n;
        }
        finally
        {
            exit();
        }
    }

    private long writeFrom(final MemorySegment packet)
    {
        while (true)
        {
            final long n = Libc.rawWrite(writeCapture, fd, packet, packet.byteSize());
            if (n >= 0)
            {
                return n;
            }
            final int e = Libc.errno(writeCapture);
            if (e == Errno.EAGAIN)
            {
                if (TunNative.await(fd, TunNative.POLLOUT, wakeFd, -1) < 0)
                {
                    return -1;
                }
            }
            else if (e != Errno.EINTR)
            {
                throw new KernelException("write", name, e, null);
            }
        }
    }

    private static int remaining(final long deadline)
    {
        if (deadline == Long.MAX_VALUE)
        {
            return -1;
        }
        final long left = deadline - System.nanoTime();
        return left <= 0 ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }

    // -- lifetime: the fd is released when closed and no call runs on it --

    private void io(final Runnable call)
    {
        if (!enter())
        {
            throw new IllegalStateException("tun " + name + " is closed");
        }
        try
        {
            call.run();
        }
        finally
        {
            exit();
        }
    }

    private synchronized boolean enter()
    {
        if (closed)
        {
            return false;
        }
        users++;
        return true;
    }

    private synchronized void exit()
    {
        users--;
        if (closed && users == 0)
        {
            release();
        }
    }

    /** Closes this queue (the device goes away with its last queue); wakes a blocked reader. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try (Arena a = Arena.ofConfined())
        {
            final MemorySegment one = a.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            Libc.rawWrite(Libc.newCapture(a), wakeFd, one, 8);
        }
        if (users == 0)
        {
            release();
        }
    }

    private void release()
    {
        if (!released)
        {
            released = true;
            Libc.close(fd);
            Libc.close(wakeFd);
            arena.close();
        }
    }

    @Override
    public String toString()
    {
        return "tun " + name + (ns == null ? "" : " in " + ns.path());
    }
}
