// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import io.pontoon.api.cni.CniDaemonCode;
import io.pontoon.api.cni.CniStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Error codes for bad environments, bad configs and daemon failures (CNI spec "Error codes"). */
class CniErrorsTest
{
    @TempDir
    Path dir;

    @Test
    void badJsonIs6() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final CniHarness.Outcome o = h.run("ADD", "{\"cniVersion\": \"1.1.0\",");
            assertEquals(6, o.errorCode());
            assertEquals("1.1.0", o.json().string("cniVersion"));
            assertTrue(o.json().string("details").contains("offset"), o.stdout());
            assertEquals(6, h.run("ADD", "").errorCode());
            assertEquals(6, h.run("ADD", "[1]").errorCode());
            assertEquals(6, h.run("ADD", h.config("1.x", "")).errorCode(), "bad version string");
            assertEquals(0, h.daemon.requests().size());
        }
    }

    @Test
    void missingOrBadEnvironmentIs4() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final String conf = h.config("1.1.0", "");
            assertEquals(4, CniHarness.run(Map.of(), conf).errorCode());
            final Map<String, String> env = CniHarness.env("ADD");
            env.remove("CNI_CONTAINERID");
            env.put("CNI_NETNS", "");
            final CniHarness.Outcome o = CniHarness.run(env, conf);
            assertEquals(4, o.errorCode());
            assertEquals("required env variables [CNI_CONTAINERID,CNI_NETNS] missing", o.json().string("msg"));
            assertEquals(4, CniHarness.run(with("ADD", "CNI_COMMAND", "BOGUS"), conf).errorCode());
            assertEquals(4, CniHarness.run(with("ADD", "CNI_CONTAINERID", "-bad id"), conf).errorCode());
            assertEquals(4, CniHarness.run(with("ADD", "CNI_IFNAME", "averyveryverylongname"), conf).errorCode());
            assertEquals(4, CniHarness.run(with("ADD", "CNI_IFNAME", "eth:0"), conf).errorCode());
            assertEquals(4, CniHarness.run(with("ADD", "CNI_ARGS", "K8S_POD_NAME"), conf).errorCode());
            assertEquals(4, CniHarness.run(with("ADD", "CNI_ARGS", "IP=10.1.2.300"), conf).errorCode());
            assertEquals(4, CniHarness.run(with("CHECK", "CNI_NETNS", ""), conf).errorCode());
            assertEquals(0, h.daemon.requests().size());
        }
    }

    @Test
    void unsupportedVersionIs1() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final CniHarness.Outcome o = h.run("ADD", h.config("0.3.1", ""));
            assertEquals(1, o.errorCode());
            assertEquals("1.1.0", o.json().string("cniVersion"), "errors for unsupported versions use ours");
            assertEquals(1, h.run("ADD", h.config("2.0.0", "")).errorCode());
            assertEquals(1, h.run("ADD", "{\"name\":\"pnet\",\"type\":\"pontoon\"}").errorCode(), "missing = 0.1.0");
            assertEquals(0, h.daemon.requests().size());
        }
    }

    @Test
    void unknownKeysAre2AndBadValuesAre7() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final CniHarness.Outcome ipam = h.run("ADD", h.config("1.0.0", "\"ipam\":{\"type\":\"host-local\"}"));
            assertEquals(2, ipam.errorCode());
            assertTrue(ipam.json().string("msg").contains("'ipam'"), ipam.stdout());
            assertEquals(2, h.run("ADD", h.config("1.0.0", "\"runtimeConfig\":{\"bandwidth\":{}}")).errorCode());
            assertEquals(0, h.run("ADD", h.config("1.0.0", "\"cni.dev/future\":1,\"capabilities\":{\"ips\":true}")).rc());
            assertEquals(7, h.run("ADD", "{\"cniVersion\":\"1.0.0\",\"type\":\"pontoon\"}").errorCode());
            assertEquals(7, h.run("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"-x\",\"type\":\"pontoon\"}").errorCode());
            assertEquals(7, h.run("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"x\"}").errorCode(), "type missing");
            assertEquals(7, h.run("ADD", h.config("1.0.0", "\"network\":\"a b\"")).errorCode());
            assertEquals(7, h.run("ADD", h.config("1.0.0", "\"timeout\":0")).errorCode());
            assertEquals(7, h.run("ADD", h.config("1.0.0", "\"socket\":\"relative.sock\"")).errorCode());
            assertEquals(7, h.run("ADD", h.config("1.0.0",
                "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":70000,\"containerPort\":80}]}")).errorCode());
            assertEquals(7, h.run("ADD", h.config("1.0.0",
                "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":80,\"containerPort\":80,\"protocol\":\"icmp\"}]}"))
                .errorCode());
            assertEquals(7, h.run("ADD", h.config("1.0.0", "\"runtimeConfig\":{\"ips\":[\"10.0.0.1/33\"]}")).errorCode());
            assertEquals(7, h.run("ADD", h.config("1.0.0", "\"runtimeConfig\":{\"mac\":\"01:00:5e:00:00:01\"}")).errorCode());
            assertEquals(7, h.run("ADD", h.config("1.0.0", "\"prevResult\":{\"ips\":[{\"address\":\"10.0.0.2/24\","
                + "\"interface\":3}]}")).errorCode(), "prevResult index out of range");
            assertEquals(1, h.daemon.requests().size(), "only the valid config reached the daemon");
        }
    }

    @Test
    void daemonUnreachableIs11() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final String conf = h.config("1.1.0", "").replace(h.socket.toString(), dir.resolve("nobody.sock").toString());
            for (final String cmd : new String[] {"ADD", "DEL", "CHECK"})
            {
                final CniHarness.Outcome o = h.run(cmd, conf.replace("}", ",\"prevResult\":{}}"));
                assertEquals(11, o.errorCode(), cmd);
                assertTrue(o.json().string("msg").contains("unreachable"), o.stdout());
            }
        }
    }

    @Test
    void daemonThatDoesNotAnswerIs11AfterTheTimeout() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, r -> StubDaemon.Reply.HANG))
        {
            final CniHarness.Outcome o = h.run("ADD", h.config("1.1.0", "\"timeout\":1"));
            assertEquals(11, o.errorCode());
            assertTrue(o.json().string("msg").contains("in time"), o.stdout());
        }
    }

    @Test
    void daemonErrorCodesMapThroughOneTable() throws Exception
    {
        record Case(int status, CniDaemonCode code, long cni) { }
        for (final Case c : new Case[] {
            new Case(404, CniDaemonCode.NOT_FOUND, 3), new Case(404, CniDaemonCode.NETWORK_NOT_FOUND, 7),
            new Case(400, CniDaemonCode.INVALID, 7), new Case(400, CniDaemonCode.UNSUPPORTED, 2),
            new Case(409, CniDaemonCode.CONFLICT, 100), new Case(503, CniDaemonCode.TRY_AGAIN, 11),
            new Case(503, CniDaemonCode.UNAVAILABLE, 11), new Case(500, CniDaemonCode.INTERNAL, 999),
            new Case(503, null, 11), new Case(409, null, 100), new Case(404, null, 999), new Case(500, null, 999)})
        {
            try (CniHarness h = new CniHarness(dir, CniHarness.failing(c.status(), c.code(), "network pnet is busy")))
            {
                final CniHarness.Outcome o = h.run("ADD", h.config("1.0.0", ""));
                assertEquals(c.cni(), o.errorCode(), c.toString());
                assertEquals("network pnet is busy", o.json().string("msg"));
                assertTrue(o.json().string("details").contains("HTTP " + c.status()), o.stdout());
            }
        }
        try (CniHarness h = new CniHarness(dir, r -> new StubDaemon.Reply(502, "bad gateway", false)))
        {
            final CniHarness.Outcome o = h.run("ADD", h.config("1.0.0", ""));
            assertEquals(999, o.errorCode());
            assertEquals("bad gateway", o.json().string("msg"));
        }
    }

    @Test
    void daemonReplyCutShortIs5AndStatus50() throws Exception
    {
        // the daemon promises 40 bytes more than it sends, then closes: an I/O failure, not a timeout
        try (CniHarness h = new CniHarness(dir, r -> StubDaemon.Reply.truncated(200,
            r.target().startsWith("/v1/cni/status") ? new CniStatus(true, false, "").toJson()
                : CniTraining.sampleReply().toJson(), 40)))
        {
            for (final String cmd : new String[] {"ADD", "DEL", "CHECK"})
            {
                final CniHarness.Outcome o = h.run(cmd, h.config("1.1.0", "\"prevResult\":{}"));
                assertEquals(5, o.errorCode(), cmd + ": " + o.stdout());
                assertTrue(o.json().string("details").contains("truncated"), o.stdout());
            }
            final CniHarness.Outcome status = CniHarness.run(Map.of("CNI_COMMAND", "STATUS"), h.config("1.1.0", ""));
            assertEquals(50, status.errorCode(), status.stdout());
            assertEquals(5, CniHarness.run(Map.of("CNI_COMMAND", "GC"), h.config("1.1.0", "")).errorCode(), "GC");
            assertEquals(5, h.daemon.requests().size());
        }
    }

    @Test
    void unreadableStdinIs5() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final InputStream broken = new InputStream()
            {
                @Override
                public int read() throws IOException
                {
                    throw new IOException("Input/output error");
                }
            };
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final int rc = CniMain.run(CniHarness.env("ADD"), broken, new PrintStream(out, true, StandardCharsets.UTF_8));
            final CniHarness.Outcome o = new CniHarness.Outcome(rc, out.toString(StandardCharsets.UTF_8));
            assertEquals(5, o.errorCode(), o.stdout());
            assertEquals("error reading from stdin", o.json().string("msg"));
            assertEquals("Input/output error", o.json().string("details"));
            assertEquals(0, h.daemon.requests().size());
        }
    }

    private static Map<String, String> with(final String command, final String key, final String value)
    {
        final Map<String, String> env = CniHarness.env(command);
        env.put(key, value);
        return env;
    }
}
