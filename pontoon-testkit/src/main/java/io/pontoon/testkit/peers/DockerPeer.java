// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;
import io.pontoon.testkit.Spawned;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Debian's dockerd 20.10 running inside a lab host, with its own containerd, state, socket,
 * cgroups and plugin directory, removed completely by {@link #close()}.
 *
 * <p>How it is isolated ({@code start.sh}, {@code containerd.toml} and {@code daemon.json} in
 * {@link #dir()} show the exact commands):
 * <ul>
 * <li>Network: {@code nsenter --net=HOST} (not {@code ip netns exec}, which remounts /sys so that
 *   dockerd finds no cgroups). {@code docker0}, veths, iptables rules and {@code docker-proxy}
 *   all live in the lab host.</li>
 * <li>Files: {@code --data-root}, {@code --exec-root}, {@code --pidfile}, {@code -H unix://} and
 *   a private containerd ({@code --containerd}, with its root, state and socket in this peer's
 *   directory {@code /tmp/pt-dk-ID}). Letting dockerd start its managed containerd works too,
 *   but that one creates {@code /opt/containerd} on the host and makes startup about 2 s slower.
 *   The containerd namespace {@code moby} is per containerd, so it cannot collide.</li>
 * <li>Mounts: dockerd runs in a private mount namespace ({@code unshare --mount --propagation
 *   private}) with a tmpfs over {@code /run} and over {@code /etc/docker}. dockerd 20.10 has
 *   hard-coded paths there: plugin discovery ({@code /run/docker/plugins/*.sock},
 *   {@code /etc/docker/plugins/*.spec|json}; there is no flag or environment variable for
 *   them), the trust key {@code /etc/docker/key.json}, {@code /etc/docker/daemon.json}, and
 *   containerd's shim sockets ({@code /run/containerd/s/HASH}). {@link #pluginDir()} is
 *   bind-mounted on both plugin directories, so each dockerd discovers exactly the plugins put
 *   there (Pontoon will listen on {@code pluginDir()/pontoon.sock}), and the mounts dockerd makes
 *   (overlay2 layers, container netns bind mounts under {@code exec-root/netns}, shm) are never
 *   visible outside: the kernel drops them when the last process of the namespace dies. The
 *   catch: a container's {@code SandboxKey} path only exists inside that namespace; use
 *   {@code /proc/PID/ns/net} of {@code docker inspect -f '{{.State.Pid}}'} from outside.</li>
 * <li>Processes: dockerd, containerd, shims and docker-proxy run in a cgroup2 group of their own
 *   and containers under {@code --cgroup-parent pt-dk-ID}, so {@link #close()} finds every
 *   process even after dockerd died (shims re-parent to init).</li>
 * </ul>
 * dockerd alone can be stopped, killed and started again ({@link #stopDockerd()},
 * {@link #killDockerd()}, {@link #startDockerd()}) on the same containerd, data-root, exec-root
 * and socket, inside the same mount namespace; with {@link DockerOptions#withLiveRestore}
 * containers keep running meanwhile.
 * Only one DockerPeer may run per lab host (both would own {@code docker0}). Addresses:
 * {@code docker0} is {@code 10.200.255.1/24}, default pools {@code 10.201.0.0/16} in /24s
 * (see {@link DockerOptions}).
 */
public final class DockerPeer implements AutoCloseable
{
    /** How long {@link #start} waits for {@code docker info} to answer. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Timeout of {@link #docker(String...)}. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Set<String> HOSTS_IN_USE = ConcurrentHashMap.newKeySet();

    private final Lab.Host host;
    private final String id;
    private final Path dir;
    private final DockerOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DockerdIncarnations dockerd;

    private DockerPeer(final Lab.Host host, final String id, final Path dir, final DockerOptions options)
    {
        this.host = host;
        this.id = id;
        this.dir = dir;
        this.options = options;
        this.dockerd = new DockerdIncarnations(host, id, dir.resolve("containerd.log"));
    }

    /** Starts dockerd in {@code host} with {@link DockerOptions#defaults()}. */
    public static DockerPeer start(final Lab.Host host)
    {
        return start(host, DockerOptions.defaults());
    }

    /**
     * Starts dockerd in {@code host} and waits until {@code docker info} answers. The peer is
     * {@linkplain Lab#adopt adopted} by the host's lab; if starting fails it is removed again
     * before the exception propagates.
     */
    public static DockerPeer start(final Lab.Host host, final DockerOptions options)
    {
        if (!HOSTS_IN_USE.add(host.nsName()))
        {
            throw new IllegalStateException(host + " already runs a DockerPeer");
        }
        final DockerPeer peer;
        try
        {
            final String id = PeerFiles.reserve("dk", PeerFiles.BASE);
            peer = new DockerPeer(host, id, PeerFiles.BASE.resolve("pt-" + id), options);
        }
        catch (final RuntimeException e)
        {
            HOSTS_IN_USE.remove(host.nsName());
            throw e;
        }
        try
        {
            host.lab().adopt(peer);
            peer.launch();
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

    private synchronized void launch()
    {
        IpPrefix.parse(options.bridgeIp());
        IpPrefix.parseNetwork(options.addressPool());
        final Path script = DockerScripts.write(this, options);
        PeerCgroups.createTracking(cgroupName());
        dockerd.start(List.of("unshare", "--mount", "--propagation", "private", "sh", script.toString()), READY_TIMEOUT,
            this::answers);
    }

    /** Whether {@code docker info} answers within 10 s (while dockerd restores its networks it hangs). */
    private boolean answers()
    {
        try
        {
            return Files.exists(socket()) && docker(Duration.ofSeconds(10), "info", "--format", "{{.ID}}").ok();
        }
        catch (final LabException timedOut)
        {
            return false;
        }
    }

    /**
     * Stops dockerd alone as {@code systemctl stop docker} would: SIGTERM, then waits for it to
     * exit (SIGKILL and a {@link LabException} after 15 s). containerd and the shims live on;
     * with live-restore so do the containers, without it dockerd stops them first.
     */
    public synchronized void stopDockerd()
    {
        dockerd.stop(STOP_TIMEOUT);
    }

    /** SIGKILL to dockerd alone, as a crash: containerd, the shims and the containers live on. */
    public synchronized void killDockerd()
    {
        dockerd.kill(STOP_TIMEOUT);
    }

    /** {@link #startDockerd(Duration)} with {@link #READY_TIMEOUT}. */
    public void startDockerd()
    {
        startDockerd(READY_TIMEOUT);
    }

    /**
     * Starts dockerd again after {@link #stopDockerd()} or {@link #killDockerd()}, on the same
     * containerd, data-root, exec-root, socket and plugin directory, and waits up to
     * {@code timeout} for {@code docker info} (dockerd answers only after restoring its networks,
     * which waits for remote plugins). Runs {@code dockerd.sh} in the mount namespace containerd
     * still holds ({@code nsenter --mount=/proc/PID/ns/mnt}); if nothing of the peer is left
     * there, {@code start.sh} runs again in a new one.
     */
    public synchronized void startDockerd(final Duration timeout)
    {
        if (closed.get() || dockerdRunning())
        {
            throw new IllegalStateException(this + (closed.get() ? " is closed" : ": dockerd runs already"));
        }
        final List<Long> holders = dockerd.namespaceHolders();
        final List<String> command = holders.isEmpty()
            ? List.of("unshare", "--mount", "--propagation", "private", "sh", dir.resolve("start.sh").toString())
            : List.of("nsenter", "--mount=/proc/" + holders.get(0) + "/ns/mnt", "--", "sh",
                DockerScripts.dockerdScript(this).toString());
        dockerd.start(command, timeout, this::answers);
    }

    /** {@link #stopDockerd()}, then {@link #startDockerd()}. */
    public void restartDockerd()
    {
        stopDockerd();
        startDockerd();
    }

    /** Whether the current dockerd process is alive. */
    public boolean dockerdRunning()
    {
        return dockerd.running();
    }

    /** The options dockerd was started with. */
    public DockerOptions options()
    {
        return options;
    }

    /**
     * Runs the Docker CLI (Debian's {@code /usr/bin/docker} when present) against this daemon:
     * {@code docker -H unix://SOCKET ARGS}, from the JVM's namespaces, with
     * {@code DOCKER_CONFIG} in this peer's directory.
     */
    public ExecResult docker(final String... args)
    {
        return docker(COMMAND_TIMEOUT, args);
    }

    /** {@link #docker(String...)} with a timeout. */
    public ExecResult docker(final Duration timeout, final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("env", "DOCKER_CONFIG=" + dir.resolve("cli"), cli(), "-H", dockerHost()));
        cmd.addAll(List.of(args));
        return Commands.run(cmd, timeout);
    }

    /** Runs {@link #docker(String...)}, returns its stdout and throws with all output unless it succeeds. */
    public String dockerOk(final String... args)
    {
        final ExecResult r = docker(args);
        if (!r.ok())
        {
            throw new LabException("docker " + String.join(" ", args) + " (" + id + ")\n" + r.describe());
        }
        return r.stdout();
    }

    /**
     * Makes image {@code image} from a busybox-static root file system without a registry:
     * {@code docker import --change 'CMD ["/bin/sh"]' --change 'WORKDIR /www' ROOTFS.tar IMAGE}.
     * {@code httpd -f -p 80} in it serves {@value BusyboxRootfs#INDEX_HTML}.
     */
    public void importBusybox(final String image)
    {
        final List<String> args = new ArrayList<>(List.of("import"));
        args.addAll(BusyboxRootfs.CHANGES);
        args.add(BusyboxRootfs.tarball(dir).toString());
        args.add(image);
        dockerOk(args.toArray(String[]::new));
    }

    /**
     * Removes everything: {@code docker rm -f} of every container, SIGTERM to dockerd (SIGKILL
     * after 15 s), SIGKILL to whatever is left in its cgroups (containerd, shims, containers),
     * then its cgroups and directory; its private mount namespace, and with it every mount it
     * made, goes away with its last process. Problems are collected and thrown together as one
     * {@link LabException} at the end. Idempotent; also called by the lab when it closes.
     */
    @Override
    public synchronized void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        final List<String> problems = new ArrayList<>();
        try
        {
            if (dockerd.running())
            {
                Problems.attempt(problems, "removing containers", () -> removeContainers(problems));
                Problems.attempt(problems, "stopping dockerd", () -> dockerd.stop(STOP_TIMEOUT));
            }
            final List<Path> cgroups = PeerCgroups.dirs(cgroupName());
            PeerCgroups.killAll(cgroups, Duration.ofSeconds(10), problems);
            for (final String ns : dockerd.mountNamespaces())
            {
                PeerProcesses.awaitNamespaceGone(ns, Duration.ofSeconds(5), problems);
            }
            PeerCgroups.remove(cgroups, problems);
            Problems.attempt(problems, "removing " + dir, () -> PeerFiles.removeDir(dir, problems));
        }
        finally
        {
            HOSTS_IN_USE.remove(host.nsName());
        }
        Problems.throwIfAny(this, problems);
    }

    private void removeContainers(final List<String> problems)
    {
        final ExecResult ps = docker(Duration.ofSeconds(30), "ps", "-aq");
        if (!ps.ok())
        {
            if (dockerd.running())
            {
                problems.add("docker ps -aq (" + id + "): " + ps.describe());
            }
            return;
        }
        final List<String> ids = ps.stdout().lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (!ids.isEmpty())
        {
            final List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(ids);
            final ExecResult rm = docker(args.toArray(String[]::new));
            if (!rm.ok())
            {
                problems.add("docker rm -f (" + id + "): " + rm.describe());
            }
        }
    }

    /** Every process of this peer now: daemons, shims, docker-proxy and container processes. */
    public List<Long> pids()
    {
        return PeerCgroups.pids(PeerCgroups.dirs(cgroupName()));
    }

    public Lab.Host host()
    {
        return host;
    }

    /** {@code dk-PIDnSEQ}; the directory is {@code /tmp/pt-ID}, the cgroup {@code pt-ID}. */
    public String id()
    {
        return id;
    }

    /** This peer's directory: data-root, exec-root, containerd, plugin dir, logs. */
    public Path dir()
    {
        return dir;
    }

    /** The daemon socket; {@code DOCKER_HOST=unix://} this. */
    public Path socket()
    {
        return dir.resolve("docker.sock");
    }

    /** {@code unix:///tmp/pt-ID/docker.sock}, for {@code -H} or {@code DOCKER_HOST}. */
    public String dockerHost()
    {
        return "unix://" + socket();
    }

    /**
     * The directory dockerd sees as {@code /run/docker/plugins} and {@code /etc/docker/plugins}:
     * put {@code NAME.sock} (or {@code NAME.spec}) here and {@code --driver NAME} finds it.
     */
    public Path pluginDir()
    {
        return dir.resolve("plugins");
    }

    public Path dataRoot()
    {
        return dir.resolve("data");
    }

    public Path execRoot()
    {
        return dir.resolve("exec");
    }

    /** The cgroup name used for dockerd's group and as {@code --cgroup-parent}: {@code pt-ID}. */
    public String cgroupName()
    {
        return "pt-" + id;
    }

    /** The cgroup2 directory dockerd and its children run in. */
    Path tracking()
    {
        return PeerCgroups.trackingDir(cgroupName());
    }

    /** dockerd's pid (-1 before it was spawned). */
    public long pid()
    {
        final Spawned d = dockerd.current();
        return d == null ? -1 : d.pid();
    }

    /** The current dockerd's private mount namespace as {@code readlink /proc/PID/ns/mnt} shows it, e.g. {@code mnt:[4026532246]}. */
    public String mountNamespace()
    {
        return dockerd.mountNamespace();
    }

    /** From spawning dockerd to the first successful {@code docker info}. */
    public Duration startupTime()
    {
        return dockerd.startupTime();
    }

    /** Everything every dockerd incarnation has logged so far; containerd logs to {@code dir()/containerd.log}. */
    public String log()
    {
        return dockerd.log();
    }

    public boolean closed()
    {
        return closed.get();
    }

    private static String cli()
    {
        return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }

    @Override
    public String toString()
    {
        return "DockerPeer " + id + " on " + host;
    }
}
