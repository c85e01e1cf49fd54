// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Store keys as etcd sees them: the key's UTF-8 bytes, unchanged (so {@code etcdctl get --prefix
 * /pontoon/v1/} shows the same layout as the local store), ordered byte by byte, and half-open
 * ranges {@code [from, to)} where {@code to = {0}} means "to the end of the key space".
 */
final class EtcdKeys
{
    /** As a range end: no upper bound. As a range start with that end: every key. */
    static final byte[] END = {0};

    private EtcdKeys()
    {
    }

    static byte[] utf8(final String key)
    {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static ByteSequence seq(final byte[] bytes)
    {
        return ByteSequence.from(bytes);
    }

    static ByteSequence seq(final String key)
    {
        return ByteSequence.from(utf8(key));
    }

    static String string(final ByteSequence bytes)
    {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The first key of the range of {@code prefix}: the prefix, or {0} for "" (every key). */
    static byte[] rangeStart(final String prefix)
    {
        return prefix.isEmpty() ? END : utf8(prefix);
    }

    /**
     * The exclusive end of the keys starting with {@code prefix}, as etcd's clientv3 computes it:
     * the prefix with its last byte below 0xff incremented and the rest cut off; {0} when there is
     * no such byte (all 0xff, or "").
     */
    static byte[] prefixEnd(final String prefix)
    {
        final byte[] p = utf8(prefix);
        for (int i = p.length - 1; i >= 0; i--)
        {
            if (p[i] != (byte) 0xff)
            {
                final byte[] end = Arrays.copyOf(p, i + 1);
                end[i]++;
                return end;
            }
        }
        return END;
    }

    /** The smallest key after {@code key}: {@code key + "\0"}. */
    static byte[] successor(final byte[] key)
    {
        return Arrays.copyOf(key, key.length + 1);
    }

    /** Unsigned byte order, as etcd sorts keys. */
    static int compare(final byte[] a, final byte[] b)
    {
        return Arrays.compareUnsigned(a, b);
    }

    /** Whether {@code key} is in {@code [from, to)}, with {@link #END} as an open end. */
    static boolean inRange(final byte[] key, final byte[] from, final byte[] to)
    {
        return compare(key, from) >= 0 && (isEnd(to) || compare(key, to) < 0);
    }

    static boolean isEnd(final byte[] to)
    {
        return Arrays.equals(to, END);
    }
}
