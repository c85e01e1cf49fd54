// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import io.pontoon.core.PontoonException;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The compacted state of {@link LocalStore}: every live key at one revision. Written to a temp
 * file, fsync'd, renamed over the old snapshot, then the directory is fsync'd, so a crash leaves
 * either the old or the new snapshot, never a mix.
 * <pre>
 *   "PTNSNAP1" | revision u64 | count u32 | count x (keyLen u32, key, valueLen u32, value,
 *   modRevision u64) | crc32c u32 of everything before it
 * </pre>
 */
final class SnapshotFile
{
    private static final byte[] MAGIC = "PTNSNAP1".getBytes(StandardCharsets.US_ASCII);

    private SnapshotFile()
    {
    }

    /** A decoded snapshot. */
    record Snapshot(long revision, List<KeyValue> entries)
    {
    }

    /** Atomically replaces {@code target} with a snapshot of {@code entries}. */
    static void write(final Path target, final long revision, final Collection<KeyValue> entries) throws IOException
    {
        final Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final CRC32C crc = new CRC32C();
            final OutputStream raw = Channels.newOutputStream(ch);
            final DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
            out.write(MAGIC);
            out.writeLong(revision);
            out.writeInt(entries.size());
            for (final KeyValue kv : entries)
            {
                bytes(out, kv.key());
                bytes(out, kv.value());
                out.writeLong(kv.modRevision());
            }
            out.flush();
            final ByteBuffer tail = ByteBuffer.allocate(4).putInt(0, (int) crc.getValue());
            while (tail.hasRemaining())
            {
                ch.write(tail);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    /** Reads and verifies a snapshot; a damaged one is an INTERNAL error naming the file. */
    static Snapshot read(final Path file) throws IOException
    {
        final byte[] data = Files.readAllBytes(file);
        final int n = data.length - 4;
        if (n < MAGIC.length + 12 || !java.util.Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
        {
            throw corrupt(file, "not a snapshot file");
        }
        final CRC32C crc = new CRC32C();
        crc.update(data, 0, n);
        final ByteBuffer b = ByteBuffer.wrap(data, 0, n);
        if ((int) crc.getValue() != ByteBuffer.wrap(data).getInt(n))
        {
            throw corrupt(file, "checksum mismatch");
        }
        try
        {
            b.position(MAGIC.length);
            final long revision = b.getLong();
            final int count = b.getInt();
            final List<KeyValue> entries = new ArrayList<>(Math.min(count, 1 << 16));
            for (int i = 0; i < count; i++)
            {
                entries.add(new KeyValue(LogCodec.string(b), LogCodec.string(b), b.getLong()));
            }
            return new Snapshot(revision, entries);
        }
        catch (final BufferUnderflowException | IllegalArgumentException e)
        {
            throw corrupt(file, "malformed content");
        }
    }

    /** Makes renames and new files in {@code dir} durable ({@code fsync} on the directory). */
    static void syncDirectory(final Path dir) throws IOException
    {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ))
        {
            ch.force(true);
        }
    }

    private static void bytes(final DataOutputStream out, final String s) throws IOException
    {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static PontoonException corrupt(final Path file, final String why)
    {
        return PontoonException.internal("state snapshot " + file + " is damaged (" + why
            + "); it was written atomically, so the disk itself is suspect", null);
    }
}
