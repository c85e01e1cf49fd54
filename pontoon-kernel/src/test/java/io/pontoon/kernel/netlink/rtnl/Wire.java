// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.netlink.NlMsg;
import io.pontoon.kernel.netlink.NlReply;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helpers: turn a built request into the reply shape, and check attribute framing byte by byte. */
final class Wire
{
    private Wire()
    {
    }

    /** The single message of {@code m}, as if the kernel had sent it back. */
    static NlReply reply(final NlMsg m)
    {
        final byte[] b = m.toBytes(77);
        final ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
        assertEquals(b.length, buf.getInt(0), "nlmsg_len covers the whole message");
        assertEquals(0, b.length % 4, "messages are 4-byte aligned");
        return new NlReply(Short.toUnsignedInt(buf.getShort(4)), Short.toUnsignedInt(buf.getShort(6)), 77, buf);
    }

    /**
     * Walks the attributes from {@code from} to {@code to}: every length fits, padding bytes are
     * zero, and the run ends exactly at {@code to}. Attributes listed in {@code schema} are
     * walked recursively (after the struct their schema says they start with).
     */
    static void checkFraming(final ByteBuffer b, final int from, final int to, final Schema schema)
    {
        int off = from;
        while (off < to)
        {
            final int len = Short.toUnsignedInt(b.getShort(off));
            final int type = Short.toUnsignedInt(b.getShort(off + 2)) & 0x3fff;
            assertTrue(len >= 4 && off + len <= to, "attribute " + type + " at " + off + " overruns its parent");
            for (int p = off + len; p < off + NlMsg.align(len); p++)
            {
                assertEquals(0, b.get(p), "padding after attribute " + type + " is zero");
            }
            final Schema child = schema.children().get(type);
            if (child != null)
            {
                checkFraming(b, off + 4 + child.structBytes(), off + len, child);
            }
            off += NlMsg.align(len);
        }
        assertEquals(to, off, "attributes end exactly at their parent's end");
    }

    /** Which attributes nest, per level. */
    record Schema(int structBytes, Map<Integer, Schema> children)
    {
        static final Schema LEAF = new Schema(0, Map.of());

        static Schema of(final Map<Integer, Schema> children)
        {
            return new Schema(0, children);
        }
    }
}
