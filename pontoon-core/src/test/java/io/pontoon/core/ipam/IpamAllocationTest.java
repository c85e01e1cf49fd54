// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.ipam;

import static io.pontoon.core.ipam.StoreIpamTest.a;
import static io.pontoon.core.ipam.StoreIpamTest.fails;
import static io.pontoon.core.ipam.StoreIpamTest.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.core.PontoonException;
import io.pontoon.core.store.LocalStore;
import io.pontoon.kernel.net.IpPrefix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Addresses: static and dynamic allocation, exhaustion, wrap-around and concurrency. */
@Timeout(60)
class IpamAllocationTest
{
    @TempDir
    Path dir;
    LocalStore store;
    StoreIpam ipam;

    @BeforeEach
    void open()
    {
        store = LocalStore.open(dir);
        ipam = new StoreIpam(store, StoreIpamTest.ROOT, AddressPool.dockerDefaults());
    }

    @AfterEach
    void close()
    {
        store.close();
    }

    @Test
    void preferredAddressMustBeFreeUsableAndInTheSubnet()
    {
        final Pool pool = ipam.requestPool(PoolRequest.of("n", "web").withSubnet(p("10.200.0.0/16")).withIpRange(p("10.200.8.0/24")));
        assertEquals(p("10.200.1.5/16"), ipam.allocate(pool.id(), a("10.200.1.5")), "outside the ip-range is fine, as in Docker");
        fails(PontoonException.Kind.CONFLICT, "address 10.200.1.5 is already in use in network 'web'",
            () -> ipam.allocate(pool.id(), a("10.200.1.5")));
        fails(PontoonException.Kind.CONFLICT, "address 10.200.0.1 is already in use in network 'web'",
            () -> ipam.allocate(pool.id(), a("10.200.0.1")));
        fails(PontoonException.Kind.INVALID, "address 10.201.0.5 is not inside subnet 10.200.0.0/16",
            () -> ipam.allocate(pool.id(), a("10.201.0.5")));
        fails(PontoonException.Kind.INVALID, "address 10.200.255.255 is the broadcast address of subnet 10.200.0.0/16",
            () -> ipam.allocate(pool.id(), a("10.200.255.255")));
        final PontoonException v6 = assertThrows(PontoonException.class, () -> ipam.allocate(pool.id(), a("fd00::5")));
        assertEquals(PontoonException.Kind.INVALID, v6.kind());
        assertTrue(v6.getMessage().endsWith(" is not inside subnet 10.200.0.0/16"), v6.getMessage());
        assertEquals(p("10.200.8.0/16"), ipam.allocate(pool.id(), null), "dynamic allocation uses the ip-range");
        assertEquals(p("10.200.8.1/16"), ipam.allocate(pool.id(), null));
    }

    @Test
    void freedAddressIsNotReusedAtOnce()
    {
        final Pool pool = ipam.requestPool(PoolRequest.of("n", "web").withSubnet(p("10.200.0.0/24")));
        assertEquals(p("10.200.0.2/24"), ipam.allocate(pool.id(), null));
        assertEquals(p("10.200.0.3/24"), ipam.allocate(pool.id(), null));
        assertTrue(ipam.release(pool.id(), a("10.200.0.2")));
        assertFalse(ipam.release(pool.id(), a("10.200.0.2")), "releasing twice is harmless");
        assertEquals(p("10.200.0.4/24"), ipam.allocate(pool.id(), null));
        fails(PontoonException.Kind.INVALID, "address 10.9.0.2 is not inside subnet 10.200.0.0/24 of network 'web'",
            () -> ipam.release(pool.id(), a("10.9.0.2")));
    }

    @Test
    void fullPoolSaysSoAndWrapsAroundToFreedAddresses()
    {
        final Pool pool = ipam.requestPool(PoolRequest.of("n", "tiny").withSubnet(p("10.200.9.0/29")));
        final List<IpPrefix> got = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            got.add(ipam.allocate(pool.id(), null));
        }
        assertEquals(List.of(p("10.200.9.2/29"), p("10.200.9.3/29"), p("10.200.9.4/29"), p("10.200.9.5/29"), p("10.200.9.6/29")), got);
        fails(PontoonException.Kind.UNAVAILABLE, "no free addresses in 10.200.9.0/29 (network 'tiny')", () -> ipam.allocate(pool.id(), null));
        assertTrue(ipam.release(pool.id(), a("10.200.9.4")));
        assertEquals(p("10.200.9.4/29"), ipam.allocate(pool.id(), null), "wraps around to the freed address");
        fails(PontoonException.Kind.UNAVAILABLE, "no free addresses in 10.200.9.0/29 (network 'tiny')", () -> ipam.allocate(pool.id(), null));
    }

    @Test
    void crowdedPoolFallsBackToOneListing()
    {
        final Pool pool = ipam.requestPool(PoolRequest.of("n", "web").withSubnet(p("10.200.0.0/24")));
        for (int i = 2; i <= 200; i++)
        {
            ipam.allocate(pool.id(), a("10.200.0." + i));
        }
        assertEquals(p("10.200.0.201/24"), ipam.allocate(pool.id(), null), "more than " + AddressFinder.PROBES + " taken in a row");
        for (int i = 202; i <= 254; i++)
        {
            ipam.allocate(pool.id(), null);
        }
        fails(PontoonException.Kind.UNAVAILABLE, "no free addresses in 10.200.0.0/24 (network 'web')", () -> ipam.allocate(pool.id(), null));
    }

    @Test
    void hundredConcurrentAllocationsGetDistinctAddresses() throws Exception
    {
        final Pool pool = ipam.requestPool(PoolRequest.of("n", "web").withSubnet(p("10.200.0.0/24")));
        final ConcurrentLinkedQueue<IpPrefix> got = new ConcurrentLinkedQueue<>();
        final List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            ts.add(Thread.ofVirtual().start(() -> got.add(ipam.allocate(pool.id(), null))));
        }
        for (final Thread t : ts)
        {
            t.join();
        }
        final Set<IpPrefix> distinct = new HashSet<>(got);
        assertEquals(100, distinct.size());
        assertFalse(distinct.contains(pool.gateway()));
        assertEquals(101, store.list(StoreIpamTest.ROOT + "ipam/addrs/" + pool.id() + "/").size());
    }

    @Test
    void twoAllocatorsSharingAStoreNeverCollide() throws Exception
    {
        final Pool pool = ipam.requestPool(PoolRequest.of("n", "web").withSubnet(p("10.200.0.0/24")));
        final StoreIpam other = new StoreIpam(store, StoreIpamTest.ROOT, AddressPool.dockerDefaults());
        final ConcurrentLinkedQueue<IpPrefix> got = new ConcurrentLinkedQueue<>();
        final List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 120; i++)
        {
            final StoreIpam which = i % 2 == 0 ? ipam : other;
            ts.add(Thread.ofVirtual().start(() -> got.add(which.allocate(pool.id(), null))));
        }
        for (final Thread t : ts)
        {
            t.join();
        }
        assertEquals(120, new HashSet<>(got).size());
    }

    @Test
    void concurrentPoolRequestsNeverOverlap() throws Exception
    {
        final StoreIpam other = new StoreIpam(store, StoreIpamTest.ROOT, AddressPool.dockerDefaults());
        final ConcurrentLinkedQueue<Pool> got = new ConcurrentLinkedQueue<>();
        final List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            final StoreIpam which = i % 2 == 0 ? ipam : other;
            final String id = "n" + i;
            ts.add(Thread.ofVirtual().start(() -> got.add(which.requestPool(PoolRequest.of(id, id)))));
        }
        for (final Thread t : ts)
        {
            t.join();
        }
        final List<Pool> pools = new ArrayList<>(got);
        assertEquals(20, pools.size());
        for (int i = 0; i < pools.size(); i++)
        {
            for (int j = i + 1; j < pools.size(); j++)
            {
                assertFalse(pools.get(i).subnet().overlaps(pools.get(j).subnet()), pools.get(i) + " vs " + pools.get(j));
            }
        }
    }
}
