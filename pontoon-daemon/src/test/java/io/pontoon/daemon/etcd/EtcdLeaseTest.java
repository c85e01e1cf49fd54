// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.core.PontoonException;
import io.pontoon.core.store.LeaseKeepAlive;
import io.pontoon.core.store.Txn;
import io.pontoon.core.store.Watch;
import io.pontoon.core.store.WatchEvent;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.peers.LoopbackEtcd;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Leases of {@link EtcdStore} on a real etcd 3.4: keys that live exactly as long as their lease. */
@Privileged
@Timeout(60)
class EtcdLeaseTest
{
    private static final Duration TTL = Duration.ofSeconds(2);
    private static LoopbackEtcd etcd;
    private EtcdStore store;
    private String p;

    @BeforeAll
    static void startEtcd()
    {
        etcd = LoopbackEtcd.launch();
    }

    @AfterAll
    static void stopEtcd()
    {
        if (etcd != null)
        {
            etcd.close();
        }
    }

    @BeforeEach
    void open()
    {
        store = open(etcd);
        p = "/lease/" + UUID.randomUUID() + "/";
    }

    @AfterEach
    void close()
    {
        if (store != null)
        {
            store.close();
        }
    }

    static EtcdStore open(final LoopbackEtcd etcd)
    {
        return EtcdStore.open(new EtcdOptions(List.of(URI.create(etcd.endpoint())), EtcdOptions.DEFAULT_TIMEOUT));
    }

    @Test
    void aKeyStaysWhileItsLeaseIsKeptAliveAndGoesAfterTheKeepAliveStops() throws Exception
    {
        final long lease = store.grantLease(TTL);
        assertTrue(lease > 0);
        final BlockingQueue<PontoonException> lost = new LinkedBlockingQueue<>();
        final BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        try (Watch _ = store.watch(p, 0, events::add))
        {
            final long rev = store.put(p + "host", "alive", lease);
            assertEquals(WatchEvent.put(p + "host", "alive", rev), events.poll(10, TimeUnit.SECONDS));
            final LeaseKeepAlive ka = store.keepAlive(lease, lost::add);
            assertEquals(lease, ka.lease());
            // Three TTLs: without renewals the key would be gone long before the end.
            final long end = System.nanoTime() + TTL.multipliedBy(3).toNanos();
            while (System.nanoTime() < end)
            {
                assertEquals("alive", store.get(p + "host").orElseThrow().value(), "the key lives while the lease is renewed");
                assertTrue(store.leaseTimeToLive(lease).isPresent());
                Thread.sleep(100);
            }
            assertTrue(ka.active());
            ka.close();
            assertFalse(ka.active());
            final WatchEvent gone = events.poll(15, TimeUnit.SECONDS);
            assertNotNull(gone, "the lease expired after the keep-alive stopped");
            assertEquals(WatchEvent.Type.DELETE, gone.type());
            assertEquals(p + "host", gone.key());
            assertTrue(store.get(p + "host").isEmpty());
            assertTrue(store.leaseTimeToLive(lease).isEmpty());
        }
        assertTrue(lost.isEmpty(), "closing a keep-alive is not a loss: " + lost);
    }

    @Test
    void aKeepAliveReportsLossWhenAnotherClientRevokesTheLease() throws Exception
    {
        final long lease = store.grantLease(TTL);
        store.commit(Txn.builder().put(p + "a", "1", lease).put(p + "b", "2", lease).put(p + "plain", "3").build());
        final BlockingQueue<PontoonException> lost = new LinkedBlockingQueue<>();
        final LeaseKeepAlive ka = store.keepAlive(lease, lost::add);
        try (EtcdStore other = open(etcd))
        {
            other.revokeLease(lease);
        }
        final PontoonException e = lost.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "the keep-alive noticed the revoke");
        assertEquals(PontoonException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("lease " + lease), e.getMessage());
        assertFalse(ka.active());
        assertEquals(List.of(p + "plain"), store.list(p).stream().map(io.pontoon.core.store.KeyValue::key).toList());
        assertNull(lost.poll(TTL.toMillis(), TimeUnit.MILLISECONDS), "onLost runs once");
    }

    @Test
    void revokeDeletesTheLeaseKeysAtOneRevisionStopsOwnKeepAlivesSilentlyAndIsIdempotent() throws Exception
    {
        final long lease = store.grantLease(Duration.ofSeconds(30));
        store.put(p + "x", "1", lease);
        store.put(p + "y", "2", lease);
        final BlockingQueue<PontoonException> lost = new LinkedBlockingQueue<>();
        final LeaseKeepAlive ka = store.keepAlive(lease, lost::add);
        final BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        try (Watch _ = store.watch(p, 0, events::add))
        {
            store.revokeLease(lease);
            final WatchEvent e1 = events.poll(10, TimeUnit.SECONDS);
            final WatchEvent e2 = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e2);
            assertEquals(WatchEvent.Type.DELETE, e1.type());
            assertEquals(e1.revision(), e2.revision(), "one atomic revoke");
        }
        assertFalse(ka.active());
        assertTrue(store.list(p).isEmpty());
        store.revokeLease(lease);
        assertTrue(store.leaseTimeToLive(lease).isEmpty());
        assertNull(lost.poll(500, TimeUnit.MILLISECONDS), "a revoke through this store is not reported as a loss");
    }

    @Test
    void aPutWithAnUnknownLeaseIsNotFoundAndChangesNothing()
    {
        final long before = store.revision();
        final PontoonException e = assertThrows(PontoonException.class, () -> store.put(p + "k", "v", 0x7777_0000_1234L));
        assertEquals(PontoonException.Kind.NOT_FOUND, e.kind(), e.getMessage());
        assertEquals(before, store.revision());
    }

    @Test
    void aLeaseOfFractionalSecondsIsRoundedUp()
    {
        final long lease = store.grantLease(Duration.ofMillis(2500));
        final Duration left = store.leaseTimeToLive(lease).orElseThrow();
        assertTrue(left.compareTo(Duration.ofSeconds(2)) >= 0 && left.compareTo(Duration.ofSeconds(3)) <= 0, left.toString());
        store.revokeLease(lease);
        Await.until("lease revoked", Duration.ofSeconds(5), () -> store.leaseTimeToLive(lease).isEmpty());
    }
}
