// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key layout and parsing, stored record round trips, host-local options, config validation. */
class ClusterRecordsTest
{
    final ClusterKeys keys = ClusterKeys.under("/pontoon/v1/");

    @Test
    void keysParseBackToWhatTheyName()
    {
        assertEquals("/pontoon/v1/global/hosts/h1", keys.host("h1"));
        assertEquals(new ClusterKeys.HostKey("h1"), keys.parse(keys.host("h1")));
        assertEquals(new ClusterKeys.NetworkKey("abc"), keys.parse(keys.network("abc")));
        assertEquals(new ClusterKeys.StateKey("abc"), keys.parse(keys.networkState("abc")));
        final IpPrefix b = IpPrefix.parse("10.1.0.64/26");
        assertEquals("/pontoon/v1/global/ipam/abc/blocks/10.1.0.64-26", keys.block("abc", b));
        assertEquals(new ClusterKeys.BlockKey("abc", b), keys.parse(keys.block("abc", b)));
        assertEquals(new ClusterKeys.EndpointKey("abc", "host-h1"), keys.parse(keys.endpoint("abc", "host-h1")));
        assertInstanceOf(ClusterKeys.OtherKey.class, keys.parse(keys.vni(4096)));
        assertInstanceOf(ClusterKeys.OtherKey.class, keys.parse(keys.networkGuard()));
        assertInstanceOf(ClusterKeys.OtherKey.class, keys.parse("/pontoon/v1/global/ipam/abc/blocks/bad"));
        assertInstanceOf(ClusterKeys.OtherKey.class, keys.parse("/elsewhere/x"));
        assertEquals("/pontoon/v1/cluster/addrs/abc/10.1.0.5", keys.localAddr("abc", IpPrefix.Ip.parse("10.1.0.5")));
    }

    @Test
    void recordsRoundTrip()
    {
        final HostRecord h = new HostRecord("h1", IpPrefix.Ip.parse("198.18.0.11"), 0x1234abcdL, Instant.parse("2025-01-01T00:00:00Z"));
        assertEquals(h, HostRecord.fromJson(h.toJson()));
        final EndpointEntry e = new EndpointEntry("host-h1", "h1", EndpointEntry.HOST, IpPrefix.parse("10.1.0.18/24"),
            "02:42:0a:01:00:12", IpPrefix.Ip.parse("198.18.0.11"));
        assertEquals(e, EndpointEntry.fromJson(e.toJson()));
        assertTrue(e.isHost());
        final RemoteEndpoint r = e.remote();
        assertEquals(IpPrefix.Ip.parse("10.1.0.18"), r.ip());
        assertEquals(MacAddress.parse("02:42:0a:01:00:12"), r.mac());
        assertEquals("h1", r.host());
        final PontoonException bad = assertThrows(PontoonException.class, () -> EndpointEntry.fromJson("{\"id\":1}"));
        assertEquals(PontoonException.Kind.INTERNAL, bad.kind());
    }

    @Test
    void hostOptionsStayOutOfTheGlobalRecord()
    {
        final NetworkRecord n = BlockLayoutTest.net("10.1.0.0/24", null, "10.1.0.1/24");
        final NetworkRecord g = ClusterOptions.withOptions(n, Map.of(ClusterOptions.VNI, "4096"));
        assertFalse(ClusterOptions.participating(g));
        final NetworkRecord mine = ClusterOptions.withHost(g, IpPrefix.parse("10.1.0.18/24"), "02:42:0a:01:00:12");
        assertTrue(ClusterOptions.participating(mine));
        assertEquals(IpPrefix.parse("10.1.0.18/24"), ClusterOptions.hostAddress(mine).orElseThrow());
        assertEquals(g, ClusterOptions.global(mine));
        assertEquals(4096, ClusterOptions.vni(mine).orElseThrow());
    }

    @Test
    void configIsValidated()
    {
        final var ip = IpPrefix.Ip.parse("198.18.0.11");
        assertEquals(Duration.ofSeconds(10), ClusterConfig.of("h1", ip).leaseTtl());
        assertThrows(PontoonException.class, () -> ClusterConfig.of("bad name", ip));
        assertThrows(PontoonException.class, () -> ClusterConfig.of("h1", IpPrefix.Ip.parse("127.0.0.1")));
        assertThrows(PontoonException.class, () -> ClusterConfig.of("h1", IpPrefix.Ip.parse("fd00::1")));
        assertThrows(PontoonException.class, () -> new ClusterConfig("h1", ip, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }
}
