// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.daemon;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.api.rest.NetworkView;
import io.pontoon.api.rest.SandboxView;
import io.pontoon.kernel.netns.NetNs;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;
import io.pontoon.testkit.Spawned;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code pontoon daemon} running inside a lab host, with its own state directory, run
 * directory and socket under a fresh {@code /tmp/pt-d-*} directory, plus the {@code pontoon} CLI
 * pointed at it. Equals {@code nsenter --net=HOST pontoon daemon --state-dir D/state --socket
 * D/d.sock --run-dir D/run EXTRA...}; the CLI runs as {@code nsenter --net=HOST env
 * PONTOON_HOST=unix://D/d.sock pontoon ARGS...}.
 *
 * <p>{@link #close()} removes every sandbox ({@code pontoon rm -f}, best effort), stops the
 * daemon, kills whatever still runs in its sandbox namespaces, unmounts them and deletes the
 * directory. Bridges, veths and nft tables live in the lab host and go when the lab closes.
 */
public final class PontoonDaemon implements AutoCloseable
{
    /** Timeout of one CLI call. */
    public static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Lab.Host host;
    private final Path launcher;
    private final Path dir;
    private List<String> extraArgs;
    private final List<Spawned> incarnations = new ArrayList<>();
    private Spawned current;
    private boolean closed;

    private PontoonDaemon(final Lab.Host host, final Path launcher, final Path dir, final List<String> extraArgs)
    {
        this.host = host;
        this.launcher = launcher;
        this.dir = dir;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a daemon in {@code host} with {@code extraArgs} appended, and waits until it answers. */
    public static PontoonDaemon start(final Lab.Host host, final String... extraArgs)
    {
        final Path launcher = Launcher.script();
        final Path dir;
        try
        {
            dir = Files.createTempDirectory(Path.of("/tmp"), "pt-d-");
        }
        catch (final IOException e)
        {
            throw new LabException("cannot create a daemon directory under /tmp: " + e, e);
        }
        final PontoonDaemon d = new PontoonDaemon(host, launcher, dir, List.of(extraArgs));
        try
        {
            d.launch(Map.of());
        }
        catch (final RuntimeException | Error e)
        {
            try
            {
                d.close();
            }
            catch (final RuntimeException c)
            {
                e.addSuppressed(c);
            }
            throw e;
        }
        return d;
    }

    public Lab.Host host()
    {
        return host;
    }

    public Path socket()
    {
        return dir.resolve("d.sock");
    }

    public Path stateDir()
    {
        return dir.resolve("state");
    }

    public Path runDir()
    {
        return dir.resolve("run");
    }

    /** Where sandbox namespaces are bind-mounted ({@code RUN/netns}). */
    public Path netnsDir()
    {
        return runDir().resolve("netns");
    }

    /** The launcher script the daemon and the CLI run. */
    public Path launcher()
    {
        return launcher;
    }

    /** The value of {@code PONTOON_HOST}: {@code unix://D/d.sock}. */
    public String hostUri()
    {
        return "unix://" + socket();
    }

    /** The daemon JVM's pid (the launcher and nsenter exec it). */
    public synchronized long pid()
    {
        return current.pid();
    }

    public synchronized boolean running()
    {
        return current != null && current.alive();
    }

    /** Runs {@code pontoon ARGS...} inside the host against this daemon, with {@link #CLI_TIMEOUT}. */
    public ExecResult cli(final String... args)
    {
        return cli(CLI_TIMEOUT, args);
    }

    public ExecResult cli(final Duration timeout, final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("env", "PONTOON_HOST=" + hostUri(), launcher.toString()));
        cmd.addAll(List.of(args));
        return host.exec(timeout, cmd.toArray(String[]::new));
    }

    /** Runs the CLI, throws with all its output unless it exits 0, returns stdout stripped. */
    public String cliOk(final String... args)
    {
        final ExecResult r = cli(args);
        if (!r.ok())
        {
            throw new AssertionError("pontoon " + String.join(" ", args) + "\n" + r.describe());
        }
        return r.stdout().strip();
    }

    /** {@code pontoon exec SANDBOX -- COMMAND...}. */
    public ExecResult exec(final String sandbox, final String... command)
    {
        final List<String> args = new ArrayList<>(List.of("exec", sandbox, "--"));
        args.addAll(List.of(command));
        return cli(args.toArray(String[]::new));
    }

    /**
     * Runs a command in a sandbox's namespace without the CLI (cheaper, for loops): equals
     * {@code nsenter --net=NETNSPATH -- COMMAND}, or the host itself in host mode.
     */
    public ExecResult nsExec(final SandboxView sandbox, final String... command)
    {
        if (sandbox.netnsPath() == null)
        {
            return host.exec(command);
        }
        final List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + sandbox.netnsPath(), "--"));
        cmd.addAll(List.of(command));
        return host.exec(cmd.toArray(String[]::new));
    }

    /** {@code pontoon inspect SANDBOX}, parsed. */
    public SandboxView inspect(final String sandbox)
    {
        return SandboxView.fromJson(Json.parseObject(cliOk("inspect", sandbox)));
    }

    /** {@code pontoon network inspect NETWORK}, parsed. */
    public NetworkView network(final String network)
    {
        final List<Object> a = array(cliOk("network", "inspect", network));
        if (a.size() != 1)
        {
            throw new AssertionError("network inspect " + network + " gave " + a.size() + " objects");
        }
        return NetworkView.fromJson(JsonObject.wrap((Map<?, ?>) a.get(0)));
    }

    /** {@code pontoon ps --format json}, parsed. */
    public List<SandboxView> sandboxes()
    {
        return array(cliOk("ps", "--format", "json")).stream().map(o -> SandboxView.fromJson(JsonObject.wrap((Map<?, ?>) o)))
            .toList();
    }

    /** {@code pontoon network ls --format json}, parsed. */
    public List<NetworkView> networks()
    {
        return array(cliOk("network", "ls", "--format", "json")).stream()
            .map(o -> NetworkView.fromJson(JsonObject.wrap((Map<?, ?>) o))).toList();
    }

    private static List<Object> array(final String json)
    {
        if (!(Json.parse(json) instanceof List<?> l))
        {
            throw new AssertionError("expected a JSON array, got: " + json);
        }
        return List.copyOf(l);
    }

    /**
     * Runs Java code inside a sandbox's network namespace (the host's in host mode); sockets it
     * opens stay there. See {@link NetNs#call}.
     */
    public <T> T inSandbox(final SandboxView sandbox, final Callable<T> task)
    {
        if (sandbox.netnsPath() == null)
        {
            return host.call(task);
        }
        try (NetNs ns = NetNs.open(Path.of(sandbox.netnsPath())))
        {
            return ns.call(task);
        }
    }

    /** SIGTERM, then waits for the daemon to exit; fails if it does not within 30 s. */
    public synchronized void stop()
    {
        if (!running())
        {
            return;
        }
        final Process p = current.process();
        p.destroy();
        if (!waitFor(p, STOP_TIMEOUT))
        {
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(5));
            throw new AssertionError("daemon did not exit within " + STOP_TIMEOUT + " of SIGTERM\n" + log());
        }
    }

    /** SIGKILL to the daemon alone (its sandbox processes live on), then waits for it to be gone. */
    public synchronized void kill9()
    {
        if (!running())
        {
            return;
        }
        final Process p = current.process();
        p.destroyForcibly();
        waitFor(p, STOP_TIMEOUT);
    }

    /** Stops the daemon if it runs (SIGTERM) and starts it again on the same state. */
    public synchronized void restart()
    {
        restart(Map.of());
    }

    /**
     * Stops the daemon if it runs (SIGTERM) and starts it again on the same state with {@code env}
     * added to its environment ({@code env K=V... pontoon daemon ...}); later restarts drop it.
     */
    public synchronized void restart(final Map<String, String> env)
    {
        stop();
        launch(env);
    }

    /**
     * Waits up to {@code timeout} for the daemon to exit by itself and returns its exit status;
     * fails if it is still running then.
     */
    public synchronized int awaitExit(final Duration timeout)
    {
        final Process p = current.process();
        if (!waitFor(p, timeout))
        {
            throw new AssertionError("daemon still running after " + timeout + "\n" + log());
        }
        return p.exitValue();
    }

    /** {@link #restart()} with other arguments from now on (in place of the ones given at start). */
    public synchronized void restart(final String... newExtraArgs)
    {
        stop();
        extraArgs = List.of(newExtraArgs);
        launch(Map.of());
    }

    /** Everything every incarnation of the daemon has written, oldest first. */
    public synchronized String log()
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < incarnations.size(); i++)
        {
            b.append("--- daemon incarnation ").append(i + 1).append(" (").append(incarnations.get(i).log()).append(") ---\n")
                .append(incarnations.get(i).output());
        }
        return b.toString();
    }

    private synchronized void launch(final Map<String, String> env)
    {
        final List<String> cmd = new ArrayList<>();
        if (!env.isEmpty())
        {
            cmd.add("env");
            env.forEach((k, v) -> cmd.add(k + "=" + v));
        }
        cmd.addAll(List.of(launcher.toString(), "daemon", "--state-dir", stateDir().toString(),
            "--socket", socket().toString(), "--run-dir", runDir().toString()));
        cmd.addAll(extraArgs);
        final Spawned s = host.spawn(cmd.toArray(String[]::new));
        incarnations.add(s);
        current = s;
        final long t0 = System.nanoTime();
        Await.until("pontoon daemon in " + host.name() + " to answer 'pontoon version'", READY_TIMEOUT, () ->
        {
            if (!s.alive())
            {
                throw new AssertionError("pontoon daemon exited with " + s.process().exitValue() + " while starting\n" + log());
            }
            return Files.exists(socket()) && cli(Duration.ofSeconds(20), "version").ok();
        });
        System.err.printf("pontoon daemon in %s ready after %d ms (pid %d)%n", host.name(),
            (System.nanoTime() - t0) / 1_000_000, s.pid());
    }

    /**
     * Removes every sandbox (best effort), stops the daemon, kills what still runs in its sandbox
     * namespaces, unmounts them and deletes the daemon's directory. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final List<String> problems = new ArrayList<>();
        if (running())
        {
            try
            {
                final List<String> ids = sandboxes().stream().map(SandboxView::id).toList();
                if (!ids.isEmpty())
                {
                    final List<String> args = new ArrayList<>(List.of("rm", "-f"));
                    args.addAll(ids);
                    final ExecResult r = cli(args.toArray(String[]::new));
                    if (!r.ok())
                    {
                        problems.add("pontoon rm -f: " + r.describe());
                    }
                }
            }
            catch (final RuntimeException | AssertionError e)
            {
                problems.add("listing or removing sandboxes: " + e.getMessage());
            }
            try
            {
                stop();
            }
            catch (final AssertionError e)
            {
                problems.add(e.getMessage());
            }
        }
        DaemonCleanup.releaseRunDir(runDir(), problems);
        DaemonCleanup.deleteTree(dir, problems);
        if (!problems.isEmpty())
        {
            throw new LabException("closing the daemon in " + host.name() + " (" + dir + "):\n" + String.join("\n", problems));
        }
    }

    private static boolean waitFor(final Process p, final Duration timeout)
    {
        try
        {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    @Override
    public String toString()
    {
        return "pontoon daemon in " + host + " (" + dir + ")";
    }
}
