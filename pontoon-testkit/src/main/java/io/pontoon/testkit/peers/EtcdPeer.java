// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Await;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;
import io.pontoon.testkit.Spawned;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A single-member etcd 3.4 (Debian's {@code etcd-server}) in a lab host, serving clients on
 * {@code http://UNDERLAY:2379} and {@code http://127.0.0.1:2379} inside that host, peers on
 * {@code UNDERLAY:2380}. Its data lives on tmpfs ({@code /dev/shm/pt-et-ID}) and survives
 * {@link #stop()}/{@link #start()}, which simulate an outage and a recovery. {@link #etcdctl}
 * needs Debian's {@code etcd-client}. One EtcdPeer per lab host (the ports are fixed).
 */
public final class EtcdPeer implements AutoCloseable
{
    public static final int CLIENT_PORT = 2379;
    public static final int PEER_PORT = 2380;
    /** How long {@link #start} waits for {@code etcdctl endpoint health}. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Path SHM = Path.of("/dev/shm");
    private static final Set<String> HOSTS_IN_USE = ConcurrentHashMap.newKeySet();

    private final Lab.Host host;
    private final String id;
    private final Path dataDir;
    private final List<String> extraArgs;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Spawned process;
    private Duration startupTime;

    private EtcdPeer(final Lab.Host host, final String id, final List<String> extraArgs)
    {
        this.host = host;
        this.id = id;
        this.extraArgs = extraArgs;
        this.dataDir = SHM.resolve("pt-" + id);
    }

    /**
     * Starts etcd in {@code host} with an empty data directory and waits until it is healthy.
     * The peer is {@linkplain Lab#adopt adopted} by the host's lab. {@code extraArgs} are added
     * to etcd's command line on every start, e.g. {@code --heartbeat-interval=50
     * --election-timeout=300} to shorten the leader election after a restart (about 1-2 s with
     * the defaults).
     */
    public static EtcdPeer start(final Lab.Host host, final String... extraArgs)
    {
        if (!HOSTS_IN_USE.add(host.nsName()))
        {
            throw new IllegalStateException(host + " already runs an EtcdPeer");
        }
        final EtcdPeer peer;
        try
        {
            peer = new EtcdPeer(host, PeerFiles.reserve("et", SHM), List.copyOf(List.of(extraArgs)));
        }
        catch (final RuntimeException e)
        {
            HOSTS_IN_USE.remove(host.nsName());
            throw e;
        }
        try
        {
            host.lab().adopt(peer);
            peer.start();
            return peer;
        }
        catch (final RuntimeException | Error e)
        {
            try
            {
                peer.close();
            }
            catch (final RuntimeException c)
            {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    /**
     * (Re)starts etcd on the existing data directory and waits until {@code etcdctl endpoint
     * health} succeeds; {@link #startupTime()} is how long that took. No-op if it runs.
     */
    public synchronized void start()
    {
        ensureOpen();
        if (running())
        {
            return;
        }
        final String ip = host.underlayIp();
        final List<String> cmd = new ArrayList<>(List.of("etcd",
            "--name", "pt-" + id,
            "--data-dir", dataDir.toString(),
            "--listen-client-urls", "http://" + ip + ":" + CLIENT_PORT + ",http://127.0.0.1:" + CLIENT_PORT,
            "--advertise-client-urls", endpoint(),
            "--listen-peer-urls", "http://" + ip + ":" + PEER_PORT,
            "--initial-advertise-peer-urls", "http://" + ip + ":" + PEER_PORT,
            "--initial-cluster", "pt-" + id + "=http://" + ip + ":" + PEER_PORT,
            "--initial-cluster-token", "pt-" + id,
            "--initial-cluster-state", "new"));
        cmd.addAll(extraArgs);
        final long t0 = System.nanoTime();
        process = host.spawn(cmd.toArray(String[]::new));
        final Spawned p = process;
        Await.until("etcd " + id + " healthy", READY_TIMEOUT, () ->
        {
            if (!p.alive())
            {
                throw new LabException("etcd " + id + " exited during startup\n" + p.output());
            }
            return healthy();
        });
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Stops etcd (SIGTERM, SIGKILL after 10 s), keeping its data; clients see an outage. */
    public synchronized void stop()
    {
        if (process == null || !process.alive())
        {
            return;
        }
        process.process().destroy();
        if (!Commands.waitFor(process.process(), STOP_TIMEOUT))
        {
            process.kill();
        }
    }

    public synchronized boolean running()
    {
        return process != null && process.alive();
    }

    /** Whether {@code etcdctl endpoint health} succeeds within 2 s, run inside the etcd host. */
    public boolean healthy()
    {
        return etcdctl(Duration.ofSeconds(5), host, "--command-timeout=2s", "endpoint", "health").ok();
    }

    /** {@code http://UNDERLAY:2379}. */
    public String endpoint()
    {
        return "http://" + host.underlayIp() + ":" + CLIENT_PORT;
    }

    /** Runs {@code ETCDCTL_API=3 etcdctl --endpoints=ENDPOINT ARGS} inside the etcd host. */
    public ExecResult etcdctl(final String... args)
    {
        return etcdctl(Lab.DEFAULT_TIMEOUT, host, args);
    }

    /** Runs {@code ETCDCTL_API=3 etcdctl --endpoints=ENDPOINT ARGS} inside {@code from}, another lab host. */
    public ExecResult etcdctlFrom(final Lab.Host from, final String... args)
    {
        return etcdctl(Lab.DEFAULT_TIMEOUT, from, args);
    }

    private ExecResult etcdctl(final Duration timeout, final Lab.Host from, final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + from.nsPath(), "--",
            "env", "ETCDCTL_API=3", "etcdctl", "--endpoints=" + endpoint()));
        cmd.addAll(List.of(args));
        return Commands.run(cmd, timeout);
    }

    /** Kills etcd and deletes its data directory. Idempotent; also called by the lab when it closes. */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        final List<String> problems = new ArrayList<>();
        try
        {
            synchronized (this)
            {
                if (process != null)
                {
                    process.kill();
                    if (process.alive())
                    {
                        problems.add("etcd " + id + " (pid " + process.pid() + ") survived SIGKILL");
                    }
                }
            }
            Problems.attempt(problems, "removing " + dataDir, () -> PeerFiles.removeDir(dataDir, problems));
        }
        finally
        {
            HOSTS_IN_USE.remove(host.nsName());
        }
        Problems.throwIfAny(this, problems);
    }

    public Lab.Host host()
    {
        return host;
    }

    /** {@code et-PIDnSEQ}; the member is named {@code pt-ID}. */
    public String id()
    {
        return id;
    }

    /** {@code /dev/shm/pt-ID}. */
    public Path dataDir()
    {
        return dataDir;
    }

    /** etcd's pid, or -1 while stopped. */
    public synchronized long pid()
    {
        return running() ? process.pid() : -1;
    }

    /** From spawning etcd to the first healthy answer, for the latest {@link #start()}. */
    public synchronized Duration startupTime()
    {
        return startupTime;
    }

    /** What the current (or last) etcd process has logged. */
    public synchronized String log()
    {
        return process == null ? "" : process.output();
    }

    private void ensureOpen()
    {
        if (closed.get())
        {
            throw new IllegalStateException(this + " is closed");
        }
    }

    @Override
    public String toString()
    {
        return "EtcdPeer " + id + " on " + host;
    }
}
