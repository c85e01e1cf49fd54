// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Await;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A single-member etcd 3.4 (Debian's {@code etcd-server}) in the JVM's own namespaces, serving
 * clients and its peer port only on {@code 127.0.0.1}, on free ports picked at the first start.
 *
 * <p>What it is for: tests of a client that runs inside the test JVM, such as the daemon's etcd
 * store. Such a client cannot use an {@link EtcdPeer}: that etcd sits in a lab host's network
 * namespace, and jetcd (gRPC on Netty) opens its sockets lazily on its own event-loop threads, so
 * they cannot be bound into that namespace. Loopback traffic in the root namespace is allowed by
 * the network rule, and nothing here touches the root namespace's links, routes or rules; the
 * only shared resource is the two ports, picked free (a start that loses the race for a port
 * retries with new ones). Tests of processes inside lab hosts keep using EtcdPeer.
 *
 * <p>Data lives on tmpfs ({@code /dev/shm/pt-et-ID}, because etcd 3.4 cannot skip fsync) and
 * survives {@link #stop()}/{@link #start()}, which keep the ports: an outage and a recovery as a
 * client sees them. {@link #close()} kills etcd and removes the data; so does a JVM shutdown hook,
 * and after a JVM crash {@link StalePeers} finds the etcd through its data directory.
 */
public final class LoopbackEtcd implements AutoCloseable
{
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Path SHM = Path.of("/dev/shm");
    private static final String LOOPBACK = "127.0.0.1";
    private static final int PORT_TRIES = 5;
    private static final Set<LoopbackEtcd> OPEN = ConcurrentHashMap.newKeySet();

    static
    {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("pt-loopback-etcd-cleanup").unstarted(() ->
        {
            for (final LoopbackEtcd e : List.copyOf(OPEN))
            {
                try
                {
                    e.close();
                }
                catch (final RuntimeException ex)
                {
                    System.err.println("pt-peers: " + ex.getMessage());
                }
            }
        }));
    }

    private final String id;
    private final Path dataDir;
    private final Path log;
    private final List<String> extraArgs;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int clientPort;
    private int peerPort;
    private Process process;
    private Duration startupTime;

    private LoopbackEtcd(final String id, final List<String> extraArgs)
    {
        this.id = id;
        this.extraArgs = extraArgs;
        this.dataDir = SHM.resolve("pt-" + id);
        this.log = Path.of("target", "lab-logs", "etcd-" + id + ".log").toAbsolutePath();
    }

    /**
     * Starts etcd with an empty data directory on two free loopback ports and waits until it is
     * healthy. {@code extraArgs} go on etcd's command line at every start, e.g.
     * {@code --heartbeat-interval=50 --election-timeout=300} for a faster election after a restart.
     */
    public static LoopbackEtcd launch(final String... extraArgs)
    {
        final LoopbackEtcd etcd = new LoopbackEtcd(PeerFiles.reserve("et", SHM), List.of(extraArgs));
        OPEN.add(etcd);
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                etcd.pickPorts();
                try
                {
                    etcd.start();
                    return etcd;
                }
                catch (final LabException e)
                {
                    if (attempt >= PORT_TRIES || !etcd.log().contains("address already in use"))
                    {
                        throw e;
                    }
                }
            }
        }
        catch (final RuntimeException | Error e)
        {
            try
            {
                etcd.close();
            }
            catch (final RuntimeException c)
            {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    /** (Re)starts etcd on the existing data and ports; waits until healthy. No-op if it runs. */
    public synchronized void start()
    {
        if (closed.get())
        {
            throw new IllegalStateException(this + " is closed");
        }
        if (running())
        {
            return;
        }
        final String client = "http://" + LOOPBACK + ":" + clientPort;
        final String peer = "http://" + LOOPBACK + ":" + peerPort;
        final List<String> cmd = new ArrayList<>(List.of("etcd",
            "--name", "pt-" + id,
            "--data-dir", dataDir.toString(),
            "--listen-client-urls", client,
            "--advertise-client-urls", client,
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", "pt-" + id + "=" + peer,
            "--initial-cluster-token", "pt-" + id,
            "--initial-cluster-state", "new"));
        cmd.addAll(extraArgs);
        final long t0 = System.nanoTime();
        final Process p = Commands.start(cmd, log);
        process = p;
        Await.until("etcd " + id + " healthy on " + client, EtcdPeer.READY_TIMEOUT, () ->
        {
            if (!p.isAlive())
            {
                throw new LabException("etcd " + id + " exited during startup\n" + log());
            }
            return healthy();
        });
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Stops etcd (SIGTERM, SIGKILL after 10 s), keeping data and ports: clients see an outage. */
    public synchronized void stop()
    {
        if (process == null || !process.isAlive())
        {
            return;
        }
        process.destroy();
        if (!Commands.waitFor(process, STOP_TIMEOUT))
        {
            process.destroyForcibly();
            Commands.waitFor(process, STOP_TIMEOUT);
        }
    }

    public synchronized boolean running()
    {
        return process != null && process.isAlive();
    }

    /** Whether {@code etcdctl endpoint health} succeeds within 2 s. */
    public boolean healthy()
    {
        return etcdctl(Duration.ofSeconds(5), "--command-timeout=2s", "endpoint", "health").ok();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint()
    {
        return "http://" + LOOPBACK + ":" + clientPort;
    }

    public int clientPort()
    {
        return clientPort;
    }

    /** Runs {@code ETCDCTL_API=3 etcdctl --endpoints=ENDPOINT ARGS}, e.g. {@code compact 42}. */
    public ExecResult etcdctl(final String... args)
    {
        return etcdctl(Lab.DEFAULT_TIMEOUT, args);
    }

    private ExecResult etcdctl(final Duration timeout, final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("env", "ETCDCTL_API=3", "etcdctl", "--endpoints=" + endpoint()));
        cmd.addAll(List.of(args));
        return Commands.run(cmd, timeout);
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

    /** Everything etcd has logged (all starts). */
    public String log()
    {
        return Commands.read(log);
    }

    /** Kills etcd and deletes its data directory. Idempotent. */
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
                    Commands.killTree(process.toHandle());
                    if (!Commands.waitFor(process, STOP_TIMEOUT))
                    {
                        problems.add("etcd " + id + " (pid " + process.pid() + ") survived SIGKILL");
                    }
                }
            }
            Problems.attempt(problems, "removing " + dataDir, () -> PeerFiles.removeDir(dataDir, problems));
        }
        finally
        {
            OPEN.remove(this);
        }
        Problems.throwIfAny(this, problems);
    }

    private void pickPorts()
    {
        clientPort = freePort();
        do
        {
            peerPort = freePort();
        }
        while (peerPort == clientPort);
    }

    /** A port that was free on 127.0.0.1 a moment ago (the kernel's choice for port 0). */
    private static int freePort()
    {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK)))
        {
            return s.getLocalPort();
        }
        catch (final IOException e)
        {
            throw new LabException("cannot find a free port on " + LOOPBACK + ": " + e, e);
        }
    }

    @Override
    public String toString()
    {
        return "LoopbackEtcd " + id + " on " + endpoint();
    }
}
