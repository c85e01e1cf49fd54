// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.cni;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pontoon.api.json.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Wire shapes of the /v1/cni contract and the daemon-error table. */
class CniContractTest
{
    @Test
    void requestRoundTripsWithTheDocumentedKeys()
    {
        final CniRequest r = new CniRequest("c0ffee", "/var/run/netns/x", "eth0", "pnet",
            Map.of("K8S_POD_NAME", "web"), List.of(new CniRequest.PortMapping(8080, 80, "tcp", null)),
            List.of("10.77.0.9/16"), "c2:11:22:33:44:55", null);
        final String json = Json.write(r.toJson());
        assertEquals("{\"ContainerId\":\"c0ffee\",\"Netns\":\"/var/run/netns/x\",\"IfName\":\"eth0\",\"Network\":\"pnet\","
            + "\"Args\":{\"K8S_POD_NAME\":\"web\"},\"PortMappings\":[{\"hostPort\":8080,\"containerPort\":80,"
            + "\"protocol\":\"tcp\"}],\"Ips\":[\"10.77.0.9/16\"],\"Mac\":\"c2:11:22:33:44:55\"}", json);
        assertEquals(r, CniRequest.fromJson(Json.parseObject(json)));
        final CniRequest gc = CniRequest.gc("pnet", List.of(new CniRequest.Attachment("a", "eth0")));
        final String g = Json.write(gc.toJson());
        assertEquals("{\"Network\":\"pnet\",\"Args\":{},\"PortMappings\":[],\"Ips\":[],"
            + "\"ValidAttachments\":[{\"containerID\":\"a\",\"ifname\":\"eth0\"}]}", g);
        assertEquals(gc, CniRequest.fromJson(Json.parseObject(g)));
        assertNull(CniRequest.fromJson(Json.parseObject("{\"Network\":\"n\"}")).validAttachments());
    }

    @Test
    void replyStatusAndErrorRoundTrip()
    {
        final CniReply reply = new CniReply(
            List.of(new CniReply.Interface("eth0", "02:00:00:00:00:01", "/x", 1450)),
            List.of(new CniReply.Ip("10.0.0.2/24", "10.0.0.1", 0), new CniReply.Ip("fd00::2/64", null, null)),
            List.of(new CniReply.Route("0.0.0.0/0", "10.0.0.1")),
            new CniReply.Dns(List.of("10.0.0.1"), "example", List.of(), List.of("ndots:1")));
        assertEquals(reply, CniReply.fromJson(Json.parseObject(Json.write(reply.toJson()))));
        assertEquals(new CniReply(null, null, null, null), CniReply.fromJson(Json.parseObject("{}")));
        final CniStatus s = new CniStatus(false, true, "bridge gone");
        assertEquals(s, CniStatus.fromJson(Json.parseObject(Json.write(s.toJson()))));
        assertEquals("{\"message\":\"x\",\"Code\":\"NOT_FOUND\"}",
            Json.write(CniDaemonError.of(CniDaemonCode.NOT_FOUND, "x").toJson()));
        assertEquals("{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"bad\"}",
            Json.write(new CniError("1.0.0", 7, "bad", null).toJson()));
    }

    @Test
    void daemonErrorsMapToCniCodes()
    {
        assertEquals(Optional.of(CniErrorCode.UNKNOWN_CONTAINER), CniErrorMapping.forDaemonError(CniCommand.CHECK, 404, "NOT_FOUND"));
        assertEquals(Optional.of(CniErrorCode.UNKNOWN_CONTAINER), CniErrorMapping.forDaemonError(CniCommand.ADD, 404, "NOT_FOUND"));
        assertEquals(Optional.empty(), CniErrorMapping.forDaemonError(CniCommand.DEL, 404, "NOT_FOUND"));
        assertEquals(Optional.empty(), CniErrorMapping.forDaemonError(CniCommand.GC, 404, "NETWORK_NOT_FOUND"));
        assertEquals(Optional.of(CniErrorCode.INVALID_NETWORK_CONFIG),
            CniErrorMapping.forDaemonError(CniCommand.ADD, 404, "NETWORK_NOT_FOUND"));
        assertEquals(Optional.of(CniErrorCode.TRY_AGAIN_LATER), CniErrorMapping.forDaemonError(CniCommand.DEL, 503, null));
        assertEquals(Optional.of(CniErrorCode.TRY_AGAIN_LATER), CniErrorMapping.forDaemonError(CniCommand.ADD, 429, null));
        assertEquals(Optional.of(CniErrorCode.INTERNAL), CniErrorMapping.forDaemonError(CniCommand.DEL, 404, null));
        assertEquals(Optional.of(CniErrorCode.NOT_AVAILABLE), CniErrorMapping.forDaemonError(CniCommand.STATUS, 404, "NOT_FOUND"));
        assertEquals(Optional.of(CniErrorCode.CONFLICT), CniErrorMapping.forDaemonError(CniCommand.ADD, 500, "CONFLICT"));
        assertEquals(CniErrorCode.TRY_AGAIN_LATER, CniErrorMapping.forUnreachable(CniCommand.ADD));
        assertEquals(CniErrorCode.NOT_AVAILABLE, CniErrorMapping.forUnreachable(CniCommand.STATUS));
        for (final CniDaemonCode c : CniDaemonCode.values())
        {
            assertEquals(c, CniErrorMapping.classify(c.httpStatus(), c.name()));
        }
        assertEquals("/v1/cni/gc", CniCommand.GC.path());
        assertNull(CniCommand.parse("add"));
    }
}
