// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.ffm.Libc;
import io.pontoon.kernel.netlink.NlMsg;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Creates persistent TUN/TAP devices through {@code /dev/net/tun} (rtnetlink refuses to); the
 * device appears in the namespace of the thread that opens the file.
 *
 * <pre>
 * struct ifreq (40 bytes): | ifr_name char[16] @0 | ifr_flags short @16 | ... |
 * </pre>
 */
final class TunDevice
{
    private static final String CLONE_DEVICE = "/dev/net/tun";
    private static final int IFREQ_SIZE = 40;
    private static final int IFR_FLAGS = 16;

    private TunDevice()
    {
    }

    /**
     * {@link Rtnl#linkAdd} for a {@link Tun}: checks the name is free, creates the device inside
     * the handle's namespace, then applies MTU, MAC, master and up with one RTM_SETLINK, deleting
     * the device again if that fails. A target namespace gets a handle of its own.
     */
    static int add(final Rtnl rtnl, final Tun t, final String op, final String object)
    {
        final LinkAttrs a = t.attrs();
        if (a.ns() != null)
        {
            try (Rtnl there = Rtnl.open(a.ns()))
            {
                there.linkAdd(t.withAttrs(a.withNs(null)));
                return 0;
            }
        }
        if (rtnl.linkGet(a.name()).isPresent())
        {
            throw new KernelException(op, object, Errno.EEXIST, "a device named " + a.name() + " already exists");
        }
        final int master = a.master() == null ? 0 : rtnl.resolve(a.master(), op, object);
        if (rtnl.ns() == null)
        {
            createPersistent(t, op, object);
        }
        else
        {
            rtnl.ns().call(() ->
            {
                createPersistent(t, op, object);
                return null;
            });
        }
        try
        {
            if (a.mtu() > 0 || a.mac() != null || master > 0 || a.up())
            {
                final NlMsg m = new NlMsg().begin(RtConst.RTM_SETLINK, NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK);
                LinkCodec.ifinfomsg(m, 0, a.up() ? RtConst.IFF_UP : 0, RtConst.IFF_UP);
                LinkCodec.common(m, a, master);
                rtnl.socket().request(m.end(), op, object);
            }
            return rtnl.resolve(a.name(), op, object);
        }
        catch (final RuntimeException e)
        {
            try
            {
                rtnl.linkDel(a.name());
            }
            catch (final KernelException cleanup)
            {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * TUNSETIFF (with IFF_TUN_EXCL, so an existing device is an error), optional TUNSETOWNER and
     * TUNSETGROUP, then TUNSETPERSIST. Until the last step succeeds, closing the descriptor
     * removes the device, so a failure leaves nothing behind.
     */
    private static void createPersistent(final Tun t, final String op, final String object)
    {
        final int fd;
        try
        {
            fd = Libc.open(CLONE_DEVICE, Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        }
        catch (final KernelException e)
        {
            throw new KernelException(op, object, e.errno(), "cannot open " + CLONE_DEVICE);
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment ifr = arena.allocate(IFREQ_SIZE, 8);
            final byte[] name = t.attrs().name().getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(name, 0, ifr, ValueLayout.JAVA_BYTE, 0, name.length);
            final int flags = (t.tap() ? RtConst.IFF_TAP : RtConst.IFF_TUN) | RtConst.IFF_NO_PI | RtConst.IFF_TUN_EXCL
                | (t.multiQueue() ? RtConst.IFF_MULTI_QUEUE : 0);
            ifr.set(ValueLayout.JAVA_SHORT, IFR_FLAGS, (short) flags);
            ioctl(fd, RtConst.TUNSETIFF, ifr, "TUNSETIFF", op, object);
            if (t.owner() >= 0)
            {
                ioctl(fd, RtConst.TUNSETOWNER, MemorySegment.ofAddress(t.owner()), "TUNSETOWNER", op, object);
            }
            if (t.group() >= 0)
            {
                ioctl(fd, RtConst.TUNSETGROUP, MemorySegment.ofAddress(t.group()), "TUNSETGROUP", op, object);
            }
            ioctl(fd, RtConst.TUNSETPERSIST, MemorySegment.ofAddress(1), "TUNSETPERSIST", op, object);
        }
        finally
        {
            Libc.close(fd);
        }
    }

    private static void ioctl(final int fd, final long request, final MemorySegment arg, final String what,
        final String op, final String object)
    {
        try
        {
            Libc.ioctl(fd, request, arg, what);
        }
        catch (final KernelException e)
        {
            throw new KernelException(op, object, e.errno(), what + " failed");
        }
    }
}
