// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.core.PontoonException;
import io.pontoon.core.store.LeaseKeepAlive;
import io.pontoon.core.store.Txn;
import io.pontoon.core.store.Watch;
import io.pontoon.core.store.WatchEvent;
import io.pontoon.core.store.WatchListener;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.peers.LoopbackEtcd;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link EtcdStore} when etcd goes away: watches resume across a restart with nothing lost or
 * repeated, calls fail with UNAVAILABLE within the timeout instead of hanging, compacted history
 * is a CONFLICT. Each test has its own etcd, because tests stop it.
 */
@Privileged
@Timeout(120)
class EtcdOutageTest
{
    private LoopbackEtcd etcd;
    private String p;

    @BeforeEach
    void startEtcd()
    {
        etcd = LoopbackEtcd.launch("--heartbeat-interval=50", "--election-timeout=300");
        p = "/outage/" + UUID.randomUUID() + "/";
    }

    @AfterEach
    void stopEtcd()
    {
        if (etcd != null)
        {
            etcd.close();
        }
    }

    private EtcdStore open(final Duration timeout)
    {
        return EtcdStore.open(new EtcdOptions(List.of(URI.create(etcd.endpoint())), timeout));
    }

    @Test
    void aWatchResumesAcrossAnEtcdRestartWithoutLosingOrRepeatingEvents() throws Exception
    {
        try (EtcdStore store = open(EtcdOptions.DEFAULT_TIMEOUT))
        {
            final BlockingQueue<WatchEvent> q = new LinkedBlockingQueue<>();
            try (Watch _ = store.watch(p, 0, q::add))
            {
                final List<WatchEvent> seen = new ArrayList<>();
                for (int i = 0; i < 10; i++)
                {
                    store.put(p + "before/" + i, "v" + i);
                }
                store.commit(Txn.builder().put(p + "before/tx1", "a").put(p + "before/tx2", "b").build());
                take(q, seen, 12);

                etcd.stop();
                final PontoonException down = assertThrows(PontoonException.class, () -> store.put(p + "lost", "x"));
                assertEquals(PontoonException.Kind.UNAVAILABLE, down.kind());
                etcd.start();
                // Written by another client while this store's watch is still reconnecting: the
                // watch must pick these up from etcd's history.
                for (int i = 0; i < 5; i++)
                {
                    assertTrue(etcd.etcdctl("put", p + "during/" + i, "w" + i).ok());
                }
                assertTrue(etcd.etcdctl("del", p + "before/0").ok());
                final long t0 = System.nanoTime();
                Await.until("the store answers again after the restart", Duration.ofSeconds(30), () -> answers(store));
                System.out.println("[etcd-timing] store usable again " + (System.nanoTime() - t0) / 1_000_000 + " ms after etcd was healthy");
                for (int i = 0; i < 5; i++)
                {
                    store.put(p + "after/" + i, "a" + i);
                }
                take(q, seen, 11);
                assertNull(q.poll(500, TimeUnit.MILLISECONDS), "no repeats after the last event");

                final List<String> keys = seen.stream().map(e -> e.type() + " " + e.key().substring(p.length())).toList();
                final List<String> expected = new ArrayList<>();
                for (int i = 0; i < 10; i++)
                {
                    expected.add("PUT before/" + i);
                }
                expected.addAll(List.of("PUT before/tx1", "PUT before/tx2"));
                for (int i = 0; i < 5; i++)
                {
                    expected.add("PUT during/" + i);
                }
                expected.add("DELETE before/0");
                for (int i = 0; i < 5; i++)
                {
                    expected.add("PUT after/" + i);
                }
                assertEquals(expected, keys);
                for (int i = 1; i < seen.size(); i++)
                {
                    assertTrue(seen.get(i).revision() >= seen.get(i - 1).revision(), "revision order");
                }
                assertEquals(seen.get(10).revision(), seen.get(11).revision(), "one transaction, one revision");
            }
        }
    }

    @Test
    void callsToAStoppedEtcdFailWithUnavailableWithinTheTimeoutAndWorkAgainAfterItReturns()
    {
        final Duration timeout = Duration.ofSeconds(1);
        try (EtcdStore store = open(timeout))
        {
            store.put(p + "k", "v");
            etcd.stop();
            for (final Runnable call : List.<Runnable>of(() -> store.get(p + "k"), () -> store.list(p), store::revision,
                () -> store.put(p + "k", "w"), () -> store.watch(p, 0, e -> { }), () -> store.grantLease(Duration.ofSeconds(5))))
            {
                final PontoonException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(PontoonException.class, call::run));
                assertEquals(PontoonException.Kind.UNAVAILABLE, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains(etcd.endpoint()), "names the endpoint: " + e.getMessage());
            }
            final PontoonException commit = assertThrows(PontoonException.class, () -> store.put(p + "k", "w"));
            assertTrue(commit.getMessage().contains("may or may not have been applied"), commit.getMessage());
            etcd.start();
            Await.until("the store answers again", Duration.ofSeconds(30), () -> answers(store));
            assertEquals("v", store.get(p + "k").orElseThrow().value());
        }
    }

    @Test
    void openingAStoreOnAnEndpointThatNeverAnswersFailsWithUnavailableNamingIt() throws Exception
    {
        final Duration timeout = Duration.ofSeconds(1);
        etcd.stop();
        // Nobody listens on a stopped etcd's port: connection refused.
        final PontoonException refused = assertTimeoutPreemptively(Duration.ofSeconds(5),
            () -> assertThrows(PontoonException.class, () -> open(timeout)));
        assertEquals(PontoonException.Kind.UNAVAILABLE, refused.kind());
        assertTrue(refused.getMessage().contains(etcd.endpoint()), refused.getMessage());
        // A listener that never accepts: TCP connects (backlog), HTTP/2 never starts.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1")))
        {
            final String endpoint = "http://127.0.0.1:" + silent.getLocalPort();
            final PontoonException hung = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(PontoonException.class,
                () -> EtcdStore.open(new EtcdOptions(List.of(URI.create(endpoint)), timeout))));
            assertEquals(PontoonException.Kind.UNAVAILABLE, hung.kind());
            assertTrue(hung.getMessage().contains(endpoint) && hung.getMessage().contains("1000 ms"), hung.getMessage());
        }
    }

    @Test
    void aKeepAliveThatCannotReachEtcdForAWholeTtlReportsTheLeaseLost() throws Exception
    {
        try (EtcdStore store = open(Duration.ofSeconds(1)))
        {
            final long lease = store.grantLease(Duration.ofSeconds(2));
            final BlockingQueue<PontoonException> lost = new LinkedBlockingQueue<>();
            final LeaseKeepAlive ka = store.keepAlive(lease, lost::add);
            etcd.stop();
            final PontoonException e = lost.poll(15, TimeUnit.SECONDS);
            assertNotNull(e, "the keep-alive gave the lease up");
            assertEquals(PontoonException.Kind.UNAVAILABLE, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("may have expired") && e.getMessage().contains(etcd.endpoint()), e.getMessage());
            assertFalse(ka.active());
            assertNull(lost.poll(500, TimeUnit.MILLISECONDS), "onLost runs once");
        }
    }

    @Test
    void watchingFromCompactedHistoryIsAConflict() throws Exception
    {
        try (EtcdStore store = open(EtcdOptions.DEFAULT_TIMEOUT))
        {
            final long r1 = store.put(p + "a", "1");
            final long r2 = store.put(p + "a", "2");
            final long r3 = store.put(p + "a", "3");
            assertTrue(etcd.etcdctl("compact", Long.toString(r2)).ok());
            final PontoonException e = assertThrows(PontoonException.class, () -> store.watch(p, r1, x -> { }));
            assertEquals(PontoonException.Kind.CONFLICT, e.kind(), e.getMessage());
            final BlockingQueue<WatchEvent> q = new LinkedBlockingQueue<>();
            try (Watch _ = store.watch(p, r2, q::add))
            {
                assertEquals(WatchEvent.put(p + "a", "2", r2), q.poll(10, TimeUnit.SECONDS), "the compaction revision itself is kept");
                assertEquals(WatchEvent.put(p + "a", "3", r3), q.poll(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aQuietWatchThatCannotResumeAfterACompactionEndsWithConflict() throws Exception
    {
        try (EtcdStore store = open(EtcdOptions.DEFAULT_TIMEOUT))
        {
            final BlockingQueue<Object> q = new LinkedBlockingQueue<>();
            final WatchListener listener = new WatchListener()
            {
                @Override
                public void accept(final WatchEvent e)
                {
                    q.add(e);
                }

                @Override
                public void ended(final PontoonException cause)
                {
                    q.add(cause);
                }
            };
            try (Watch _ = store.watch(p + "quiet/", 0, listener))
            {
                long last = 0;
                for (int i = 0; i < 3; i++)
                {
                    last = store.put(p + "elsewhere", Integer.toString(i));
                }
                // The watch saw nothing, so it would resume from before `last`; compact past that.
                assertTrue(etcd.etcdctl("compact", Long.toString(last)).ok());
                etcd.stop();
                etcd.start();
                final Object o = q.poll(30, TimeUnit.SECONDS);
                assertTrue(o instanceof PontoonException, "expected the watch to end, got " + o);
                assertEquals(PontoonException.Kind.CONFLICT, ((PontoonException) o).kind());
                assertNull(q.poll(500, TimeUnit.MILLISECONDS), "ended is called once and nothing follows");
            }
        }
    }

    @Test
    void closeStopsEveryThreadTheClientStarted() throws Exception
    {
        final List<String> before = threadNames();
        final EtcdStore store = open(EtcdOptions.DEFAULT_TIMEOUT);
        try
        {
            final long lease = store.grantLease(Duration.ofSeconds(5));
            store.keepAlive(lease, e -> { });
            store.put(p + "k", "v", lease);
            final BlockingQueue<WatchEvent> q = new LinkedBlockingQueue<>();
            store.watch(p, 0, q::add);
            store.put(p + "k2", "v");
            assertNotNull(q.poll(10, TimeUnit.SECONDS));
        }
        finally
        {
            store.close();
        }
        final PontoonException e = assertThrows(PontoonException.class, () -> store.get(p + "k"));
        assertEquals(PontoonException.Kind.UNAVAILABLE, e.kind());
        Await.until("no jetcd, gRPC, Vert.x or store threads left", Duration.ofSeconds(15), () ->
        {
            final List<String> now = threadNames();
            now.removeAll(before);
            return now.stream().noneMatch(n -> n.startsWith("jetcd") || n.startsWith("grpc") || n.startsWith("vert.x")
                || n.startsWith("pontoon-etcd"));
        });
    }

    private static List<String> threadNames()
    {
        return new ArrayList<>(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList());
    }

    private static boolean answers(final EtcdStore store)
    {
        try
        {
            store.revision();
            return true;
        }
        catch (final PontoonException e)
        {
            return false;
        }
    }

    private static void take(final BlockingQueue<WatchEvent> q, final List<WatchEvent> into, final int n) throws InterruptedException
    {
        for (int i = 0; i < n; i++)
        {
            final WatchEvent e = q.poll(30, TimeUnit.SECONDS);
            assertNotNull(e, "expected event " + (into.size() + 1) + ", have " + into);
            into.add(e);
        }
    }
}
