// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.core.PontoonException;
import io.pontoon.kernel.net.IpPrefix;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every record survives toJson/fromJson unchanged, and bad records are refused clearly. */
class RecordJsonTest
{
    private static final Instant T = Instant.parse("2026-11-29T03:13:00.123456Z");

    @Test
    void networkRoundTrips()
    {
        final NetworkRecord n = new NetworkRecord(Ids.newId(), "web", "bridge", "local", false, IpPrefix.parse("10.200.0.0/16"),
            IpPrefix.parse("10.200.0.1/16"), IpPrefix.parse("10.200.8.0/24"), "10.200.0.0-16",
            Map.of("com.docker.network.bridge.enable_icc", "true", "mtu", "1450"), Map.of("team", "a"), T, "pt-br-1a2b3c");
        assertEquals(n, NetworkRecord.fromJson(n.toJson()));
        final NetworkRecord host = new NetworkRecord(Ids.newId(), "host", "host", "local", false, null, null, null, null, null,
            null, T, null);
        assertEquals(host, NetworkRecord.fromJson(host.toJson()));
        assertFalse(host.toJson().contains("subnet"));
        assertTrue(n.toJson().indexOf("com.docker") < n.toJson().indexOf("\"mtu\""), "options are sorted");
    }

    @Test
    void endpointRoundTrips()
    {
        final EndpointRecord e = new EndpointRecord(Ids.newId(), "c1", Ids.newId(), Ids.newId(), IpPrefix.parse("10.200.0.2/16"),
            Mac.fromIpv4(IpPrefix.Ip.parse("10.200.0.2")), "eth0", "vethpt1a2b3c", List.of("db", "db.local"),
            List.of(new PortMapping(PortMapping.Protocol.TCP, IpPrefix.Ip.parse("127.0.0.1"), 8080, 8080, 80),
                PortMapping.of(PortMapping.Protocol.UDP, 8081, 81)), T);
        assertEquals(e, EndpointRecord.fromJson(e.toJson()));
        final EndpointRecord bare = new EndpointRecord(Ids.newId(), "c2", Ids.newId(), null, null, null, null, null, null, null, T);
        assertEquals(bare, EndpointRecord.fromJson(bare.toJson()));
        assertEquals(e.sandboxId(), bare.withSandbox(e.sandboxId()).sandboxId());
    }

    @Test
    void sandboxRoundTrips()
    {
        final String other = Ids.newId();
        final SandboxRecord s = new SandboxRecord(Ids.newId(), "app", "container", "/run/pontoon/netns/x", other, 4242,
            List.of("sleep", "infinity"), T, true);
        assertEquals(s, SandboxRecord.fromJson(s.toJson()));
        final SandboxRecord n = new SandboxRecord(Ids.newId(), "app2", "mynet", "/run/pontoon/netns/y", null, 0, null, T, false);
        assertEquals(n, SandboxRecord.fromJson(n.toJson()));
    }

    @Test
    void invalidRecordsAreRefused()
    {
        assertEquals("invalid network id 'nope': expected 64 hexadecimal characters", assertThrows(PontoonException.class,
            () -> new NetworkRecord("nope", "web", "bridge", "local", false, null, null, null, null, null, null, T, null)).getMessage());
        assertEquals("invalid scope 'swarm' for network 'web': use local or global", assertThrows(PontoonException.class,
            () -> new NetworkRecord(Ids.newId(), "web", "bridge", "swarm", false, null, null, null, null, null, null, T, null)).getMessage());
        assertThrows(PontoonException.class, () -> new NetworkRecord(Ids.newId(), "web", "bridge", "local", false,
            IpPrefix.parse("10.200.0.0/16"), IpPrefix.parse("10.9.0.1/16"), null, null, null, null, T, null));
        assertThrows(PontoonException.class, () -> new SandboxRecord(Ids.newId(), "a", "container", null, null, 0, null, T, false));
        assertThrows(PontoonException.class, () -> new SandboxRecord(Ids.newId(), "a", "bad mode", null, null, 0, null, T, false));
        assertThrows(PontoonException.class,
            () -> new EndpointRecord(Ids.newId(), "c", Ids.newId(), null, null, "zz", null, null, null, null, T));
    }

    @Test
    void malformedStoredRecordIsInternal()
    {
        final PontoonException e = assertThrows(PontoonException.class, () -> NetworkRecord.fromJson("{\"id\": 5}"));
        assertEquals(PontoonException.Kind.INTERNAL, e.kind());
        assertEquals("stored network record is malformed: field 'id' must be a string", e.getMessage());
        assertEquals(PontoonException.Kind.INTERNAL, assertThrows(PontoonException.class, () -> SandboxRecord.fromJson("[")).kind());
    }
}
