// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench.overlay;

import io.pontoon.api.client.DaemonHost;
import io.pontoon.api.client.HttpResponse;
import io.pontoon.api.client.UdsHttpClient;
import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.Spawned;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real {@code pontoon daemon} in a lab host, in a cluster; its REST API is called straight on
 * its Unix socket (the benchmark JVM and the daemon share the file system, not the network).
 */
final class LabDaemon implements AutoCloseable
{
    final Lab.Host host;
    final String name;
    private final Path dir;
    private final UdsHttpClient client;
    private final Spawned process;

    LabDaemon(final Lab.Host host, final String name, final String etcd, final Path launcher)
    {
        this.host = host;
        this.name = name;
        this.dir = Path.of("/dev/shm", "pt-ovb-" + ProcessHandle.current().pid() + "-" + name);
        this.client = new UdsHttpClient(new DaemonHost(dir.resolve("d.sock")), Duration.ofSeconds(5), Duration.ofSeconds(60));
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException(e);
        }
        this.process = host.spawn(launcher.toString(), "daemon", "--state-dir", dir.resolve("state").toString(), "--socket",
            dir.resolve("d.sock").toString(), "--run-dir", dir.resolve("run").toString(), "--docker-plugin", "off",
            "--cluster-store", etcd, "--advertise", host.underlayIp(), "--host-name", name);
        Await.until("daemon " + name, Duration.ofSeconds(60), () ->
        {
            if (!process.alive())
            {
                throw new IllegalStateException("daemon " + name + " exited:\n" + process.output());
            }
            return Files.exists(dir.resolve("d.sock")) && call("GET", "/v1/version", null).ok();
        });
    }

    HttpResponse call(final String method, final String path, final Object body)
    {
        try
        {
            return client.request(method, path, body == null ? null : Json.write(body));
        }
        catch (final IOException e)
        {
            return new HttpResponse(599, e.getMessage(), Map.of(), "");
        }
    }

    JsonObject ok(final String method, final String path, final Object body)
    {
        final HttpResponse r = call(method, path, body);
        if (!r.ok())
        {
            throw new IllegalStateException(name + ": " + method + " " + path + " -> " + r.status() + " " + r.body());
        }
        return r.body().isEmpty() ? JsonObject.empty() : Json.parseObject(r.body());
    }

    JsonObject run(final String sandbox, final String network, final String ip)
    {
        return ok("POST", "/v1/sandboxes", Json.obj("Name", sandbox, "Network", network, "IP", ip));
    }

    void rm(final String sandbox)
    {
        ok("DELETE", "/v1/sandboxes/" + sandbox + "?force=true", null);
    }

    /** Whether this daemon's view of {@code network} lists a remote endpoint with address {@code ip}. */
    boolean knows(final String network, final String ip)
    {
        final HttpResponse r = call("GET", "/v1/networks/" + network, null);
        return r.ok() && Json.parseObject(r.body()).objects("RemoteEndpoints").stream().anyMatch(e -> ip.equals(e.string("IPAddress")));
    }

    @Override
    public void close()
    {
        final HttpResponse r = call("GET", "/v1/sandboxes", null);
        if (r.ok() && Json.parse(r.body()) instanceof List<?> l)
        {
            for (final Object o : l)
            {
                call("DELETE", "/v1/sandboxes/" + ((Map<?, ?>) o).get("Id") + "?force=true", null);
            }
        }
        process.process().destroy();
        if (!Commands.waitFor(process.process(), Duration.ofSeconds(30)))
        {
            process.kill();
        }
        Commands.run(List.of("sh", "-c", "grep -o ' " + dir + "/run/netns/[^ ]*' /proc/mounts | xargs -r -n1 umount -l"),
            Duration.ofSeconds(30));
        Commands.run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(30));
    }
}
