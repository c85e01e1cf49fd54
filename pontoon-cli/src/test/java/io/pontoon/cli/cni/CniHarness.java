// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.pontoon.api.cni.CniDaemonCode;
import io.pontoon.api.cni.CniDaemonError;
import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;

/** Runs {@link CniMain#run} in-process against a {@link StubDaemon} in a temp directory. */
final class CniHarness implements AutoCloseable
{
    /** Exit code and stdout of one invocation. */
    record Outcome(int rc, String stdout)
    {
        JsonObject json()
        {
            return Json.parseObject(stdout);
        }

        /** The CNI error code printed on stdout (asserting exit code 1). */
        long errorCode()
        {
            if (rc != 1)
            {
                throw new AssertionError("expected exit 1, got " + rc + ": " + stdout);
            }
            return json().integer("code", -1);
        }
    }

    final Path dir;
    final Path socket;
    final StubDaemon daemon;

    CniHarness(final Path dir, final StubDaemon.Handler handler) throws IOException
    {
        this.dir = dir;
        this.socket = dir.resolve("d.sock");
        this.daemon = new StubDaemon(socket, handler);
    }

    /** A daemon that answers add/check with {@link CniTraining#sampleReply()} and everything else with {}. */
    static StubDaemon.Handler happy()
    {
        return r -> r.target().equals("/v1/cni/add") || r.target().equals("/v1/cni/check")
            ? StubDaemon.Reply.json(200, CniTraining.sampleReply().toJson())
            : StubDaemon.Reply.json(200, Json.obj());
    }

    /** A daemon that fails every request with this code. */
    static StubDaemon.Handler failing(final int status, final CniDaemonCode code, final String message)
    {
        return r -> StubDaemon.Reply.json(status, new CniDaemonError(message, code == null ? null : code.name()).toJson());
    }

    /** A network config for this harness's socket; {@code extra} is appended inside the object. */
    String config(final String version, final String extra)
    {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"pnet\",\"type\":\"pontoon\",\"socket\":\"" + socket
            + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /** The usual environment for ADD/DEL/CHECK. */
    static Map<String, String> env(final String command)
    {
        final Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "c0ffee");
        env.put("CNI_NETNS", "/var/run/netns/pontoon-training");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", "/usr/lib/cni");
        return env;
    }

    static Outcome run(final Map<String, String> env, final String stdin)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int rc = CniMain.run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Outcome(rc, out.toString(StandardCharsets.UTF_8));
    }

    Outcome run(final String command, final String stdin)
    {
        return run(env(command), stdin);
    }

    @Override
    public void close() throws IOException
    {
        daemon.close();
    }
}
