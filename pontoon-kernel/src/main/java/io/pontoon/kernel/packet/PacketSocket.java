// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.packet;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.ffm.Libc;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.rtnl.LinkNames;
import io.pontoon.kernel.netns.NetNs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A send-only {@code AF_PACKET} raw socket of one network namespace: whole Ethernet frames go
 * out of a device named at each send, as if the device's own stack had sent them (a bridge
 * floods a broadcast to all its ports). Equals {@code socket(AF_PACKET, SOCK_RAW, 0)} opened
 * inside the namespace; protocol 0 means it receives nothing, so nothing queues up on it.
 * Needs CAP_NET_RAW. Sends never block (MSG_DONTWAIT). Usable from any thread.
 *
 * <pre>
 * struct sockaddr_ll (20 bytes): | family u16 @0 | protocol be16 @2 | ifindex int @4 | hatype u16 @8 |
 *                                | pkttype u8 @10 | halen u8 @11 | addr u8[8] @12 |
 * struct ifreq (40 bytes):       | ifr_name char[16] @0 | ifr_ifindex int @16 | ... |
 * </pre>
 */
public final class PacketSocket implements AutoCloseable
{
    private static final int SOCKADDR_LL_SIZE = 20;
    private static final int IFREQ_SIZE = 40;
    private static final int IFR_IFINDEX = 16;
    private static final long SIOCGIFINDEX = 0x8933L;
    private static final int MSG_DONTWAIT = 0x40;
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final String where;
    private int fd;

    private PacketSocket(final int fd, final String where)
    {
        this.fd = fd;
        this.where = where;
    }

    /** Opens the socket in {@code ns} (on a throwaway platform thread); null: the caller's own namespace. */
    public static PacketSocket open(final NetNs ns)
    {
        if (ns == null)
        {
            return new PacketSocket(openFd(), "self");
        }
        return new PacketSocket(ns.call(PacketSocket::openFd), ns.path().toString());
    }

    private static int openFd()
    {
        return Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0, "packet");
    }

    /** The ifindex of {@code dev} in the socket's namespace ({@code SIOCGIFINDEX}); ENODEV when absent. */
    public synchronized int ifindex(final String dev)
    {
        LinkNames.check("ifindex", dev, dev);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment ifr = arena.allocate(IFREQ_SIZE, 8);
            final byte[] b = dev.getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(b, 0, ifr, ValueLayout.JAVA_BYTE, 0, b.length);
            Libc.ioctl(open(), SIOCGIFINDEX, ifr, dev);
            return ifr.get(ValueLayout.JAVA_INT, IFR_IFINDEX);
        }
    }

    /**
     * Sends one whole Ethernet frame (header included, {@code ethertype} as in the header) out of
     * device {@code ifindex}. Fails with EAGAIN/ENOBUFS rather than wait for queue space, ENETDOWN
     * when the device is down.
     */
    public synchronized void send(final int ifindex, final int ethertype, final byte[] frame)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment addr = arena.allocate(SOCKADDR_LL_SIZE, 4);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_PACKET);
            addr.set(BE16, 2, (short) ethertype);
            addr.set(ValueLayout.JAVA_INT, 4, ifindex);
            final MemorySegment buf = arena.allocate(frame.length, 8);
            MemorySegment.copy(frame, 0, buf, ValueLayout.JAVA_BYTE, 0, frame.length);
            Libc.sendTo(open(), buf, MSG_DONTWAIT, addr, "packet ifindex " + ifindex + " (" + where + ")");
        }
    }

    /**
     * Announces that {@code ip} is at {@code mac} with a broadcast gratuitous ARP reply out of
     * {@code dev} ({@link ArpFrame#gratuitous}). Like {@code arping -A -c1 -I DEV IP}, except that
     * the sender MAC is {@code mac} rather than the device's own.
     */
    public void sendGratuitousArp(final String dev, final Inet4Address ip, final MacAddress mac)
    {
        final int index = ifindex(dev);
        try
        {
            send(index, ArpFrame.ETH_P_ARP, ArpFrame.gratuitous(ip, mac));
        }
        catch (final KernelException e)
        {
            throw new KernelException("arping -A", dev + " " + ip.getHostAddress() + " at " + mac, e.errno(), e.extack());
        }
    }

    private int open()
    {
        if (fd < 0)
        {
            throw new KernelException("packet", where, Errno.EBADF, "socket is closed");
        }
        return fd;
    }

    @Override
    public synchronized void close()
    {
        if (fd >= 0)
        {
            Libc.close(fd);
            fd = -1;
        }
    }
}
