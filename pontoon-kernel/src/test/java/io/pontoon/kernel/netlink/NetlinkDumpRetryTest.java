// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dump loop of {@link NetlinkSocket} against scripted replies: a pass flagged NLM_F_DUMP_INTR
 * is thrown away and the request sent again; endless interruption ends in EINTR naming the operation.
 */
class NetlinkDumpRetryTest
{
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_GETLINK = 18;

    /** One RTM_NEWLINK carrying {@code marker} as its ifindex, plus NLMSG_DONE, numbered {@code seq}. */
    private static byte[] pass(final int seq, final int marker, final boolean interrupted)
    {
        final int intr = interrupted ? NlMsg.NLM_F_DUMP_INTR : 0;
        final NlMsg m = new NlMsg().begin(RTM_NEWLINK, NlMsg.NLM_F_MULTI | intr).u32(0).u32(marker).zeros(8).end()
            .begin(NlMsg.NLMSG_DONE, NlMsg.NLM_F_MULTI | intr).u32(0).end();
        final byte[] b = m.toBytes(seq);
        // toBytes numbers messages consecutively; a dump's messages all share the request's number
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putInt(NlMsg.align(32) + 8, seq);
        return b;
    }

    /** A wire that answers the n-th request (from 0) with {@code script.apply(n)}, each message renumbered. */
    private static final class Scripted implements NetlinkSocket.Wire
    {
        final List<Integer> sentSeqs = new ArrayList<>();
        private final IntFunction<byte[][]> script;
        private final Deque<byte[]> queued = new ArrayDeque<>();

        Scripted(final IntFunction<byte[][]> script)
        {
            this.script = script;
        }

        @Override
        public void send(final byte[] bytes, final String op)
        {
            final int seq = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getInt(8);
            sentSeqs.add(seq);
            for (final byte[] d : script.apply(sentSeqs.size() - 1))
            {
                queued.add(renumber(d, seq));
            }
        }

        @Override
        public List<NlReply> receive(final String op)
        {
            return NetlinkSocket.parse(queued.removeFirst());
        }
    }

    private static byte[] renumber(final byte[] datagram, final int seq)
    {
        final byte[] out = datagram.clone();
        final ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
        for (int off = 0; off < out.length; off += NlMsg.align(b.getInt(off)))
        {
            b.putInt(off + 8, seq);
        }
        return out;
    }

    private static NlMsg request()
    {
        return new NlMsg().begin(RTM_GETLINK, NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_DUMP).zeros(16).end();
    }

    private static int marker(final NlReply r)
    {
        return r.payload().getInt(4);
    }

    @Test
    void anInterruptedPassIsDiscardedAndTheRequestSentAgain()
    {
        final Scripted wire = new Scripted(n -> new byte[][] {n == 0 ? pass(0, 111, true) : pass(0, 222, false)});
        final AtomicInteger seqs = new AtomicInteger(500);
        final List<NlReply> got = NetlinkSocket.dumpOver(wire, request(), "ip link show", seqs::getAndIncrement);
        assertEquals(List.of(500, 501), wire.sentSeqs, "sent twice, each with its own number");
        assertEquals(1, got.size(), got.toString());
        assertEquals(222, marker(got.getFirst()), "the second, clean pass is returned");
        assertEquals(RTM_NEWLINK, got.getFirst().type());
    }

    @Test
    void interruptionFlaggedOnlyOnDoneStillRestarts()
    {
        final Scripted wire = new Scripted(n ->
        {
            final byte[] clean = pass(0, n == 0 ? 111 : 222, false);
            if (n == 0)
            {
                // the data message is clean, the kernel flags the NLMSG_DONE only
                final ByteBuffer b = ByteBuffer.wrap(clean).order(ByteOrder.nativeOrder());
                b.putShort(32 + 6, (short) (NlMsg.NLM_F_MULTI | NlMsg.NLM_F_DUMP_INTR));
            }
            return new byte[][] {clean};
        });
        final AtomicInteger seqs = new AtomicInteger(7);
        final List<NlReply> got = NetlinkSocket.dumpOver(wire, request(), "ip link show", seqs::getAndIncrement);
        assertEquals(2, wire.sentSeqs.size());
        assertEquals(List.of(222), got.stream().map(NetlinkDumpRetryTest::marker).toList());
    }

    @Test
    void repliesOfAnEarlierRequestAreIgnored()
    {
        // a datagram left over from request 41 arrives before the answer to 42
        final Scripted wire = new Scripted(n -> new byte[][] {});
        final AtomicInteger seqs = new AtomicInteger(42);
        wire.queued.add(pass(41, 999, false));
        wire.queued.add(pass(42, 333, false));
        final List<NlReply> got = NetlinkSocket.dumpOver(wire, request(), "ip route show", seqs::getAndIncrement);
        assertEquals(List.of(333), got.stream().map(NetlinkDumpRetryTest::marker).toList());
        assertEquals(List.of(42), wire.sentSeqs);
    }

    @Test
    void endlessInterruptionFailsWithEintrNamingTheOperation()
    {
        final Scripted wire = new Scripted(n -> new byte[][] {pass(0, n, true)});
        final AtomicInteger seqs = new AtomicInteger(1);
        final KernelException e = assertThrows(KernelException.class,
            () -> NetlinkSocket.dumpOver(wire, request(), "ip neigh show", seqs::getAndIncrement));
        assertEquals(Errno.EINTR, e.errno());
        assertEquals("ip neigh show", e.operation());
        assertTrue(e.getMessage().startsWith("ip neigh show: "), e.getMessage());
        assertTrue(e.extack().contains("interrupted"), e.extack());
        assertEquals(NetlinkSocket.DUMP_RETRIES + 1, wire.sentSeqs.size(), "first try plus every retry");
    }

    @Test
    void anErrorInsteadOfDoneFailsWithTheKernelsErrnoAndText()
    {
        final Scripted wire = new Scripted(n -> new byte[][] {
            NetlinkExtackTest.error(-Errno.EINVAL, NlMsg.NLM_F_ACK_TLVS | NlMsg.NLM_F_CAPPED, request().toBytes(0),
                "Invalid header for link dump")});
        final KernelException e = assertThrows(KernelException.class,
            () -> NetlinkSocket.dumpOver(wire, request(), "ip link show", () -> 9));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("Invalid header for link dump", e.extack());
        assertEquals(1, wire.sentSeqs.size());
    }
}
