// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.api.json.JsonObject;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.Spawned;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@code pontoon daemon} started by its launcher inside a lab host
 * ({@code nsenter --net=HOST pontoon-cli/src/main/sh/pontoon daemon --state-dir D/state --socket D/p.sock
 * --run-dir D/run ...}), with everything in a temporary directory. {@link #close()} removes every
 * sandbox and network through the API, stops the daemon, unmounts what is left of its sandbox
 * namespaces and deletes the directory; the lab adopts it, so it also goes when the lab closes.
 */
public final class PontoonDaemon implements AutoCloseable
{
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Spawned process;
    private final Api api;
    private boolean closed;

    private PontoonDaemon(final Path dir, final Spawned process)
    {
        this.dir = dir;
        this.process = process;
        this.api = Api.pontoon(dir.resolve("p.sock"));
    }

    /**
     * Starts the daemon in {@code host} with {@code --default-bridge-subnet bridgeSubnet}; with
     * {@code pluginDir} non-null also {@code --docker-plugin on --docker-plugin-dir pluginDir},
     * else {@code --docker-plugin off}. Returns once the REST socket answers {@code GET /v1/version}
     * (and the plugin socket exists, when asked for).
     */
    public static PontoonDaemon start(final Lab.Host host, final String bridgeSubnet, final Path pluginDir)
        throws IOException, InterruptedException
    {
        final Path dir = Files.createTempDirectory("pt-bench-d");
        final List<String> cmd = new ArrayList<>(List.of(Repo.launcher().toString(), "daemon",
            "--state-dir", dir.resolve("state").toString(), "--socket", dir.resolve("p.sock").toString(),
            "--run-dir", dir.resolve("run").toString(), "--default-bridge-subnet", bridgeSubnet));
        cmd.addAll(pluginDir == null ? List.of("--docker-plugin", "off")
            : List.of("--docker-plugin", "on", "--docker-plugin-dir", pluginDir.toString()));
        final PontoonDaemon d = new PontoonDaemon(dir, host.spawn(cmd.toArray(String[]::new)));
        host.lab().adopt(d);
        final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!d.ready(pluginDir))
        {
            if (!d.process.alive() || System.nanoTime() > deadline)
            {
                throw new IllegalStateException("pontoon daemon did not start:\n" + d.process.output());
            }
            Thread.sleep(50);
        }
        return d;
    }

    private boolean ready(final Path pluginDir)
    {
        if (!Files.exists(socket()) || pluginDir != null && !Files.exists(pluginDir.resolve("pontoon.sock")))
        {
            return false;
        }
        try
        {
            return api.raw("GET", "/version", null).ok();
        }
        catch (final UncheckedIOException e)
        {
            return false; // the socket file exists before the server accepts on it
        }
    }

    public Api api()
    {
        return api;
    }

    /** The REST API socket. */
    public Path socket()
    {
        return dir.resolve("p.sock");
    }

    /** The {@code pontoon} CLI: {@code env PONTOON_HOST=unix://SOCKET pontoon ARGS}, from the JVM's namespaces. */
    public ExecResult cli(final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("env", "PONTOON_HOST=unix://" + socket(), Repo.launcher().toString()));
        cmd.addAll(List.of(args));
        return Commands.run(cmd, Duration.ofSeconds(60));
    }

    /** Everything the daemon has logged. */
    public String log()
    {
        return process.output();
    }

    /**
     * Deletes every sandbox ({@code ?force=true}) and every network but the default one, stops the
     * daemon (SIGTERM, then SIGKILL after 10 s), unmounts leftovers under its directory, deletes it.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (process.alive())
            {
                for (final JsonObject s : api.list("/sandboxes"))
                {
                    api.delete("/sandboxes/" + s.requireString("Id") + "?force=true");
                }
                for (final JsonObject n : api.list("/networks"))
                {
                    if (!n.requireString("Name").equals("bridge") && n.requireString("Driver").equals("bridge"))
                    {
                        api.delete("/networks/" + n.requireString("Id"));
                    }
                }
            }
        }
        finally
        {
            process.process().destroy();
            if (!Commands.waitFor(process.process(), Duration.ofSeconds(10)))
            {
                process.kill();
            }
            unmountUnder(dir);
            deleteTree(dir);
        }
    }

    /** {@code umount -l} every mount point below {@code dir} (sandbox namespaces left by a failure). */
    private static void unmountUnder(final Path dir)
    {
        try
        {
            final List<String> points = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .map(l -> l.split(" ")[1]).filter(p -> p.startsWith(dir + "/")).toList();
            for (final String p : points.reversed())
            {
                Commands.run(List.of("umount", "-l", p), Duration.ofSeconds(10));
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> s = Files.walk(dir))
        {
            for (final Path p : s.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }
}
