// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one or more netlink messages in host byte order.
 *
 * <pre>
 *  0               4       6       8               12              16
 * +---------------+-------+-------+---------------+---------------+-----------------------+
 * | nlmsg_len u32 | type  | flags | nlmsg_seq u32 | nlmsg_pid u32 | family header, rtattrs |
 * +---------------+-------+-------+---------------+---------------+-----------------------+
 *  rtattr: | rta_len u16 | rta_type u16 | payload | pad to 4 |
 * </pre>
 *
 * Call {@link #begin} for each message (lengths are patched by {@link #end}); nested attributes
 * are opened with {@link #nestStart} and closed with {@link #nestEnd}, which patches their length.
 */
public final class NlMsg
{
    public static final int HDRLEN = 16;
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_APPEND = 0x800;
    public static final int NLM_F_CAPPED = 0x100;
    public static final int NLM_F_ACK_TLVS = 0x200;
    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;

    private ByteBuffer buf = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
    private int msgStart = -1;

    public NlMsg()
    {
        // empty: messages are added with begin()/end()
    }

    /** Starts a message; returns this. The sequence number is set by the socket on send. */
    public NlMsg begin(final int type, final int flags)
    {
        if (msgStart >= 0)
        {
            throw new IllegalStateException("previous message not ended");
        }
        ensure(HDRLEN);
        msgStart = buf.position();
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
        return this;
    }

    /** Ends the current message, patching nlmsg_len. */
    public NlMsg end()
    {
        buf.putInt(msgStart, buf.position() - msgStart);
        msgStart = -1;
        return this;
    }

    public NlMsg u8(final int v)
    {
        ensure(1);
        buf.put((byte) v);
        return this;
    }

    public NlMsg u16(final int v)
    {
        ensure(2);
        buf.putShort((short) v);
        return this;
    }

    public NlMsg u32(final int v)
    {
        ensure(4);
        buf.putInt(v);
        return this;
    }

    public NlMsg bytes(final byte[] b)
    {
        ensure(b.length);
        buf.put(b);
        return this;
    }

    /** Zero bytes, e.g. for a family header's padding. */
    public NlMsg zeros(final int n)
    {
        ensure(n);
        for (int i = 0; i < n; i++)
        {
            buf.put((byte) 0);
        }
        return this;
    }

    public NlMsg attr(final int type, final byte[] payload)
    {
        ensure(4 + payload.length + 3);
        buf.putShort((short) (4 + payload.length)).putShort((short) type).put(payload);
        pad();
        return this;
    }

    public NlMsg attrU8(final int type, final int v)
    {
        return attr(type, new byte[] {(byte) v});
    }

    public NlMsg attrU16(final int type, final int v)
    {
        ensure(8);
        buf.putShort((short) 6).putShort((short) type).putShort((short) v);
        pad();
        return this;
    }

    /** A 16-bit attribute in network byte order (ports). */
    public NlMsg attrU16Be(final int type, final int v)
    {
        return attr(type, new byte[] {(byte) (v >>> 8), (byte) v});
    }

    public NlMsg attrU32(final int type, final int v)
    {
        ensure(8);
        buf.putShort((short) 8).putShort((short) type).putInt(v);
        return this;
    }

    /** A 32-bit attribute in network byte order (nftables uses these throughout). */
    public NlMsg attrU32Be(final int type, final int v)
    {
        return attr(type, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    public NlMsg attrU64Be(final int type, final long v)
    {
        final byte[] b = new byte[8];
        for (int i = 0; i < 8; i++)
        {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return attr(type, b);
    }

    /** A NUL-terminated string attribute. */
    public NlMsg attrStr(final int type, final String s)
    {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(b, b.length + 1));
    }

    public NlMsg attrFlag(final int type)
    {
        return attr(type, new byte[0]);
    }

    /** Opens a nested attribute; returns its offset for {@link #nestEnd}. */
    public int nestStart(final int type)
    {
        ensure(4);
        final int at = buf.position();
        buf.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
        return at;
    }

    /** Opens a nested attribute without the NLA_F_NESTED bit (some old kinds, e.g. veth peer). */
    public int nestStartPlain(final int type)
    {
        ensure(4);
        final int at = buf.position();
        buf.putShort((short) 0).putShort((short) type);
        return at;
    }

    public NlMsg nestEnd(final int at)
    {
        buf.putShort(at, (short) (buf.position() - at));
        return this;
    }

    private void pad()
    {
        while ((buf.position() & 3) != 0)
        {
            buf.put((byte) 0);
        }
    }

    private void ensure(final int n)
    {
        if (buf.remaining() < n + 4)
        {
            final ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n + 64))
                .order(ByteOrder.nativeOrder());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    /** Total bytes written so far. */
    public int length()
    {
        return buf.position();
    }

    /** Assigns consecutive sequence numbers from {@code firstSeq} to the messages; returns the bytes. */
    public byte[] toBytes(final int firstSeq)
    {
        if (msgStart >= 0)
        {
            throw new IllegalStateException("message not ended");
        }
        final byte[] out = Arrays.copyOf(buf.array(), buf.position());
        final ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
        int seq = firstSeq;
        int off = 0;
        while (off < out.length)
        {
            final int len = b.getInt(off);
            b.putInt(off + 8, seq++);
            off += align(len);
        }
        return out;
    }

    /** Number of messages built. */
    public int count()
    {
        final ByteBuffer b = ByteBuffer.wrap(buf.array(), 0, buf.position()).order(ByteOrder.nativeOrder());
        int n = 0;
        int off = 0;
        while (off < buf.position())
        {
            off += align(b.getInt(off));
            n++;
        }
        return n;
    }

    public static int align(final int len)
    {
        return (len + 3) & ~3;
    }
}
