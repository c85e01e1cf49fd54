// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.core.PontoonException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** LocalStore specifics: persistence across reopen, the directory lock, compaction, history. */
@Timeout(60)
class LocalStoreTest
{
    @TempDir
    Path dir;

    @Test
    void reopenRestoresKeysAndRevision()
    {
        final List<KeyValue> before;
        final long rev;
        try (LocalStore s = LocalStore.open(dir))
        {
            s.put("/a", "1");
            s.put("/b", "2");
            s.commit(Txn.builder().put("/c", "3").delete("/a").build());
            s.put("/b", "22");
            before = s.list("");
            rev = s.revision();
        }
        try (LocalStore s = LocalStore.open(dir))
        {
            assertEquals(before, s.list(""));
            assertEquals(rev, s.revision());
            assertEquals(rev + 1, s.put("/d", "4"), "revisions continue after a restart");
        }
    }

    @Test
    void aPutWithALeaseIsRefusedAndChangesNothing()
    {
        try (LocalStore s = LocalStore.open(dir))
        {
            final Store plain = s;
            assertFalse(plain instanceof LeasingStore, "the local store has no leases");
            final long rev = s.put("/a", "1");
            final PontoonException e = assertThrows(PontoonException.class,
                () -> s.commit(Txn.builder().put("/b", "2").put("/a", "x", 7).build()));
            assertEquals(PontoonException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("lease 7"), e.getMessage());
            assertEquals(rev, s.revision());
            assertEquals(List.of(new KeyValue("/a", "1", rev)), s.list(""));
            assertEquals(0, new Txn.Put("/k", "v").lease(), "a plain put has no lease");
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused()
    {
        try (LocalStore s = LocalStore.open(dir))
        {
            s.put("/a", "1");
            final PontoonException e = assertThrows(PontoonException.class, () -> LocalStore.open(dir));
            assertEquals(PontoonException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("is in use by another Pontoon daemon"), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        }
        try (LocalStore s = LocalStore.open(dir))
        {
            assertEquals("1", s.get("/a").orElseThrow().value(), "the lock is released on close");
        }
    }

    @Test
    void closedStoreFailsWithUnavailable()
    {
        final LocalStore s = LocalStore.open(dir);
        s.close();
        s.close();
        final PontoonException e = assertThrows(PontoonException.class, () -> s.put("/a", "1"));
        assertEquals(PontoonException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(PontoonException.class, () -> s.get("/a"));
    }

    @Test
    void compactionKeepsDataAndBoundsTheLog()
    {
        final LocalStore.Options small = new LocalStore.Options(4096, 1000);
        long maxLog = 0;
        try (LocalStore s = LocalStore.open(dir, small))
        {
            for (int i = 0; i < 800; i++)
            {
                s.put("/k/" + (i % 10), "value-" + i);
                maxLog = Math.max(maxLog, s.logBytes());
            }
            s.delete("/k/3");
            assertTrue(maxLog < 8192, "the log stays near the threshold, was " + maxLog);
            assertEquals(9, s.list("/k/").size());
            assertEquals("value-799", s.get("/k/9").orElseThrow().value());
            assertEquals(801, s.revision());
        }
        assertTrue(Files.exists(dir.resolve(LocalStore.SNAPSHOT_FILE)), "a snapshot was written");
        try (LocalStore s = LocalStore.open(dir, small))
        {
            assertEquals(9, s.list("/k/").size());
            assertEquals("value-799", s.get("/k/9").orElseThrow().value());
            assertEquals(800, s.get("/k/9").orElseThrow().modRevision());
            assertEquals(801, s.revision());
        }
    }

    @Test
    void crashBetweenSnapshotAndLogCutLosesNothing() throws Exception
    {
        try (LocalStore s = LocalStore.open(dir, new LocalStore.Options(1 << 20, 100)))
        {
            for (int i = 0; i < 20; i++)
            {
                s.put("/k/" + i, "v" + i);
            }
            for (int i = 0; i < 100; i++)
            {
                s.put("/churn", "c" + i);
            }
        }
        final byte[] oldLog = Files.readAllBytes(dir.resolve(LocalStore.WAL_FILE));
        try (LocalStore s = LocalStore.open(dir, new LocalStore.Options(64, 100)))
        {
            s.put("/k/20", "v20");
        }
        assertTrue(Files.exists(dir.resolve(LocalStore.SNAPSHOT_FILE)), "compaction ran (it finishes before close returns)");
        // As if the process died after the snapshot rename but before the log was truncated.
        Files.write(dir.resolve(LocalStore.WAL_FILE), oldLog);
        try (LocalStore s = LocalStore.open(dir))
        {
            assertEquals(21, s.list("/k/").size());
            assertEquals("c99", s.get("/churn").orElseThrow().value());
            assertEquals(121, s.revision());
            assertEquals(122, s.put("/k/21", "v21"));
        }
        try (LocalStore s = LocalStore.open(dir))
        {
            assertEquals(22, s.list("/k/").size());
        }
    }

    @Test
    void watchFromBeforeTheKeptHistoryIsAConflict()
    {
        try (LocalStore s = LocalStore.open(dir, new LocalStore.Options(1 << 20, 10)))
        {
            for (int i = 0; i < 50; i++)
            {
                s.put("/k/" + i, "v");
            }
            final PontoonException e = assertThrows(PontoonException.class, () -> s.watch("/k/", 1, ev -> { }));
            assertEquals(PontoonException.Kind.CONFLICT, e.kind());
            assertTrue(e.getMessage().contains("no longer kept"), e.getMessage());
            s.watch("/k/", 45, ev -> { }).close();
        }
    }

    @Test
    void historySurvivesReopenUntilCompaction() throws Exception
    {
        try (LocalStore s = LocalStore.open(dir))
        {
            s.put("/k/a", "1");
            s.put("/k/b", "2");
        }
        try (LocalStore s = LocalStore.open(dir))
        {
            final java.util.concurrent.BlockingQueue<WatchEvent> q = new java.util.concurrent.LinkedBlockingQueue<>();
            try (Watch _ = s.watch("/k/", 1, q::add))
            {
                assertEquals(WatchEvent.put("/k/a", "1", 1), q.poll(10, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(WatchEvent.put("/k/b", "2", 2), q.poll(10, java.util.concurrent.TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void oversizedTransactionIsRejectedWithoutSideEffects()
    {
        try (LocalStore s = LocalStore.open(dir))
        {
            s.put("/a", "1");
            final String big = "x".repeat(LogCodec.MAX_RECORD);
            final PontoonException e = assertThrows(PontoonException.class,
                () -> s.commit(Txn.builder().delete("/a").put("/b", big).build()));
            assertEquals(PontoonException.Kind.INVALID, e.kind());
            assertEquals("1", s.get("/a").orElseThrow().value());
            assertTrue(s.get("/b").isEmpty());
            assertEquals(1, s.revision());
        }
    }
}
