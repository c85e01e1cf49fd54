// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.api.json.Json;
import io.pontoon.core.PontoonException;
import io.pontoon.core.store.LocalStore;
import io.pontoon.kernel.net.IpPrefix;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Pools: validation, overlap, automatic choice, gateway; persistence and release. */
@Timeout(60)
class StoreIpamTest
{
    static final String ROOT = "/pontoon/v1/";

    @TempDir
    Path dir;
    LocalStore store;
    StoreIpam ipam;

    @BeforeEach
    void open()
    {
        store = LocalStore.open(dir);
        ipam = new StoreIpam(store, ROOT, AddressPool.dockerDefaults());
    }

    @AfterEach
    void close()
    {
        store.close();
    }

    static IpPrefix p(final String s)
    {
        return IpPrefix.parse(s);
    }

    static InetAddress a(final String s)
    {
        return IpPrefix.Ip.parse(s);
    }

    static PontoonException fails(final PontoonException.Kind kind, final String message, final Executable e)
    {
        final PontoonException ex = assertThrows(PontoonException.class, e);
        assertEquals(kind, ex.kind(), ex.getMessage());
        assertEquals(message, ex.getMessage());
        return ex;
    }

    @Test
    void explicitSubnetGetsFirstUsableAsGateway()
    {
        final Pool pool = ipam.requestPool(PoolRequest.of("n1", "web").withSubnet(p("10.200.1.0/24")));
        assertEquals("10.200.1.0-24", pool.id());
        assertEquals(p("10.200.1.1/24"), pool.gateway());
        assertNull(pool.ipRange());
        assertEquals(p("10.200.1.2/24"), ipam.allocate(pool.id(), null));
        assertEquals(List.of(pool), ipam.pools());
        assertEquals(pool, ipam.pool(pool.id()).orElseThrow());
    }

    @Test
    void badSubnetsRangesAndGatewaysAreInvalid()
    {
        fails(PontoonException.Kind.INVALID, "subnet 10.200.1.5/24 has host bits set; did you mean 10.200.1.0/24?",
            () -> ipam.requestPool(PoolRequest.of("n", "web").withSubnet(p("10.200.1.5/24"))));
        fails(PontoonException.Kind.INVALID, "ip-range 10.201.0.0/24 is not inside subnet 10.200.0.0/16",
            () -> ipam.requestPool(PoolRequest.of("n", "web").withSubnet(p("10.200.0.0/16")).withIpRange(p("10.201.0.0/24"))));
        fails(PontoonException.Kind.INVALID, "ip-range 10.200.0.0/24 needs an explicit subnet",
            () -> ipam.requestPool(PoolRequest.of("n", "web").withIpRange(p("10.200.0.0/24"))));
        fails(PontoonException.Kind.INVALID, "gateway 10.201.0.1 is not inside subnet 10.200.0.0/16",
            () -> ipam.requestPool(PoolRequest.of("n", "web").withSubnet(p("10.200.0.0/16")).withGateway(a("10.201.0.1"))));
        fails(PontoonException.Kind.INVALID, "gateway 10.200.0.0 is the network address of subnet 10.200.0.0/16",
            () -> ipam.requestPool(PoolRequest.of("n", "web").withSubnet(p("10.200.0.0/16")).withGateway(a("10.200.0.0"))));
        fails(PontoonException.Kind.INVALID, "gateway 10.200.255.255 is the broadcast address of subnet 10.200.0.0/16",
            () -> ipam.requestPool(PoolRequest.of("n", "web").withSubnet(p("10.200.0.0/16")).withGateway(a("10.200.255.255"))));
        assertTrue(ipam.pools().isEmpty(), "nothing was reserved by failed requests");
    }

    @Test
    void overlappingSubnetIsAConflictNamingTheOtherNetwork()
    {
        ipam.requestPool(PoolRequest.of("n1", "db").withSubnet(p("10.200.0.0/16")));
        fails(PontoonException.Kind.CONFLICT, "subnet 10.200.1.0/24 overlaps network 'db' (10.200.0.0/16)",
            () -> ipam.requestPool(PoolRequest.of("n2", "web").withSubnet(p("10.200.1.0/24"))));
        fails(PontoonException.Kind.CONFLICT, "subnet 10.0.0.0/8 overlaps network 'db' (10.200.0.0/16)",
            () -> ipam.requestPool(PoolRequest.of("n2", "web").withSubnet(p("10.0.0.0/8"))));
        fails(PontoonException.Kind.CONFLICT, "subnet 10.200.0.0/16 overlaps network 'db' (10.200.0.0/16)",
            () -> ipam.requestPool(PoolRequest.of("n2", "web").withSubnet(p("10.200.0.0/16"))));
    }

    @Test
    void automaticChoiceFollowsDockerDefaultsAndSkipsPoolsAndHostRoutes()
    {
        assertEquals(p("172.17.0.0/16"), ipam.requestPool(PoolRequest.of("a", "a")).subnet());
        final Pool b = ipam.requestPool(PoolRequest.of("b", "b").avoiding(List.of(p("172.18.5.0/24"), p("fd00::/8"))));
        assertEquals(p("172.19.0.0/16"), b.subnet());
        assertEquals(p("172.19.0.1/16"), b.gateway());
        assertEquals(p("172.18.0.0/16"), ipam.requestPool(PoolRequest.of("c", "c")).subnet(), "the route was avoided for b only");
        for (int i = 20; i <= 31; i++)
        {
            assertEquals(p("172." + i + ".0.0/16"), ipam.requestPool(PoolRequest.of("n" + i, "n" + i)).subnet());
        }
        assertEquals(p("192.168.0.0/20"), ipam.requestPool(PoolRequest.of("d", "d")).subnet());
        assertEquals(p("192.168.32.0/20"),
            ipam.requestPool(PoolRequest.of("e", "e").avoiding(List.of(p("192.168.20.0/22")))).subnet());
    }

    @Test
    void configuredDefaultsRunOutWithAClearError()
    {
        final StoreIpam small = new StoreIpam(store, ROOT, List.of(new AddressPool(p("10.250.0.0/23"), 24)));
        assertEquals(p("10.250.0.0/24"), small.requestPool(PoolRequest.of("a", "a")).subnet());
        assertEquals(p("10.250.1.0/24"), small.requestPool(PoolRequest.of("b", "b")).subnet());
        final PontoonException e = assertThrows(PontoonException.class, () -> small.requestPool(PoolRequest.of("c", "c")));
        assertEquals(PontoonException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().startsWith("no free subnet left in the default address pools (10.250.0.0/23 (/24))"), e.getMessage());
    }

    @Test
    void poolsSurviveARestartAndAllocationContinuesAfterTheCursor()
    {
        final Pool pool = ipam.requestPool(PoolRequest.of("n1", "web").withSubnet(p("10.200.2.0/24")));
        assertEquals(p("10.200.2.2/24"), ipam.allocate(pool.id(), null));
        assertEquals(p("10.200.2.3/24"), ipam.allocate(pool.id(), null));
        assertTrue(ipam.release(pool.id(), a("10.200.2.3")));
        store.close();
        store = LocalStore.open(dir);
        ipam = new StoreIpam(store, ROOT, AddressPool.dockerDefaults());
        assertEquals(List.of(pool), ipam.pools());
        assertEquals(p("10.200.2.4/24"), ipam.allocate(pool.id(), null), "a freed address is not reused at once");
    }

    @Test
    void releasePoolFreesEverything()
    {
        final Pool pool = ipam.requestPool(PoolRequest.of("n1", "web").withSubnet(p("10.200.3.0/24")));
        ipam.allocate(pool.id(), null);
        ipam.allocate(pool.id(), a("10.200.3.77"));
        ipam.releasePool(pool.id());
        assertTrue(ipam.pools().isEmpty());
        assertEquals(List.of(), store.list(ROOT + "ipam/addrs/"));
        assertEquals(List.of(), store.list(ROOT + "ipam/cursors/"));
        fails(PontoonException.Kind.NOT_FOUND, "address pool 10.200.3.0-24 not found", () -> ipam.releasePool(pool.id()));
        fails(PontoonException.Kind.NOT_FOUND, "address pool 10.200.3.0-24 not found", () -> ipam.allocate(pool.id(), null));
        final Pool again = ipam.requestPool(PoolRequest.of("n2", "web2").withSubnet(p("10.200.3.0/24")));
        assertEquals(p("10.200.3.2/24"), ipam.allocate(again.id(), null), "a new pool starts afresh");
        assertEquals(p("10.200.3.77/24"), ipam.allocate(again.id(), a("10.200.3.77")));
    }

    @Test
    void poolWithoutGatewayAndTinyAndIpv6Pools()
    {
        final Pool noGw = ipam.requestPool(PoolRequest.of("n1", "plugin").withSubnet(p("10.200.4.0/24")).withoutGateway());
        assertNull(noGw.gateway());
        assertEquals(p("10.200.4.1/24"), ipam.allocate(noGw.id(), null));

        final Pool p31 = ipam.requestPool(PoolRequest.of("n2", "p2p").withSubnet(p("10.200.5.0/31")));
        assertEquals(p("10.200.5.0/31"), p31.gateway(), "a /31 has no network or broadcast address");
        assertEquals(p("10.200.5.1/31"), ipam.allocate(p31.id(), null));

        final Pool v6 = ipam.requestPool(PoolRequest.of("n3", "six").withSubnet(p("fd00:1::/64")));
        assertEquals(p("fd00:1::1/64"), v6.gateway());
        assertEquals(p("fd00:1::2/64"), ipam.allocate(v6.id(), null));
        assertEquals(p("fd00:1::ffff:1/64"), ipam.allocate(v6.id(), a("fd00:1::ffff:1")));
    }

    @Test
    void poolJsonRoundTrips()
    {
        final Pool pool = new Pool("10.200.0.0-16", "n1", "web", p("10.200.0.0/16"), p("10.200.8.0/24"), p("10.200.0.1/16"));
        assertEquals(pool, Pool.fromMap(Json.parseObject(Json.write(pool.toMap()))));
        final Pool bare = new Pool("10.200.0.0-16", "n1", "web", p("10.200.0.0/16"), null, null);
        assertEquals(bare, Pool.fromMap(Json.parseObject(Json.write(bare.toMap()))));
        assertFalse(Json.write(bare.toMap()).contains("gateway"));
    }
}
