// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireRecordsTest
{
    private static final Instant T = Instant.parse("2026-11-29T10:15:30.123Z");

    private static JsonObject wire(final Map<String, Object> m)
    {
        return Json.parseObject(Json.write(m));
    }

    private static String error(final Runnable r)
    {
        return assertThrows(JsonException.class, r::run).getMessage();
    }

    @Test
    void networkCreateRequestRoundTripsAndDefaultsTheDriver()
    {
        final NetworkCreateRequest r = new NetworkCreateRequest("n1", null, "10.200.0.0/24", "", null, true,
            Map.of("mtu", "1400"));
        assertEquals("bridge", r.driver());
        assertNull(r.gateway());
        assertEquals("{\"Name\":\"n1\",\"Driver\":\"bridge\",\"Subnet\":\"10.200.0.0/24\",\"Gateway\":null,"
            + "\"IPRange\":null,\"Internal\":true,\"Options\":{\"mtu\":\"1400\"}}", Json.write(r.toJson()));
        assertEquals(r, NetworkCreateRequest.fromJson(wire(r.toJson())));
        assertEquals("field 'Name' is required", error(() -> NetworkCreateRequest.fromJson(Json.parseObject("{}"))));
        assertEquals("field 'Internal' must be true or false",
            error(() -> NetworkCreateRequest.fromJson(Json.parseObject("{\"Name\":\"x\",\"Internal\":\"yes\"}"))));
        assertEquals("field 'Options.a' must be a string",
            error(() -> NetworkCreateRequest.fromJson(Json.parseObject("{\"Name\":\"x\",\"Options\":{\"a\":[]}}"))));
    }

    @Test
    void networkViewRoundTripsWithEndpoints()
    {
        final NetworkView v = new NetworkView("a".repeat(64), "n1", "bridge", "local", false, "10.200.0.0/24",
            "10.200.0.1", null, Map.of(), T, List.of(new NetworkEndpointView("e1", "s1", "web", "10.200.0.2/24",
            "02:42:0a:c8:00:02", List.of("www"))));
        final NetworkView back = NetworkView.fromJson(wire(v.toJson()));
        assertEquals(v, back);
        assertTrue(Json.write(v.toJson()).contains("\"Created\":\"2026-11-29T10:15:30.123Z\""));
        assertEquals("field 'Endpoints[0].Sandbox' is required", error(() -> NetworkView.fromJson(Json.parseObject(
            "{\"Id\":\"i\",\"Name\":\"n\",\"Driver\":\"bridge\",\"Scope\":\"local\",\"Created\":\"2026-11-29T10:15:30Z\","
                + "\"Endpoints\":[{\"Id\":\"e\"}]}"))));
        assertEquals("field 'Created' must be an RFC 3339 UTC timestamp", error(() -> NetworkView.fromJson(
            Json.parseObject("{\"Id\":\"i\",\"Name\":\"n\",\"Driver\":\"bridge\",\"Scope\":\"local\",\"Created\":\"yesterday\"}"))));
    }

    @Test
    void sandboxViewRoundTripsWithNullsKeptExplicit()
    {
        final SandboxView v = new SandboxView("b".repeat(64), "web", "host", null, "created", 0, null,
            List.of("sleep", "1"), T, List.of(), List.of(new PortView(null, 8080, 80, "tcp")));
        final String text = Json.write(v.toJson());
        assertTrue(text.contains("\"NetnsPath\":null"), text);
        assertTrue(text.contains("\"ExitCode\":null"), text);
        assertTrue(text.contains("\"HostIp\":null"), text);
        assertEquals(v, SandboxView.fromJson(Json.parseObject(text)));
        final SandboxView full = new SandboxView("c".repeat(64), "db", "net1", "/run/pontoon/netns/c", "exited", 42, 3,
            List.of(), T, List.of(new EndpointView("net1", "n".repeat(64), "e".repeat(64), "eth0", "10.200.0.3/24",
            "10.200.0.1", "02:42:0a:c8:00:03", List.of())), List.of());
        assertEquals(full, SandboxView.fromJson(wire(full.toJson())));
        assertEquals("field 'Ports[0].HostPort' must be between 1 and 65535", error(() -> SandboxView.fromJson(
            Json.parseObject("{\"Id\":\"i\",\"Name\":\"n\",\"Mode\":\"none\",\"State\":\"created\","
                + "\"Created\":\"2026-11-29T10:15:30Z\",\"Ports\":[{\"HostPort\":0,\"ContainerPort\":1,\"Protocol\":\"tcp\"}]}"))));
        assertEquals("field 'Pid' must be an integer", error(() -> SandboxView.fromJson(Json.parseObject(
            "{\"Id\":\"i\",\"Name\":\"n\",\"Mode\":\"none\",\"State\":\"created\",\"Pid\":\"1\"}"))));
    }

    @Test
    void sandboxCreateRequestChecksPublishSpecsAndDetach()
    {
        final SandboxCreateRequest r = new SandboxCreateRequest("web", null, "10.200.0.9", List.of("8080:80"),
            List.of("sleep", "100"), true, true);
        assertEquals("bridge", r.network());
        assertEquals(r, SandboxCreateRequest.fromJson(wire(r.toJson())));
        assertEquals(8080, r.portSpecs().get(0).hostPort());
        assertEquals("field 'Publish': invalid publish spec '80:': container port missing",
            error(() -> SandboxCreateRequest.fromJson(Json.parseObject("{\"Publish\":[\"80:\"]}"))));
        assertEquals("field 'Publish' must be an array of strings",
            error(() -> SandboxCreateRequest.fromJson(Json.parseObject("{\"Publish\":[80]}"))));
        assertEquals("field 'Command' is required when 'Detach' is true",
            error(() -> SandboxCreateRequest.fromJson(Json.parseObject("{\"Detach\":true}"))));
        final SandboxCreateRequest empty = SandboxCreateRequest.fromJson(Json.parseObject("{}"));
        assertNull(empty.name());
        assertFalse(empty.detach());
        assertEquals(List.of(), empty.command());
    }

    @Test
    void smallRecords()
    {
        final ConnectRequest c = new ConnectRequest("s1", "", List.of("a", "b"));
        assertNull(c.ip());
        assertEquals(c, ConnectRequest.fromJson(wire(c.toJson())));
        assertEquals("field 'Sandbox' is required", error(() -> ConnectRequest.fromJson(Json.parseObject("{}"))));
        final DisconnectRequest d = new DisconnectRequest("s1", true);
        assertEquals(d, DisconnectRequest.fromJson(wire(d.toJson())));
        assertEquals("{\"message\":\"no such network: x\"}", Json.write(new ErrorBody("no such network: x").toJson()));
        assertEquals("boom", ErrorBody.fromJson(Json.parseObject("{\"message\":\"boom\"}")).message());
        final VersionView v = new VersionView("0.1.0", "v1");
        assertEquals("{\"Version\":\"0.1.0\",\"ApiVersion\":\"v1\"}", Json.write(v.toJson()));
        assertEquals(v, VersionView.fromJson(wire(v.toJson())));
        assertEquals("field 'Protocol' must be \"tcp\" or \"udp\"", error(() -> PortView.fromJson(
            Json.parseObject("{\"HostPort\":1,\"ContainerPort\":1,\"Protocol\":\"sctp\"}"))));
    }

    @Test
    void pathsPercentEncodeSegmentsAndRefuseDotSegments()
    {
        assertEquals("/v1/networks/my-net_1.x~", RestPaths.network("my-net_1.x~"));
        assertEquals("/v1/networks/a%2Fb%20c%C3%A9/connect", RestPaths.networkConnect("a/b c\u00e9"));
        assertEquals("/v1/sandboxes/web?force=true", RestPaths.sandboxDelete("web", true));
        assertEquals("/v1/sandboxes/web", RestPaths.sandboxDelete("web", false));
        assertEquals("/v1/version", RestPaths.VERSION);
        assertThrows(IllegalArgumentException.class, () -> RestPaths.sandbox(".."));
        assertThrows(IllegalArgumentException.class, () -> RestPaths.network(""));
    }
}
