// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.cni;

import io.pontoon.testkit.Await;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;
import io.pontoon.testkit.Spawned;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Pontoon daemon ({@code pontoon daemon}, Docker plugin off) in a lab host, for the CNI
 * tests: its state, socket and run directory live in one temp directory, so it can be stopped
 * and started again on the same state. Private to this package until the shared daemon harness
 * lands.
 */
final class CniDaemon implements AutoCloseable
{
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Lab.Host host;
    private final Path dir;
    private Spawned process;

    private CniDaemon(final Lab.Host host, final Path dir)
    {
        this.host = host;
        this.dir = dir;
    }

    /** Starts a daemon in {@code host} with fresh state; the host's lab closes it too. */
    static CniDaemon start(final Lab.Host host) throws IOException
    {
        final CniDaemon d = new CniDaemon(host, Files.createTempDirectory("pt-cnid"));
        host.lab().adopt(d);
        d.startAgain();
        return d;
    }

    /** The repository root, found upwards from the working directory. */
    static Path repo()
    {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("pontoon-cli/src/main/sh/pontoon-cni")))
        {
            dir = dir.getParent();
        }
        if (dir == null)
        {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** {@code <repo>/pontoon-cli/src/main/sh/NAME}: {@code pontoon} or {@code pontoon-cni}. */
    static Path script(final String name)
    {
        return repo().resolve("pontoon-cli/src/main/sh").resolve(name);
    }

    /** Starts the daemon process on the existing state and waits until its socket exists. */
    void startAgain()
    {
        if (process != null && process.alive())
        {
            throw new IllegalStateException("daemon already running");
        }
        process = host.spawn(script("pontoon").toString(), "daemon", "--state-dir", dir.resolve("state").toString(),
            "--socket", socket().toString(), "--run-dir", dir.resolve("run").toString(), "--docker-plugin", "off");
        Await.until("pontoon daemon listening on " + socket(), START_TIMEOUT, () ->
        {
            if (!process.alive())
            {
                throw new AssertionError("pontoon daemon exited:\n" + process.output());
            }
            return Files.exists(socket());
        });
    }

    /** Stops the daemon with SIGTERM and waits; kernel state and store stay. */
    void stop() throws IOException
    {
        if (process == null)
        {
            return;
        }
        process.process().destroy();
        if (!Commands.waitFor(process.process(), Duration.ofSeconds(30)))
        {
            process.kill();
        }
        Files.deleteIfExists(socket());
    }

    Path socket()
    {
        return dir.resolve("p.sock");
    }

    Lab.Host host()
    {
        return host;
    }

    /** The daemon's output so far, for failure messages. */
    String output()
    {
        return process == null ? "" : process.output();
    }

    /** Runs {@code pontoon ARGS} against this daemon inside its host. */
    ExecResult cli(final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("env", "PONTOON_HOST=unix://" + socket(), script("pontoon").toString()));
        cmd.addAll(List.of(args));
        return host.exec(cmd.toArray(String[]::new));
    }

    /** {@link #cli} that throws with all output unless it succeeds; returns stdout. */
    String cliOk(final String... args)
    {
        final ExecResult r = cli(args);
        if (!r.ok())
        {
            throw new LabException("pontoon " + String.join(" ", args) + "\n" + r.describe() + "\ndaemon:\n" + output());
        }
        return r.stdout();
    }

    /** Stops the daemon, unmounts anything it pinned below its directory, removes the directory. */
    @Override
    public void close() throws IOException
    {
        try
        {
            stop();
        }
        finally
        {
            Commands.run(List.of("sh", "-c", "grep -o ' " + dir + "/[^ ]*' /proc/mounts | xargs -r -n1 umount -l"),
                Lab.DEFAULT_TIMEOUT);
            if (Files.exists(dir))
            {
                try (Stream<Path> s = Files.walk(dir))
                {
                    for (final Path p : s.sorted(Comparator.reverseOrder()).toList())
                    {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Override
    public String toString()
    {
        return "pontoon daemon in " + host.name() + " (" + dir + ")";
    }
}
