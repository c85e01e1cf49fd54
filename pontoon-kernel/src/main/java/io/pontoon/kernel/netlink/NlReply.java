// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One received netlink message: header fields plus the message bytes (header included, in a
 * heap buffer of host byte order, positioned at 0).
 */
public record NlReply(int type, int flags, int seq, ByteBuffer message)
{
    /** The bytes after the 16-byte nlmsghdr: the family header followed by attributes. */
    public ByteBuffer payload()
    {
        return message.slice(NlMsg.HDRLEN, message.limit() - NlMsg.HDRLEN).order(ByteOrder.nativeOrder());
    }

    /** Attributes that follow a family header of {@code familyHeaderLen} bytes. */
    public NlAttrs attrs(final int familyHeaderLen)
    {
        final ByteBuffer p = payload();
        return NlAttrs.parse(p, NlMsg.align(familyHeaderLen), p.limit());
    }
}
