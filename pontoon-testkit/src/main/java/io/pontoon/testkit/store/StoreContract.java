// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.Store;
import io.pontoon.core.store.Txn;
import io.pontoon.core.store.TxnResult;
import io.pontoon.core.store.Watch;
import io.pontoon.core.store.WatchEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link Store} must have. An implementation's test extends this class and
 * supplies {@link #openStore()}: {@code LocalStoreContractTest} here (in this module's tests, since
 * pontoon-core cannot depend on the testkit) and {@code EtcdStoreContractTest} in pontoon-daemon.
 * Tests work under a fresh random prefix and only assume relative revisions, so they also run
 * against a shared etcd that holds other data.
 */
@Timeout(60)
public abstract class StoreContract
{
    protected Store store;
    protected String p;

    /** A fresh, open store (closed by the test after use). */
    protected abstract Store openStore() throws Exception;

    @BeforeEach
    void openTheStore() throws Exception
    {
        store = openStore();
        p = "/contract/" + UUID.randomUUID() + "/";
    }

    @AfterEach
    void closeTheStore()
    {
        if (store != null)
        {
            store.close();
        }
    }

    @Test
    void putThenGetReturnsValueAndRevision()
    {
        final long before = store.revision();
        final long rev = store.put(p + "a", "1");
        assertTrue(rev > before, "a write gets a new revision");
        final KeyValue kv = store.get(p + "a").orElseThrow();
        assertEquals("1", kv.value());
        assertEquals(rev, kv.modRevision());
        assertTrue(store.revision() >= rev);
    }

    @Test
    void missingKeyIsEmpty()
    {
        assertEquals(Optional.empty(), store.get(p + "nothing"));
        assertEquals(List.of(), store.list(p));
    }

    @Test
    void overwriteMovesModRevision()
    {
        final long r1 = store.put(p + "a", "1");
        final long r2 = store.put(p + "a", "2");
        assertTrue(r2 > r1);
        assertEquals(new KeyValue(p + "a", "2", r2), store.get(p + "a").orElseThrow());
    }

    @Test
    void listIsSortedAndBoundedByPrefix()
    {
        store.put(p + "d/c", "3");
        store.put(p + "d/a", "1");
        store.put(p + "d/b", "2");
        store.put(p + "d", "parent");
        store.put(p + "dx", "sibling");
        final List<KeyValue> l = store.list(p + "d/");
        assertEquals(List.of(p + "d/a", p + "d/b", p + "d/c"), l.stream().map(KeyValue::key).toList());
        assertEquals(List.of("1", "2", "3"), l.stream().map(KeyValue::value).toList());
        assertEquals(5, store.list(p).size());
    }

    @Test
    void putIfAbsentOnlyOnce()
    {
        assertTrue(store.putIfAbsent(p + "k", "first"));
        assertFalse(store.putIfAbsent(p + "k", "second"));
        assertEquals("first", store.get(p + "k").orElseThrow().value());
    }

    @Test
    void compareAndPutChecksModRevision()
    {
        final long r = store.put(p + "k", "1");
        assertFalse(store.compareAndPut(p + "k", "x", r - 1));
        assertFalse(store.compareAndPut(p + "k", "x", 0), "0 means absent, and the key exists");
        assertTrue(store.compareAndPut(p + "k", "2", r));
        assertFalse(store.compareAndPut(p + "k", "3", r), "the revision moved on");
        assertEquals("2", store.get(p + "k").orElseThrow().value());
        assertTrue(store.compareAndPut(p + "new", "n", 0));
    }

    @Test
    void failedTxnAppliesNothingAndNamesTheFirstFailedCompare()
    {
        final long ra = store.put(p + "a", "1");
        final long before = store.revision();
        final Txn txn = Txn.builder()
            .ifModRevision(p + "a", ra)
            .ifAbsent(p + "a")
            .ifModRevision(p + "b", 12345)
            .put(p + "a", "changed").put(p + "c", "new").delete(p + "a")
            .build();
        final TxnResult res = store.commit(txn);
        assertFalse(res.succeeded());
        assertEquals(Txn.Compare.absent(p + "a"), res.failed());
        assertEquals(before, store.revision(), "a failed transaction consumes no revision");
        assertEquals("1", store.get(p + "a").orElseThrow().value());
        assertTrue(store.get(p + "c").isEmpty());
    }

    @Test
    void successfulTxnAppliesAllOpsAtOneRevision()
    {
        store.put(p + "gone", "x");
        final TxnResult res = store.commit(Txn.builder()
            .ifAbsent(p + "a").ifAbsent(p + "b")
            .put(p + "a", "1").put(p + "b", "2").delete(p + "gone")
            .build());
        assertTrue(res.succeeded());
        assertNull(res.failed());
        assertEquals(res.revision(), store.get(p + "a").orElseThrow().modRevision());
        assertEquals(res.revision(), store.get(p + "b").orElseThrow().modRevision());
        assertTrue(store.get(p + "gone").isEmpty());
    }

    @Test
    void laterOpsInOneTxnSeeEarlierOnes()
    {
        store.commit(Txn.builder().put(p + "x", "1").delete(p + "x").put(p + "y", "1").put(p + "y", "2").build());
        assertTrue(store.get(p + "x").isEmpty());
        assertEquals("2", store.get(p + "y").orElseThrow().value());
    }

    @Test
    void aPutAfterADeletePrefixInOneTxnSurvivesIt()
    {
        store.put(p + "n/a", "old");
        store.put(p + "n/b", "old");
        store.put(p + "n/c", "old");
        store.put(p + "nx", "keep");
        final TxnResult res = store.commit(Txn.builder().deletePrefix(p + "n/").put(p + "n/b", "new").put(p + "n/d", "new").build());
        assertTrue(res.succeeded());
        assertEquals(List.of(new KeyValue(p + "n/b", "new", res.revision()), new KeyValue(p + "n/d", "new", res.revision()),
            store.get(p + "nx").orElseThrow()), store.list(p));
    }

    @Test
    void txnThatChangesNothingKeepsTheRevision()
    {
        store.put(p + "a", "1");
        final long before = store.revision();
        final TxnResult res = store.commit(Txn.builder().delete(p + "missing").deletePrefix(p + "none/").build());
        assertTrue(res.succeeded());
        assertEquals(before, store.revision());
    }

    @Test
    void deleteAndCompareAndDelete()
    {
        final long r = store.put(p + "a", "1");
        store.put(p + "b", "1");
        store.delete(p + "a");
        store.delete(p + "a");
        assertTrue(store.get(p + "a").isEmpty());
        final long rb = store.get(p + "b").orElseThrow().modRevision();
        assertFalse(store.compareAndDelete(p + "b", r));
        assertTrue(store.compareAndDelete(p + "b", rb));
        assertTrue(store.list(p).isEmpty());
    }

    @Test
    void deletePrefixRemovesExactlyThatPrefixAtOneRevision() throws Exception
    {
        store.put(p + "n/a", "1");
        store.put(p + "n/b/c", "2");
        store.put(p + "nx", "keep");
        final BlockingQueue<WatchEvent> q = new LinkedBlockingQueue<>();
        try (Watch w = store.watch(p, 0, q::add))
        {
            assertEquals(p, w.prefix());
            store.deletePrefix(p + "n/");
            final WatchEvent e1 = next(q);
            final WatchEvent e2 = next(q);
            assertEquals(WatchEvent.Type.DELETE, e1.type());
            assertEquals(WatchEvent.Type.DELETE, e2.type());
            assertEquals(e1.revision(), e2.revision(), "one atomic delete");
        }
        assertEquals(List.of(p + "nx"), store.list(p).stream().map(KeyValue::key).toList());
    }

    @Test
    void watchDeliversChangesInOrderOnlyUnderItsPrefix() throws Exception
    {
        final BlockingQueue<WatchEvent> q = new LinkedBlockingQueue<>();
        try (Watch w = store.watch(p + "w/", 0, q::add))
        {
            assertNotNull(w);
            final long r1 = store.put(p + "w/a", "1");
            store.put(p + "other", "ignored");
            final long r2 = store.commit(Txn.builder().put(p + "w/b", "2").put(p + "w/a", "3").build()).revision();
            store.delete(p + "w/b");
            assertEquals(WatchEvent.put(p + "w/a", "1", r1), next(q));
            assertEquals(WatchEvent.put(p + "w/b", "2", r2), next(q));
            assertEquals(WatchEvent.put(p + "w/a", "3", r2), next(q));
            final WatchEvent d = next(q);
            assertEquals(WatchEvent.Type.DELETE, d.type());
            assertEquals(p + "w/b", d.key());
            assertTrue(d.revision() > r2);
            assertNull(q.poll(100, TimeUnit.MILLISECONDS), "nothing else arrives");
        }
    }

    @Test
    void aWatchFromNowSeesNothingThatWasCommittedBefore() throws Exception
    {
        store.put(p + "a", "before");
        final BlockingQueue<WatchEvent> q = new LinkedBlockingQueue<>();
        try (Watch _ = store.watch(p, 0, q::add))
        {
            final long r = store.put(p + "b", "after");
            assertEquals(WatchEvent.put(p + "b", "after", r), next(q));
            assertNull(q.poll(100, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void watchFromAnEarlierRevisionReplaysHistory() throws Exception
    {
        final long r1 = store.put(p + "a", "1");
        final long r2 = store.put(p + "b", "2");
        final BlockingQueue<WatchEvent> q = new LinkedBlockingQueue<>();
        try (Watch _ = store.watch(p, r1, q::add))
        {
            final long r3 = store.put(p + "c", "3");
            assertEquals(WatchEvent.put(p + "a", "1", r1), next(q));
            assertEquals(WatchEvent.put(p + "b", "2", r2), next(q));
            assertEquals(WatchEvent.put(p + "c", "3", r3), next(q));
        }
    }

    @Test
    void closedWatchGetsNothingMore() throws Exception
    {
        final BlockingQueue<WatchEvent> q = new LinkedBlockingQueue<>();
        final Watch w = store.watch(p, 0, q::add);
        store.put(p + "a", "1");
        assertEquals(p + "a", next(q).key());
        w.close();
        store.put(p + "b", "2");
        final BlockingQueue<WatchEvent> q2 = new LinkedBlockingQueue<>();
        try (Watch _ = store.watch(p + "c", 0, q2::add))
        {
            store.put(p + "c", "3");
            next(q2);
        }
        assertNull(q.poll(), "the closed watch saw nothing after close");
    }

    @Test
    void aFailingListenerKeepsItsWatch() throws Exception
    {
        final BlockingQueue<WatchEvent> q = new LinkedBlockingQueue<>();
        try (Watch _ = store.watch(p, 0, e ->
        {
            q.add(e);
            throw new IllegalStateException("listener bug (expected in this test)");
        }))
        {
            store.put(p + "a", "1");
            store.put(p + "b", "2");
            assertEquals(p + "a", next(q).key());
            assertEquals(p + "b", next(q).key());
        }
    }

    @Test
    void listThenWatchFollowsAPrefixWithoutGaps() throws Exception
    {
        final Thread writer = Thread.ofVirtual().start(() ->
        {
            for (int i = 0; i < 300; i++)
            {
                store.put(p + "k" + (i % 7), Integer.toString(i));
            }
            store.put(p + "done", "yes");
        });
        final long rev = store.revision();
        final java.util.Map<String, KeyValue> view = new java.util.concurrent.ConcurrentHashMap<>();
        for (final KeyValue kv : store.list(p))
        {
            view.put(kv.key(), kv);
        }
        final BlockingQueue<WatchEvent> q = new LinkedBlockingQueue<>();
        try (Watch _ = store.watch(p, rev + 1, q::add))
        {
            writer.join();
            while (!view.containsKey(p + "done"))
            {
                final WatchEvent e = next(q);
                final KeyValue have = view.get(e.key());
                if (have == null || have.modRevision() < e.revision())
                {
                    view.put(e.key(), new KeyValue(e.key(), e.value(), e.revision()));
                }
            }
        }
        assertEquals(store.list(p), view.values().stream().sorted(java.util.Comparator.comparing(KeyValue::key)).toList());
    }

    @Test
    void concurrentCommitsAllLandWithDistinctIncreasingRevisions() throws Exception
    {
        final int threads = 16;
        final int perThread = 200;
        final long[][] revs = new long[threads][perThread];
        final List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int id = t;
            ts.add(Thread.ofVirtual().start(() ->
            {
                for (int i = 0; i < perThread; i++)
                {
                    revs[id][i] = store.put(p + "t" + id + "/" + i, id + ":" + i);
                }
            }));
        }
        for (final Thread t : ts)
        {
            t.join();
        }
        final java.util.Set<Long> all = new java.util.HashSet<>();
        for (int t = 0; t < threads; t++)
        {
            for (int i = 0; i < perThread; i++)
            {
                if (i > 0)
                {
                    assertTrue(revs[t][i] > revs[t][i - 1], "revisions grow for one committer");
                }
                assertTrue(all.add(revs[t][i]), "every commit has its own revision");
                assertEquals(t + ":" + i, store.get(p + "t" + t + "/" + i).orElseThrow().value());
            }
        }
        assertEquals(threads * perThread, store.list(p).size());
    }

    @Test
    void compareAndPutIsAtomicUnderContention() throws Exception
    {
        store.put(p + "counter", "0");
        final List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 8; t++)
        {
            ts.add(Thread.ofVirtual().start(() ->
            {
                for (int i = 0; i < 50; i++)
                {
                    while (true)
                    {
                        final KeyValue kv = store.get(p + "counter").orElseThrow();
                        final String next = Integer.toString(Integer.parseInt(kv.value()) + 1);
                        if (store.compareAndPut(p + "counter", next, kv.modRevision()))
                        {
                            break;
                        }
                    }
                }
            }));
        }
        for (final Thread t : ts)
        {
            t.join();
        }
        assertEquals("400", store.get(p + "counter").orElseThrow().value());
    }

    protected static WatchEvent next(final BlockingQueue<WatchEvent> q) throws InterruptedException
    {
        final WatchEvent e = q.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "expected a watch event within 10 s");
        return e;
    }
}
