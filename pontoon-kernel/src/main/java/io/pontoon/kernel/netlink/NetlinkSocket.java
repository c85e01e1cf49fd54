// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.ffm.Libc;
import io.pontoon.kernel.netns.NetNs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A netlink socket of one protocol, bound to one network namespace when it was opened. Usable
 * from any thread; one exchange at a time (methods are synchronized). Requests carry
 * NLM_F_ACK; errors become {@link KernelException} with the errno and the kernel's extended-ack
 * text (NETLINK_EXT_ACK is on).
 */
public final class NetlinkSocket implements AutoCloseable
{
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_NETFILTER = 12;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int NETLINK_GET_STRICT_CHK = 12;
    private static final int NLMSGERR_ATTR_MSG = 1;
    private static final int RECV_BUF = 1 << 16;
    /** Restarts of an interrupted dump before giving up with EINTR. */
    static final int DUMP_RETRIES = 10;
    private static final long RECV_TIMEOUT_SECONDS = 30;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int SO_SNDBUFFORCE = 32;
    /** Below this a send never needs a bigger buffer (the default wmem is about 208 KiB). */
    private static final int SMALL_SEND = 128 * 1024;

    private final int protocol;
    private final String where;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment capture = Libc.newCapture(arena);
    private final MemorySegment rx = arena.allocate(RECV_BUF, 8);
    private final AtomicInteger seq = new AtomicInteger((int) (System.nanoTime() & 0x3fffffff));
    private MemorySegment tx = arena.allocate(8192, 8);
    private int sndbuf = SMALL_SEND;
    private final Wire wire = new SocketWire();
    private int fd;

    private NetlinkSocket(final int fd, final int protocol, final String where)
    {
        this.fd = fd;
        this.protocol = protocol;
        this.where = where;
    }

    /** Opens a socket in the calling thread's namespace (the daemon's own). */
    public static NetlinkSocket open(final int protocol)
    {
        return new NetlinkSocket(openFd(protocol), protocol, "self");
    }

    /** Opens a socket bound to {@code ns}; the setns happens on a throwaway platform thread. */
    public static NetlinkSocket open(final int protocol, final NetNs ns)
    {
        final int fd = ns.call(() -> openFd(protocol));
        return new NetlinkSocket(fd, protocol, ns.path().toString());
    }

    private static int openFd(final int protocol)
    {
        final int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol, "netlink");
        try (Arena a = Arena.ofConfined())
        {
            Libc.setsockoptInt(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            Libc.setsockoptInt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1, "NETLINK_GET_STRICT_CHK");
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, 1 << 20, "SO_RCVBUF");
            final MemorySegment tv = a.allocate(16, 8);
            tv.set(ValueLayout.JAVA_LONG, 0, RECV_TIMEOUT_SECONDS);
            tv.set(ValueLayout.JAVA_LONG, 8, 0L);
            Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, tv, "SO_RCVTIMEO");
            final MemorySegment sa = a.allocate(12, 4);
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            Libc.bind(fd, sa, "netlink");
        }
        catch (final RuntimeException e)
        {
            Libc.close(fd);
            throw e;
        }
        return fd;
    }

    public int protocol()
    {
        return protocol;
    }

    /**
     * Sends the request (one message, NLM_F_ACK set by the caller) and waits for its ack.
     * Returns the data messages that came before the ack (e.g. the object a GET returns).
     */
    public synchronized List<NlReply> request(final NlMsg msg, final String op, final String object)
    {
        final int first = nextSeq(msg.count());
        send(msg.toBytes(first), op, object);
        final int last = first + msg.count() - 1;
        return receiveUntilAck(first, last, first, last, op, object);
    }

    /**
     * Sends a dump request (NLM_F_DUMP set by the caller) and collects every message until
     * NLMSG_DONE. Restarts the dump when the kernel flags NLM_F_DUMP_INTR (state changed midway).
     */
    public synchronized List<NlReply> dump(final NlMsg msg, final String op)
    {
        return dumpOver(wire, msg, op, () -> nextSeq(1));
    }

    /**
     * The dump loop over any {@link Wire}: sends the request numbered by {@code seqs}, collects
     * its messages until NLMSG_DONE, and sends it again (with a new number) when any of them
     * carried NLM_F_DUMP_INTR; after {@value #DUMP_RETRIES} retries fails with EINTR.
     */
    static List<NlReply> dumpOver(final Wire wire, final NlMsg msg, final String op, final IntSupplier seqs)
    {
        for (int attempt = 0; ; attempt++)
        {
            final int s = seqs.getAsInt();
            wire.send(msg.toBytes(s), op);
            final List<NlReply> out = new ArrayList<>();
            boolean interrupted = false;
            boolean done = false;
            while (!done)
            {
                for (final NlReply r : wire.receive(op))
                {
                    if (r.seq() != s)
                    {
                        continue;
                    }
                    if ((r.flags() & NlMsg.NLM_F_DUMP_INTR) != 0)
                    {
                        interrupted = true;
                    }
                    if (r.type() == NlMsg.NLMSG_DONE)
                    {
                        done = true;
                    }
                    else if (r.type() == NlMsg.NLMSG_ERROR)
                    {
                        final int err = -r.message().getInt(16);
                        if (err != 0)
                        {
                            throw new KernelException(op, "", err, extack(r));
                        }
                        done = true;
                    }
                    else if (r.type() != NlMsg.NLMSG_NOOP)
                    {
                        out.add(r);
                    }
                }
            }
            if (!interrupted)
            {
                return out;
            }
            if (attempt >= DUMP_RETRIES)
            {
                throw new KernelException(op, "", Errno.EINTR, "dump interrupted " + DUMP_RETRIES + " times");
            }
        }
    }

    /**
     * Sends several messages in one write (e.g. an nfnetlink batch) and waits until the messages
     * at indexes [{@code ackFromIndex}, {@code ackToIndex}] of the batch are acknowledged, or one
     * fails. Messages outside that window must not request acks, but an error reported for any
     * message of the batch (nfnetlink blames the batch-begin message when, say, the subsystem is
     * missing) fails the call.
     */
    public synchronized void batch(final NlMsg msg, final int ackFromIndex, final int ackToIndex, final String op,
        final String object)
    {
        final int count = msg.count();
        final int first = nextSeq(count);
        send(msg.toBytes(first), op, object);
        receiveUntilAck(first, first + count - 1, first + ackFromIndex, first + ackToIndex, op, object);
    }

    private int nextSeq(final int n)
    {
        return seq.getAndAdd(n) & 0x7fffffff;
    }

    /**
     * Collects replies to the messages numbered [{@code firstSeq}, {@code lastSeq}] until every
     * message in [{@code ackFirst}, {@code ackLast}] has been acknowledged or any of them failed.
     */
    private List<NlReply> receiveUntilAck(final int firstSeq, final int lastSeq, final int ackFirst, final int ackLast,
        final String op, final String object)
    {
        final List<NlReply> data = new ArrayList<>();
        int pending = ackLast - ackFirst + 1;
        KernelException failure = null;
        while (pending > 0)
        {
            // after a failure a batch may not ack the rest: take what is queued, never block
            final List<NlReply> got = failure == null ? recvBatch(op, object, 0) : recvBatch(op, object, MSG_DONTWAIT);
            if (got == null)
            {
                break;
            }
            for (final NlReply r : got)
            {
                if (r.seq() < firstSeq || r.seq() > lastSeq)
                {
                    continue;
                }
                if (r.type() == NlMsg.NLMSG_ERROR)
                {
                    if (r.seq() >= ackFirst && r.seq() <= ackLast)
                    {
                        pending--;
                    }
                    final int err = -r.message().getInt(16);
                    if (err != 0 && failure == null)
                    {
                        failure = new KernelException(op, object, err, extack(r));
                    }
                }
                else if (r.type() != NlMsg.NLMSG_NOOP && r.type() != NlMsg.NLMSG_DONE)
                {
                    data.add(r);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
        return data;
    }

    private void send(final byte[] bytes, final String op, final String object)
    {
        if (bytes.length > sndbuf)
        {
            growSendBuffer(bytes.length);
        }
        if (tx.byteSize() < bytes.length)
        {
            tx = arena.allocate(Math.max(bytes.length, tx.byteSize() * 2), 8);
        }
        MemorySegment.copy(bytes, 0, tx, ValueLayout.JAVA_BYTE, 0, bytes.length);
        while (true)
        {
            final long n = Libc.rawSend(capture, fd(), tx, bytes.length);
            if (n >= 0)
            {
                return;
            }
            final int e = Libc.errno(capture);
            if (e != Errno.EINTR)
            {
                throw new KernelException(op + " (send)", object, e, null);
            }
        }
    }

    /**
     * The kernel refuses a message larger than the socket's send buffer (EMSGSIZE); big batches
     * (thousands of set elements) raise it, with SO_SNDBUFFORCE when allowed.
     */
    private void growSendBuffer(final int needed)
    {
        final int want = needed + 4096;
        try
        {
            Libc.setsockoptInt(fd(), Libc.SOL_SOCKET, SO_SNDBUFFORCE, want, "SO_SNDBUFFORCE");
        }
        catch (final KernelException e)
        {
            Libc.setsockoptInt(fd(), Libc.SOL_SOCKET, Libc.SO_SNDBUF, want, "SO_SNDBUF");
        }
        sndbuf = want;
    }

    /** Receives one datagram of messages; with MSG_DONTWAIT returns null when nothing is queued. */
    private List<NlReply> recvBatch(final String op, final String object, final int flags)
    {
        long n;
        while (true)
        {
            n = Libc.rawRecv(capture, fd(), rx, RECV_BUF, flags);
            if (n >= 0)
            {
                break;
            }
            final int e = Libc.errno(capture);
            if (e == Errno.EAGAIN && (flags & MSG_DONTWAIT) != 0)
            {
                return null;
            }
            if (e == Errno.EAGAIN)
            {
                throw new KernelException(op, object, e, "no answer from the kernel within " + RECV_TIMEOUT_SECONDS + " s");
            }
            if (e != Errno.EINTR)
            {
                throw new KernelException(op + " (recv)", object, e, null);
            }
        }
        return parse(rx.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
    }

    /** Splits one received datagram into its messages (a truncated tail is dropped). */
    static List<NlReply> parse(final byte[] copy)
    {
        final ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder());
        final List<NlReply> out = new ArrayList<>();
        int off = 0;
        while (off + NlMsg.HDRLEN <= copy.length)
        {
            final int len = b.getInt(off);
            if (len < NlMsg.HDRLEN || off + len > copy.length)
            {
                break;
            }
            out.add(new NlReply(Short.toUnsignedInt(b.getShort(off + 4)), Short.toUnsignedInt(b.getShort(off + 6)),
                b.getInt(off + 8), b.slice(off, len).order(ByteOrder.nativeOrder())));
            off += NlMsg.align(len);
        }
        return out;
    }

    /** The NLMSGERR_ATTR_MSG text of an NLMSG_ERROR message, or "". */
    static String extack(final NlReply r)
    {
        final ByteBuffer m = r.message();
        final int flags = r.flags();
        if ((flags & NlMsg.NLM_F_ACK_TLVS) == 0)
        {
            return "";
        }
        // nlmsgerr: int error, then the echoed request header (and its payload unless capped)
        final int echoedLen = m.getInt(20);
        final int tlvStart = 20 + ((flags & NlMsg.NLM_F_CAPPED) != 0 ? NlMsg.HDRLEN : NlMsg.align(echoedLen));
        if (tlvStart >= m.limit())
        {
            return "";
        }
        final String s = NlAttrs.parse(m, tlvStart, m.limit()).string(NLMSGERR_ATTR_MSG);
        return s == null ? "" : s;
    }

    private int fd()
    {
        final int f = fd;
        if (f < 0)
        {
            throw new IllegalStateException("netlink socket (" + where + ") is closed");
        }
        return f;
    }

    /** What the dump loop needs of a socket: one send, then datagrams of replies. A seam for unit tests. */
    interface Wire
    {
        void send(byte[] bytes, String op);

        /** The messages of the next datagram (blocking). */
        List<NlReply> receive(String op);
    }

    /** The real socket as a {@link Wire}. */
    private final class SocketWire implements Wire
    {
        @Override
        public void send(final byte[] bytes, final String op)
        {
            NetlinkSocket.this.send(bytes, op, "");
        }

        @Override
        public List<NlReply> receive(final String op)
        {
            return recvBatch(op, "", 0);
        }
    }

    @Override
    public synchronized void close()
    {
        if (fd >= 0)
        {
            Libc.close(fd);
            fd = -1;
            arena.close();
        }
    }
}
