// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash can leave the log cut at any byte or end in garbage. Every such log must open without an
 * error, with each transaction either fully there or fully absent.
 */
@Timeout(120)
class LocalStoreCrashTest
{
    @TempDir
    Path dir;

    /** Writes 5 transactions; the last has 3 ops. Returns {log bytes before the last, after}. */
    private long[] writeLog(final Path d)
    {
        try (LocalStore s = LocalStore.open(d))
        {
            for (int i = 0; i < 4; i++)
            {
                s.put("/k/" + i, "value " + i);
            }
            final long before = s.logBytes();
            s.commit(Txn.builder().put("/last/a", "A").put("/last/b", "B").delete("/k/0").build());
            return new long[] {before, s.logBytes()};
        }
    }

    private static void assertFirstFour(final LocalStore s, final boolean lastThere)
    {
        for (int i = 1; i < 4; i++)
        {
            assertEquals("value " + i, s.get("/k/" + i).orElseThrow().value());
        }
        assertEquals(lastThere ? List.of("A", "B") : List.of(), s.list("/last/").stream().map(KeyValue::value).toList());
        assertEquals(!lastThere, s.get("/k/0").isPresent());
        assertEquals(lastThere ? 5 : 4, s.revision());
    }

    @Test
    void logCutAtEveryByteOfTheLastRecordOpensCleanly() throws IOException
    {
        final Path src = dir.resolve("src");
        final long[] span = writeLog(src);
        final byte[] log = Files.readAllBytes(src.resolve(LocalStore.WAL_FILE));
        assertEquals(span[1], log.length);
        for (long cut = span[0]; cut <= span[1]; cut++)
        {
            final Path d = dir.resolve("cut" + cut);
            Files.createDirectories(d);
            Files.write(d.resolve(LocalStore.WAL_FILE), Arrays.copyOf(log, (int) cut));
            final boolean complete = cut == span[1];
            try (LocalStore s = LocalStore.open(d))
            {
                assertFirstFour(s, complete);
                assertEquals(complete ? span[1] : span[0], Files.size(d.resolve(LocalStore.WAL_FILE)), "torn tail truncated");
                s.put("/after", "crash");
            }
            try (LocalStore s = LocalStore.open(d))
            {
                assertEquals("crash", s.get("/after").orElseThrow().value(), "writes after recovery persist, cut " + cut);
            }
        }
    }

    @Test
    void badChecksumInTheLastRecordDropsIt() throws IOException
    {
        final long[] span = writeLog(dir);
        final Path wal = dir.resolve(LocalStore.WAL_FILE);
        for (final long at : new long[] {span[0] + 4, span[0] + 9, span[1] - 1})
        {
            final byte[] log = Files.readAllBytes(wal);
            final byte[] bad = log.clone();
            bad[(int) at] ^= 0x40;
            Files.write(wal, bad);
            try (LocalStore s = LocalStore.open(dir))
            {
                assertFirstFour(s, false);
            }
            Files.write(wal, log);
        }
    }

    @Test
    void zeroFilledOrGarbageTailIsIgnored() throws IOException
    {
        final long[] span = writeLog(dir);
        final Path wal = dir.resolve(LocalStore.WAL_FILE);
        final byte[] log = Files.readAllBytes(wal);
        final byte[] zeros = Arrays.copyOf(log, log.length + 4096);
        Files.write(wal, zeros);
        try (LocalStore s = LocalStore.open(dir))
        {
            assertFirstFour(s, true);
        }
        final byte[] junk = Arrays.copyOf(log, log.length + 100);
        Arrays.fill(junk, log.length, junk.length, (byte) 0x7f);
        Files.write(wal, junk);
        try (LocalStore s = LocalStore.open(dir))
        {
            assertFirstFour(s, true);
            assertEquals(span[1], Files.size(wal));
        }
    }
}
