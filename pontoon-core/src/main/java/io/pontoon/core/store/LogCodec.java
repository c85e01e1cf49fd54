// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encoding of the write-ahead log of {@link LocalStore}. One record per committed transaction:
 * <pre>
 *   0        4        8                 16       20
 *   +--------+--------+-----------------+--------+-----------------------------+
 *   | length | crc32c | revision (u64)  | count  | count x change              |
 *   +--------+--------+-----------------+--------+-----------------------------+
 *   length = bytes after the 8-byte header; crc32c covers the length field and the body.
 *   change = u8 kind (1 put, 2 delete) | u32 keyLen | key (UTF-8) | [u32 valueLen | value]
 * </pre>
 * All integers are big-endian. Records hold the resolved effect of a transaction (a delete of a
 * prefix is logged as the keys it removed), so replay needs no logic beyond put and remove.
 */
final class LogCodec
{
    static final int HEADER = 8;
    static final int MAX_RECORD = 64 << 20;
    private static final byte PUT = 1;
    private static final byte DELETE = 2;

    private LogCodec()
    {
    }

    /** One resolved write: a put when {@code value} is non-null, else a delete. */
    record Change(String key, String value)
    {
    }

    /** One decoded transaction record. */
    record Entry(long revision, List<Change> changes)
    {
    }

    /**
     * The usable prefix of a log: its entries, the byte length they cover, and why reading stopped
     * early (null when the log ended cleanly).
     */
    record Replay(List<Entry> entries, long validLength, String problem)
    {
    }

    static byte[] encode(final long revision, final List<Change> changes)
    {
        final List<byte[]> parts = new ArrayList<>(changes.size() * 2);
        int body = 12;
        for (final Change c : changes)
        {
            final byte[] k = c.key().getBytes(StandardCharsets.UTF_8);
            parts.add(k);
            body += 5 + k.length;
            if (c.value() != null)
            {
                final byte[] v = c.value().getBytes(StandardCharsets.UTF_8);
                parts.add(v);
                body += 4 + v.length;
            }
        }
        if (body > MAX_RECORD)
        {
            throw new IllegalArgumentException("transaction too large for the log (" + body + " bytes)");
        }
        final ByteBuffer b = ByteBuffer.allocate(HEADER + body);
        b.putInt(body).putInt(0).putLong(revision).putInt(changes.size());
        int p = 0;
        for (final Change c : changes)
        {
            final byte[] k = parts.get(p++);
            b.put(c.value() != null ? PUT : DELETE).putInt(k.length).put(k);
            if (c.value() != null)
            {
                final byte[] v = parts.get(p++);
                b.putInt(v.length).put(v);
            }
        }
        b.putInt(4, crc(b, 0, body));
        return b.array();
    }

    /**
     * Reads records from {@code log}. Records at or below {@code afterRevision} (already in the
     * snapshot) are skipped; after that revisions must follow one by one. Reading stops at the
     * first torn, corrupt or out-of-sequence record.
     */
    static Replay read(final ByteBuffer log, final long afterRevision)
    {
        final List<Entry> entries = new ArrayList<>();
        long last = afterRevision;
        boolean accepted = false;
        while (log.hasRemaining())
        {
            final int start = log.position();
            final String problem = check(log, start);
            if (problem != null)
            {
                return new Replay(entries, start, problem);
            }
            final int length = log.getInt(start);
            final Entry e;
            try
            {
                e = decodeBody(log.slice(start + HEADER, length));
            }
            catch (final BufferUnderflowException | IllegalArgumentException ex)
            {
                return new Replay(entries, start, "malformed record at offset " + start);
            }
            if (accepted || e.revision() > afterRevision)
            {
                if (e.revision() != last + 1)
                {
                    return new Replay(entries, start, "revision " + e.revision() + " at offset " + start + " does not follow " + last);
                }
                accepted = true;
                last = e.revision();
                entries.add(e);
            }
            log.position(start + HEADER + length);
        }
        return new Replay(entries, log.position(), null);
    }

    private static String check(final ByteBuffer log, final int start)
    {
        final int remaining = log.limit() - start;
        if (remaining < HEADER)
        {
            return "torn record header at offset " + start;
        }
        final int length = log.getInt(start);
        if (length == 0 && isZero(log, start))
        {
            return "zero-filled tail at offset " + start;
        }
        if (length < 12 || length > MAX_RECORD || length > remaining - HEADER)
        {
            return "torn or corrupt record at offset " + start + " (length " + length + ")";
        }
        if (crc(log, start, length) != log.getInt(start + 4))
        {
            return "checksum mismatch at offset " + start;
        }
        return null;
    }

    private static boolean isZero(final ByteBuffer log, final int start)
    {
        for (int i = start; i < log.limit(); i++)
        {
            if (log.get(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static Entry decodeBody(final ByteBuffer b)
    {
        final long revision = b.getLong();
        final int count = b.getInt();
        if (count < 0 || count > b.remaining() / 5)
        {
            throw new IllegalArgumentException("bad change count");
        }
        final List<Change> changes = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final byte kind = b.get();
            final String key = string(b);
            if (kind == PUT)
            {
                changes.add(new Change(key, string(b)));
            }
            else if (kind == DELETE)
            {
                changes.add(new Change(key, null));
            }
            else
            {
                throw new IllegalArgumentException("bad change kind " + kind);
            }
        }
        if (b.hasRemaining())
        {
            throw new IllegalArgumentException("trailing bytes");
        }
        return new Entry(revision, changes);
    }

    static String string(final ByteBuffer b)
    {
        final int n = b.getInt();
        if (n < 0 || n > b.remaining())
        {
            throw new IllegalArgumentException("bad string length");
        }
        final byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** CRC32C of the record at {@code start}: its length field and its body. */
    private static int crc(final ByteBuffer buf, final int start, final int length)
    {
        final CRC32C c = new CRC32C();
        c.update(buf.slice(start, 4));
        c.update(buf.slice(start + HEADER, length));
        return (int) c.getValue();
    }
}
