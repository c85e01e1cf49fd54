// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.overlay;

import io.pontoon.api.client.DaemonHost;
import io.pontoon.api.client.HttpResponse;
import io.pontoon.api.client.UdsHttpClient;
import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.Spawned;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code pontoon daemon} in a lab host joined to a cluster: {@code --cluster-store
 * etcd://ETCD:2379 --advertise <host's underlay address> --host-name NAME}, state, socket and
 * sandbox namespaces under {@code /dev/shm/pt-ovc-PIDnSEQ} (tmpfs). REST calls go straight to its
 * Unix socket; {@link #cli} runs the real CLI inside the host.
 */
final class ClusterDaemon implements AutoCloseable
{
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Duration READY = Duration.ofSeconds(60);

    final Lab.Host host;
    final String name;
    final Path dir;
    private final List<String> args;
    private final UdsHttpClient client;
    private final List<Spawned> incarnations = new ArrayList<>();
    private Spawned current;

    private ClusterDaemon(final Lab.Host host, final String name, final Path dir, final List<String> args)
    {
        this.host = host;
        this.name = name;
        this.dir = dir;
        this.args = args;
        this.client = new UdsHttpClient(new DaemonHost(dir.resolve("d.sock")), Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    static Path launcher()
    {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.exists(d.resolve("pontoon-cli/src/main/sh/pontoon")))
        {
            d = d.getParent();
        }
        if (d == null)
        {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return d.resolve("pontoon-cli/src/main/sh/pontoon");
    }

    /** A daemon named {@code name} in {@code host}, cluster store {@code etcd}, TTL {@code ttlSeconds}. */
    static ClusterDaemon start(final Lab.Host host, final String name, final String etcd, final int ttlSeconds,
        final String... extra)
    {
        final Path dir = Path.of("/dev/shm", "pt-ovc-" + ProcessHandle.current().pid() + "n" + SEQ.incrementAndGet());
        final List<String> a = new ArrayList<>(List.of("--cluster-store", etcd, "--advertise", host.underlayIp(),
            "--host-name", name, "--cluster-ttl", Integer.toString(ttlSeconds), "--cluster-timeout", "2",
            "--docker-plugin", "off"));
        a.addAll(List.of(extra));
        final ClusterDaemon d = new ClusterDaemon(host, name, dir, a);
        host.lab().adopt(d);
        d.launch();
        return d;
    }

    /** Starts the daemon (again) on its state; waits until its API answers. */
    synchronized void launch()
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException(e);
        }
        final List<String> cmd = new ArrayList<>(List.of(launcher().toString(), "daemon", "--state-dir", dir.resolve("state").toString(),
            "--socket", dir.resolve("d.sock").toString(), "--run-dir", dir.resolve("run").toString()));
        cmd.addAll(args);
        final Spawned s = host.spawn(cmd.toArray(String[]::new));
        incarnations.add(s);
        current = s;
        Await.until("pontoon daemon " + name + " answering", READY, () ->
        {
            if (!s.alive())
            {
                throw new AssertionError("pontoon daemon " + name + " exited while starting:\n" + s.output());
            }
            return Files.exists(dir.resolve("d.sock")) && call("GET", "/v1/version", null).ok();
        });
    }

    /** Starts a daemon that is expected to fail; returns its output once it exited. */
    static String startFailing(final Lab.Host host, final String name, final String etcd)
    {
        final Path dir = Path.of("/dev/shm", "pt-ovc-" + ProcessHandle.current().pid() + "n" + SEQ.incrementAndGet());
        final Spawned s = host.spawn(launcher().toString(), "daemon", "--state-dir", dir.resolve("state").toString(),
            "--socket", dir.resolve("d.sock").toString(), "--run-dir", dir.resolve("run").toString(), "--cluster-store", etcd,
            "--advertise", host.underlayIp(), "--host-name", name, "--docker-plugin", "off");
        try
        {
            Await.until("the second " + name + " to give up", READY, () -> !s.alive());
            return s.output();
        }
        finally
        {
            s.kill();
            Commands.run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(30));
        }
    }

    HttpResponse call(final String method, final String path, final Object body)
    {
        try
        {
            return client.request(method, path, body == null ? null : Json.write(body));
        }
        catch (final IOException e)
        {
            return new HttpResponse(599, "no answer: " + e.getMessage(), Map.of(), "");
        }
    }

    /** The JSON body of a successful call; AssertionError with the reply otherwise. */
    Object ok(final String method, final String path, final Object body)
    {
        final HttpResponse r = call(method, path, body);
        if (!r.ok())
        {
            throw new AssertionError(name + ": " + method + " " + path + " -> " + r.status() + " " + r.body());
        }
        return r.body().isEmpty() ? null : Json.parse(r.body());
    }

    JsonObject cluster()
    {
        return JsonObject.wrap((Map<?, ?>) ok("GET", "/v1/cluster", null));
    }

    boolean inSync()
    {
        final HttpResponse r = call("GET", "/v1/cluster", null);
        return r.ok() && Json.parseObject(r.body()).bool("InSync", false);
    }

    JsonObject network(final String network)
    {
        return JsonObject.wrap((Map<?, ?>) ok("GET", "/v1/networks/" + network, null));
    }

    /** {@code POST /v1/sandboxes}: a sandbox on {@code network}, maybe with an address, ports and a process. */
    HttpResponse runCall(final String sandbox, final String network, final String ip, final List<String> publish,
        final List<String> command)
    {
        return call("POST", "/v1/sandboxes", Json.obj("Name", sandbox, "Network", network, "IP", ip, "Publish", publish,
            "Command", command, "Detach", !command.isEmpty()));
    }

    /** Runs a sandbox and returns its first endpoint's address (without prefix length). */
    String run(final String sandbox, final String network)
    {
        return run(sandbox, network, null, List.of(), List.of());
    }

    String run(final String sandbox, final String network, final String ip, final List<String> publish, final List<String> command)
    {
        final HttpResponse r = runCall(sandbox, network, ip, publish, command);
        if (!r.ok())
        {
            throw new AssertionError(name + ": run " + sandbox + " on " + network + " -> " + r.status() + " " + r.body());
        }
        return address(Json.parseObject(r.body()));
    }

    static String address(final JsonObject sandbox)
    {
        final String cidr = sandbox.objects("Endpoints").getFirst().string("IPAddress");
        return cidr.substring(0, cidr.indexOf('/'));
    }

    JsonObject sandbox(final String sandbox)
    {
        return JsonObject.wrap((Map<?, ?>) ok("GET", "/v1/sandboxes/" + sandbox, null));
    }

    void rm(final String sandbox)
    {
        ok("DELETE", "/v1/sandboxes/" + sandbox + "?force=true", null);
    }

    /** Runs a command inside a sandbox's namespace: {@code nsenter --net=NETNS -- COMMAND}. */
    ExecResult inSandbox(final String sandbox, final String... command)
    {
        final List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + sandbox(sandbox).string("NetnsPath"), "--"));
        cmd.addAll(List.of(command));
        return host.exec(Duration.ofSeconds(30), cmd.toArray(String[]::new));
    }

    /** Whether {@code ip} answers a ping from inside {@code sandbox} (up to three tries of 1 s). */
    boolean ping(final String sandbox, final String ip)
    {
        for (int i = 0; i < 3; i++)
        {
            if (inSandbox(sandbox, "ping", "-c1", "-W1", ip).ok())
            {
                return true;
            }
        }
        return false;
    }

    /** {@code pontoon ARGS...} inside the host against this daemon. */
    ExecResult cli(final String... a)
    {
        final List<String> cmd = new ArrayList<>(List.of("env", "PONTOON_HOST=unix://" + dir.resolve("d.sock"), launcher().toString()));
        cmd.addAll(List.of(a));
        return host.exec(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    /** The daemon's API socket (what a CNI configuration's {@code socket} names). */
    Path socket()
    {
        return dir.resolve("d.sock");
    }

    synchronized boolean running()
    {
        return current != null && current.alive();
    }

    /** SIGKILL to the daemon only (its sandboxes stay). */
    synchronized void kill9()
    {
        current.process().destroyForcibly();
        Commands.waitFor(current.process(), Duration.ofSeconds(10));
    }

    /** SIGTERM and wait. */
    synchronized void stop()
    {
        if (running())
        {
            current.process().destroy();
            if (!Commands.waitFor(current.process(), Duration.ofSeconds(30)))
            {
                current.kill();
            }
        }
    }

    synchronized String log()
    {
        final StringBuilder b = new StringBuilder();
        incarnations.forEach(s -> b.append("--- ").append(s.log()).append('\n').append(s.output()));
        return b.toString();
    }

    /** Removes every sandbox (when the daemon runs), stops it, unmounts what is left, deletes its directory. */
    @Override
    public synchronized void close()
    {
        if (running())
        {
            final HttpResponse r = call("GET", "/v1/sandboxes", null);
            if (r.ok() && Json.parse(r.body()) instanceof List<?> l)
            {
                for (final Object o : l)
                {
                    call("DELETE", "/v1/sandboxes/" + ((Map<?, ?>) o).get("Id") + "?force=true", null);
                }
            }
        }
        stop();
        Commands.run(List.of("sh", "-c", "grep -o ' " + dir + "/run/netns/[^ ]*' /proc/mounts | xargs -r -n1 umount -l"),
            Duration.ofSeconds(30));
        Commands.run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(30));
    }

    @Override
    public String toString()
    {
        return "pontoon daemon " + name + " in " + host.name() + " (" + dir + ")";
    }
}
