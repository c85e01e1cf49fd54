// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.pontoon.api.cni.CniDaemonCode;
import io.pontoon.api.cni.CniStatus;
import io.pontoon.api.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DEL, CHECK, VERSION, STATUS and GC. */
class CniLifecycleTest
{
    @TempDir
    Path dir;

    @Test
    void versionListsSupportedVersionsAndEchoes()
    {
        final CniHarness.Outcome o = CniHarness.run(Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"0.4.0\"}");
        assertEquals(0, o.rc());
        assertEquals("0.4.0", o.json().string("cniVersion"));
        assertEquals(List.of("0.4.0", "1.0.0", "1.1.0"), o.json().strings("supportedVersions"));
        assertEquals("1.1.0", CniHarness.run(Map.of("CNI_COMMAND", "VERSION"), "garbage").json().string("cniVersion"));
    }

    @Test
    void delForwardsAndPrintsNothing() throws Exception
    {
        final Path netns = Files.createFile(dir.resolve("netns"));
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final Map<String, String> env = CniHarness.env("DEL");
            env.put("CNI_NETNS", netns.toString());
            final CniHarness.Outcome o = CniHarness.run(env, h.config("1.0.0",
                "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80}]}"));
            assertEquals(0, o.rc(), o.stdout());
            assertEquals("", o.stdout());
            final StubDaemon.Request r = h.daemon.single();
            assertEquals("/v1/cni/del", r.target());
            assertEquals(netns.toString(), r.json().string("Netns"));
            assertEquals(1, r.json().array("PortMappings").size());
        }
    }

    @Test
    void delIsIdempotentWhenTheDaemonSaysGone() throws Exception
    {
        for (final CniDaemonCode code : new CniDaemonCode[] {CniDaemonCode.NOT_FOUND, CniDaemonCode.NETWORK_NOT_FOUND})
        {
            try (CniHarness h = new CniHarness(dir, CniHarness.failing(404, code, "no such attachment")))
            {
                assertEquals(0, h.run("DEL", h.config("1.1.0", "")).rc());
                assertEquals(0, h.run("DEL", h.config("1.1.0", "")).rc());
                assertEquals(2, h.daemon.requests().size());
            }
        }
    }

    @Test
    void delWithVanishedOrEmptyNetnsSendsEmptyNetns() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final Map<String, String> env = CniHarness.env("DEL");
            env.put("CNI_NETNS", dir.resolve("gone").toString());
            assertEquals(0, CniHarness.run(env, h.config("1.0.0", "")).rc());
            env.remove("CNI_NETNS");
            assertEquals(0, CniHarness.run(env, h.config("1.0.0", "")).rc());
            for (final StubDaemon.Request r : h.daemon.requests())
            {
                assertEquals("", r.json().string("Netns"));
            }
        }
    }

    @Test
    void delIsLenientAboutThingsOnlyAddCares() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final Map<String, String> env = CniHarness.env("DEL");
            env.put("CNI_ARGS", "junk;MAC=nope");
            final CniHarness.Outcome o = CniHarness.run(env, h.config("1.0.0",
                "\"ipam\":{},\"runtimeConfig\":{\"bandwidth\":{},\"portMappings\":[{\"hostPort\":0}]},\"prevResult\":7"));
            assertEquals(0, o.rc(), o.stdout());
            final JsonObject b = h.daemon.single().json();
            assertEquals(List.of(), b.array("PortMappings"));
            assertTrue(!b.has("Mac"));
        }
    }

    @Test
    void delStillFailsWhenTheDaemonIsDown() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.failing(503, CniDaemonCode.UNAVAILABLE, "starting")))
        {
            assertEquals(11, h.run("DEL", h.config("1.0.0", "")).errorCode());
        }
    }

    @Test
    void checkPassesWhenPrevResultMatchesAndReportsMismatch() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final String added = h.run("ADD", h.config("1.1.0", "")).stdout();
            final CniHarness.Outcome ok = h.run("CHECK", h.config("1.1.0", "\"prevResult\":" + added));
            assertEquals(0, ok.rc(), ok.stdout());
            assertEquals("", ok.stdout());
            assertEquals("/v1/cni/check", h.daemon.requests().get(1).target());
            final CniHarness.Outcome bad = h.run("CHECK", h.config("1.1.0",
                "\"prevResult\":" + added.replace("10.77.0.5/16", "10.77.0.6/16")));
            assertEquals(101, bad.errorCode());
            assertTrue(bad.json().string("msg").contains("10.77.0.5/16"), bad.stdout());
            final CniHarness.Outcome noPrev = h.run("CHECK", h.config("1.1.0", ""));
            assertEquals(7, noPrev.errorCode());
        }
    }

    @Test
    void checkOfUnknownContainerIs3() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.failing(404, CniDaemonCode.NOT_FOUND, "no attachment")))
        {
            assertEquals(3, h.run("CHECK", h.config("0.4.0", "\"prevResult\":{}")).errorCode());
        }
    }

    @Test
    void statusUpDownDegradedAndUnreachable() throws Exception
    {
        final Map<String, String> env = Map.of("CNI_COMMAND", "STATUS");
        try (CniHarness h = new CniHarness(dir, r -> StubDaemon.Reply.json(200, new CniStatus(true, false, "").toJson())))
        {
            final CniHarness.Outcome o = CniHarness.run(env, h.config("1.1.0", ""));
            assertEquals(0, o.rc(), o.stdout());
            assertEquals("", o.stdout());
            assertEquals("GET", h.daemon.single().method());
            assertEquals("/v1/cni/status?network=pnet", h.daemon.single().target());
        }
        try (CniHarness h = new CniHarness(dir,
            r -> StubDaemon.Reply.json(200, new CniStatus(false, false, "etcd unreachable").toJson())))
        {
            final CniHarness.Outcome o = CniHarness.run(env, h.config("1.1.0", ""));
            assertEquals(50, o.errorCode());
            assertEquals("etcd unreachable", o.json().string("details"));
        }
        try (CniHarness h = new CniHarness(dir,
            r -> StubDaemon.Reply.json(200, new CniStatus(false, true, "bridge gone").toJson())))
        {
            assertEquals(51, CniHarness.run(env, h.config("1.1.0", "")).errorCode());
        }
        try (CniHarness h = new CniHarness(dir, CniHarness.failing(500, CniDaemonCode.INTERNAL, "boom")))
        {
            assertEquals(50, CniHarness.run(env, h.config("1.1.0", "")).errorCode());
            final String gone = h.config("1.1.0", "").replace(h.socket.toString(), dir.resolve("x.sock").toString());
            assertEquals(50, CniHarness.run(env, gone).errorCode());
            assertEquals(1, CniHarness.run(env, h.config("1.0.0", "")).errorCode(), "STATUS needs 1.1.0");
            assertEquals(1, CniHarness.run(env, h.config("0.4.0", "")).errorCode(), "STATUS needs 1.1.0");
        }
    }

    @Test
    void gcForwardsValidAttachmentsUnderBothKeys() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final Map<String, String> env = Map.of("CNI_COMMAND", "GC", "CNI_PATH", "/usr/lib/cni");
            final CniHarness.Outcome o = CniHarness.run(env, h.config("1.1.0",
                "\"cni.dev/valid-attachments\":[{\"containerID\":\"a1\",\"ifname\":\"eth0\"},"
                    + "{\"containerID\":\"b2\",\"ifname\":\"eth1\"}],"
                    + "\"cni.dev/attachments\":[{\"containerID\":\"a1\",\"ifname\":\"eth0\"},"
                    + "{\"containerID\":\"c3\",\"ifname\":\"eth0\"}]"));
            assertEquals(0, o.rc(), o.stdout());
            assertEquals("", o.stdout());
            final StubDaemon.Request r = h.daemon.single();
            assertEquals("/v1/cni/gc", r.target());
            assertEquals("pnet", r.json().string("Network"));
            assertEquals(List.of(Map.of("containerID", "a1", "ifname", "eth0"), Map.of("containerID", "b2", "ifname", "eth1"),
                Map.of("containerID", "c3", "ifname", "eth0")), r.json().array("ValidAttachments"));
            assertTrue(!r.json().has("ContainerId"));
            assertEquals(0, CniHarness.run(env, h.config("1.1.0", "")).rc());
            assertEquals(List.of(), h.daemon.requests().get(1).json().array("ValidAttachments"),
                "no list means nothing is valid; the key is still sent");
            assertEquals(7, CniHarness.run(env, h.config("1.1.0",
                "\"cni.dev/valid-attachments\":[{\"containerID\":\"a1\"}]")).errorCode());
            assertEquals(1, CniHarness.run(env, h.config("1.0.0", "")).errorCode(), "GC needs 1.1.0");
            final CniHarness.Outcome old = CniHarness.run(env, h.config("0.4.0",
                "\"cni.dev/valid-attachments\":[{\"containerID\":\"a1\",\"ifname\":\"eth0\"}]"));
            assertEquals(1, old.errorCode(), "GC needs 1.1.0, not 0.4.0: " + old.stdout());
            assertEquals("0.4.0", old.json().string("cniVersion"));
            assertEquals(2, h.daemon.requests().size());
        }
    }

    @Test
    void gcFailureIsReported() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.failing(500, CniDaemonCode.INTERNAL,
            "2 of 5 stale attachments could not be removed: ...")))
        {
            final CniHarness.Outcome o = CniHarness.run(Map.of("CNI_COMMAND", "GC"), h.config("1.1.0", ""));
            assertEquals(999, o.errorCode());
            assertTrue(o.json().string("msg").startsWith("2 of 5"), o.stdout());
        }
    }
}
