// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed run of netlink attributes (rtattr / nlattr). Types are masked with 0x3fff, so the
 * NLA_F_NESTED and NLA_F_NET_BYTEORDER bits never get in the way. The last occurrence of a
 * repeated type wins in {@link #get}; {@link #all} keeps every one in order.
 */
public final class NlAttrs
{
    private static final int TYPE_MASK = 0x3fff;

    private final List<Integer> types = new ArrayList<>();
    private final List<ByteBuffer> values = new ArrayList<>();

    private NlAttrs()
    {
    }

    /** Parses attributes in {@code b} from {@code from} (inclusive) to {@code to} (exclusive). */
    public static NlAttrs parse(final ByteBuffer b, final int from, final int to)
    {
        final NlAttrs a = new NlAttrs();
        int off = from;
        while (off + 4 <= to)
        {
            final int len = Short.toUnsignedInt(b.getShort(off));
            final int type = Short.toUnsignedInt(b.getShort(off + 2)) & TYPE_MASK;
            if (len < 4 || off + len > to)
            {
                break;
            }
            a.types.add(type);
            a.values.add(b.slice(off + 4, len - 4).order(ByteOrder.nativeOrder()));
            off += NlMsg.align(len);
        }
        return a;
    }

    /** Parses a whole buffer of attributes (e.g. a nested attribute's payload). */
    public static NlAttrs parse(final ByteBuffer payload)
    {
        return parse(payload, 0, payload.limit());
    }

    public ByteBuffer get(final int type)
    {
        for (int i = types.size() - 1; i >= 0; i--)
        {
            if (types.get(i) == type)
            {
                return values.get(i).duplicate().order(ByteOrder.nativeOrder());
            }
        }
        return null;
    }

    public boolean has(final int type)
    {
        return get(type) != null;
    }

    /** Every attribute of this type, in order. */
    public List<ByteBuffer> all(final int type)
    {
        final List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < types.size(); i++)
        {
            if (types.get(i) == type)
            {
                out.add(values.get(i).duplicate().order(ByteOrder.nativeOrder()));
            }
        }
        return out;
    }

    public int size()
    {
        return types.size();
    }

    public int typeAt(final int i)
    {
        return types.get(i);
    }

    public ByteBuffer valueAt(final int i)
    {
        return values.get(i).duplicate().order(ByteOrder.nativeOrder());
    }

    public NlAttrs nested(final int type)
    {
        final ByteBuffer v = get(type);
        return v == null ? null : parse(v);
    }

    /** A NUL-terminated string, or null when absent. */
    public String string(final int type)
    {
        final ByteBuffer v = get(type);
        if (v == null)
        {
            return null;
        }
        int end = v.limit();
        while (end > 0 && v.get(end - 1) == 0)
        {
            end--;
        }
        final byte[] b = new byte[end];
        v.get(0, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public byte[] bytes(final int type)
    {
        final ByteBuffer v = get(type);
        if (v == null)
        {
            return null;
        }
        final byte[] b = new byte[v.limit()];
        v.get(0, b);
        return b;
    }

    /** Host-order u32, or {@code dflt} when absent. */
    public int u32(final int type, final int dflt)
    {
        final ByteBuffer v = get(type);
        return v == null || v.limit() < 4 ? dflt : v.getInt(0);
    }

    /** Network-order u32, or {@code dflt} when absent. */
    public int u32Be(final int type, final int dflt)
    {
        final ByteBuffer v = get(type);
        return v == null || v.limit() < 4 ? dflt : v.order(ByteOrder.BIG_ENDIAN).getInt(0);
    }

    public int u16(final int type, final int dflt)
    {
        final ByteBuffer v = get(type);
        return v == null || v.limit() < 2 ? dflt : Short.toUnsignedInt(v.getShort(0));
    }

    public int u16Be(final int type, final int dflt)
    {
        final ByteBuffer v = get(type);
        return v == null || v.limit() < 2 ? dflt : Short.toUnsignedInt(v.order(ByteOrder.BIG_ENDIAN).getShort(0));
    }

    public int u8(final int type, final int dflt)
    {
        final ByteBuffer v = get(type);
        return v == null || v.limit() < 1 ? dflt : Byte.toUnsignedInt(v.get(0));
    }
}
