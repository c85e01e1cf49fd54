// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink;

import io.pontoon.kernel.ffm.Errno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link NetlinkSocket#extack} on hand-built NLMSG_ERROR messages laid out as the kernel's
 * netlink_ack writes them: | nlmsghdr | int error | echoed request (header only when
 * NLM_F_CAPPED) | TLVs when NLM_F_ACK_TLVS |.
 */
class NetlinkExtackTest
{
    private static final int NLMSGERR_ATTR_MSG = 1;
    private static final int NLMSGERR_ATTR_OFFS = 2;

    /**
     * An NLMSG_ERROR answering {@code request}; {@code text} null = no NLMSGERR_ATTR_MSG. With
     * ACK_TLVS an NLMSGERR_ATTR_OFFS comes first, as the kernel puts it when it blames an attribute.
     */
    static byte[] error(final int negErrno, final int flags, final byte[] request, final String text)
    {
        final boolean capped = (flags & NlMsg.NLM_F_CAPPED) != 0;
        final byte[] echo = capped ? Arrays.copyOf(request, NlMsg.HDRLEN) : request;
        final ByteBuffer tlv = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        if ((flags & NlMsg.NLM_F_ACK_TLVS) != 0)
        {
            tlv.putShort((short) 8).putShort((short) NLMSGERR_ATTR_OFFS).putInt(20);
            if (text != null)
            {
                final byte[] t = (text + "\0").getBytes(StandardCharsets.UTF_8);
                tlv.putShort((short) (4 + t.length)).putShort((short) NLMSGERR_ATTR_MSG).put(t);
                tlv.position(NlMsg.align(tlv.position()));
            }
        }
        final int len = NlMsg.HDRLEN + 4 + NlMsg.align(echo.length) + tlv.position();
        final ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        b.putInt(len).putShort((short) NlMsg.NLMSG_ERROR).putShort((short) flags).putInt(0).putInt(0);
        b.putInt(negErrno).put(echo);
        b.position(NlMsg.HDRLEN + 4 + NlMsg.align(echo.length));
        b.put(tlv.array(), 0, tlv.position());
        return b.array();
    }

    /** A request whose nlmsg_len is not a multiple of 4 (33 bytes), to test the padding. */
    private static byte[] oddRequest()
    {
        final byte[] r = new NlMsg().begin(16, NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK).zeros(16).attr(3, new byte[] {'x'})
            .end().toBytes(5);
        final byte[] odd = Arrays.copyOf(r, 33);
        ByteBuffer.wrap(odd).order(ByteOrder.nativeOrder()).putInt(0, 33);
        return odd;
    }

    private static byte[] request()
    {
        return new NlMsg().begin(16, NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK).zeros(16).attrStr(3, "ptvx0")
            .attrU32(4, 70000).end().toBytes(5);
    }

    private static String extack(final byte[] msg)
    {
        final List<NlReply> r = NetlinkSocket.parse(msg);
        assertEquals(1, r.size());
        assertEquals(NlMsg.NLMSG_ERROR, r.getFirst().type());
        return NetlinkSocket.extack(r.getFirst());
    }

    @Test
    void cappedAckWithTlvsYieldsTheText()
    {
        assertEquals("MTU greater than device maximum",
            extack(error(-Errno.EINVAL, NlMsg.NLM_F_CAPPED | NlMsg.NLM_F_ACK_TLVS, request(),
                "MTU greater than device maximum")));
    }

    @Test
    void uncappedAckSkipsTheWholeEchoedRequest()
    {
        assertEquals("Unknown device type",
            extack(error(-Errno.EOPNOTSUPP, NlMsg.NLM_F_ACK_TLVS, request(), "Unknown device type")));
    }

    @Test
    void uncappedEchoOfOddLengthIsPaddedBeforeTheTlvs()
    {
        assertEquals("Attribute failed policy validation",
            extack(error(-Errno.EINVAL, NlMsg.NLM_F_ACK_TLVS, oddRequest(), "Attribute failed policy validation")));
    }

    @Test
    void withoutAckTlvsThereIsNoText()
    {
        assertEquals("", extack(error(-Errno.EINVAL, 0, request(), null)));
        assertEquals("", extack(error(-Errno.EINVAL, NlMsg.NLM_F_CAPPED, request(), null)));
    }

    @Test
    void tlvsWithoutAMessageYieldNoText()
    {
        assertEquals("", extack(error(-Errno.EINVAL, NlMsg.NLM_F_CAPPED | NlMsg.NLM_F_ACK_TLVS, request(), null)));
        assertEquals("", extack(error(-Errno.EINVAL, NlMsg.NLM_F_ACK_TLVS, request(), null)));
    }

    @Test
    void aPlainAckHasNoText()
    {
        assertEquals("", extack(error(0, NlMsg.NLM_F_CAPPED, request(), null)));
    }
}
