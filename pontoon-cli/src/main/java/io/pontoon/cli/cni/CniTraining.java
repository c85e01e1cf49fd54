// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pontoon.api.cni.CniDaemonCode;
import io.pontoon.api.cni.CniDaemonError;
import io.pontoon.api.cni.CniReply;
import io.pontoon.api.cni.CniStatus;
import io.pontoon.api.json.Json;

/**
 * The AOT training run for the plugin ({@code build-cni-aot}): every command, both result
 * versions, chaining and the common error paths, in one JVM against a {@link StubDaemon}, so the
 * cache holds the classes a real invocation loads. Not part of the plugin's behaviour.
 */
public final class CniTraining
{
    private CniTraining()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        // what CniMain.main touches besides run(): the real environment and a UTF-8 stdout
        final PrintStream stdout = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        final int envSize = System.getenv().size();
        final Path dir = Files.createTempDirectory("pontoon-cni-aot");
        final Path sock = dir.resolve("daemon.sock");
        int failures = 0;
        try (StubDaemon d = new StubDaemon(sock, CniTraining::answer))
        {
            final String net = "{\"cniVersion\":\"%s\",\"name\":\"pnet\",\"type\":\"pontoon\",\"socket\":\"" + sock
                + "\",\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,"
                + "\"protocol\":\"tcp\"}],\"ips\":[\"10.77.0.9/16\"],\"mac\":\"c2:11:22:33:44:55\"}%s}";
            final String added = invoke("ADD", "c1", String.format(net, "1.1.0", ""));
            invoke("VERSION", null, "{\"cniVersion\":\"1.1.0\"}");
            invoke("ADD", "c2", String.format(net, "0.4.0", ",\"prevResult\":{\"cniVersion\":\"0.4.0\","
                + "\"interfaces\":[{\"name\":\"lo\"}],\"ips\":[{\"version\":\"4\",\"address\":\"127.0.0.1/8\","
                + "\"interface\":0}]}"));
            failures += invoke("CHECK", "c1", String.format(net, "1.1.0", ",\"prevResult\":" + added)).isEmpty() ? 0 : 1;
            invoke("DEL", "c1", String.format(net, "1.0.0", ""));
            invoke("DEL", "gone", String.format(net, "1.0.0", ""));
            invoke("STATUS", null, String.format(net, "1.1.0", ""));
            invoke("GC", null, String.format(net, "1.1.0",
                ",\"cni.dev/valid-attachments\":[{\"containerID\":\"c1\",\"ifname\":\"eth0\"}]"));
            invoke("ADD", "c3", "{not json");
            invoke("ADD", null, String.format(net, "1.1.0", ""));
            invoke("ADD", "c4", String.format(net, "0.3.1", ""));
            invoke("ADD", "c5", String.format(net, "1.1.0", "").replace(sock.toString(), dir.resolve("none").toString()));
            System.err.println("pontoon-cni training: " + d.requests().size() + " daemon requests, "
                + failures + " unexpected failures, " + envSize + " environment variables");
        }
        finally
        {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(dir);
        }
        stdout.flush();
        // like CniMain.main, end through System.exit (Runtime.exit loads classes of its own)
        System.exit(failures == 0 ? 0 : 1);
    }

    private static String invoke(final String command, final String containerId, final String stdin)
    {
        final Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        if (containerId != null)
        {
            env.put("CNI_CONTAINERID", containerId);
        }
        env.put("CNI_NETNS", "/var/run/netns/pontoon-training");
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", "/usr/lib/cni");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int rc = CniMain.run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8));
        return rc == 0 ? out.toString(StandardCharsets.UTF_8) : "";
    }

    private static StubDaemon.Reply answer(final StubDaemon.Request r)
    {
        if (r.target().startsWith("/v1/cni/status"))
        {
            return StubDaemon.Reply.json(200, new CniStatus(true, false, "").toJson());
        }
        if (r.body().contains("\"gone\""))
        {
            return StubDaemon.Reply.json(404, CniDaemonError.of(CniDaemonCode.NOT_FOUND, "no such attachment").toJson());
        }
        if (r.target().equals("/v1/cni/add") || r.target().equals("/v1/cni/check"))
        {
            return StubDaemon.Reply.json(200, sampleReply().toJson());
        }
        return StubDaemon.Reply.json(200, Json.obj());
    }

    /** A typical bridge attachment: bridge, host veth, container eth0 with one IPv4 address. */
    static CniReply sampleReply()
    {
        return new CniReply(
            List.of(new CniReply.Interface("pnt0", "a6:1d:00:00:00:01", null, 1500),
                new CniReply.Interface("veth1a2b3c4d", "6e:00:00:00:00:02", null, 1500),
                new CniReply.Interface("eth0", "02:42:0a:4d:00:05", "/var/run/netns/pontoon-training", 1500)),
            List.of(new CniReply.Ip("10.77.0.5/16", "10.77.0.1", 2)),
            List.of(new CniReply.Route("0.0.0.0/0", "10.77.0.1")),
            new CniReply.Dns(List.of("10.77.0.1"), null, List.of(), List.of()));
    }
}
