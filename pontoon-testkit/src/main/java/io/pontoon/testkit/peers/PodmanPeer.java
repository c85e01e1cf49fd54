// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Podman 4.3 (root, CNI backend) whose every command runs inside a lab host, configured only by
 * files in this peer's directory {@code /tmp/pt-pm-ID} (see {@link PodmanConfig}):
 * {@code CONTAINERS_CONF} and {@code CONTAINERS_STORAGE_CONF} point there, so the host's
 * {@code /etc/containers} is not read. Storage, the libpod database, locks (file locks: the
 * default SHM locks are shared by every Podman on the machine and reset by a fresh one),
 * events, the CNI config directory and an extra CNI plugin directory are all private.
 *
 * <p>What Podman still shares with the machine, and how {@link #close()} deals with it:
 * container network namespaces are pinned as {@code /run/netns/netns-UUID} (removed by
 * {@code podman rm}; close removes any that remain), containers run in the v1/v2 cgroups
 * {@code /libpod_parent/libpod-CID} (no setting moves them; close kills and removes them),
 * {@code conmon} runs in {@code /libpod_parent/conmon} (v1; it stays in this peer's cgroup2
 * group), and libcni caches results under {@code /var/lib/cni/results} (one file per
 * attachment, deleted on detach). Use {@link #cniDataDir()} as {@code host-local}'s
 * {@code dataDir} so leases stay private too ({@link #bridgeConflist} does).
 */
public final class PodmanPeer implements AutoCloseable
{
    /** Timeout of {@link #podman(String...)}. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final String DEFAULT_NETWORK = "podman";

    private final Lab.Host host;
    private final String id;
    private final Path dir;
    private final String storageDriver;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Duration startupTime;

    private PodmanPeer(final Lab.Host host, final String id, final Path dir, final String storageDriver)
    {
        this.host = host;
        this.id = id;
        this.dir = dir;
        this.storageDriver = storageDriver;
    }

    /** {@link #start(Lab.Host, String)} with the {@code vfs} storage driver (no mounts at all). */
    public static PodmanPeer start(final Lab.Host host)
    {
        return start(host, "vfs");
    }

    /**
     * Writes the configuration and runs {@code podman info} once (which creates the storage);
     * {@code storageDriver} is {@code vfs} or {@code overlay}. Adopted by the host's lab.
     */
    public static PodmanPeer start(final Lab.Host host, final String storageDriver)
    {
        if (!"vfs".equals(storageDriver) && !"overlay".equals(storageDriver))
        {
            throw new IllegalArgumentException("storage driver must be vfs or overlay, not " + storageDriver);
        }
        final String id = PeerFiles.reserve("pm", PeerFiles.BASE);
        final PodmanPeer peer = new PodmanPeer(host, id, PeerFiles.BASE.resolve("pt-" + id), storageDriver);
        try
        {
            host.lab().adopt(peer);
            final long t0 = System.nanoTime();
            PodmanConfig.write(peer);
            PeerCgroups.createTracking(peer.cgroupName());
            final String info = peer.podmanOk("info", "--format", "{{.Host.NetworkBackend}} {{.Store.GraphDriverName}}").trim();
            if (!info.equals("cni " + storageDriver))
            {
                throw new LabException("podman " + id + " is not configured as asked: backend and driver are '" + info + "'");
            }
            peer.startupTime = Duration.ofNanos(System.nanoTime() - t0);
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
     * Runs {@code podman ARGS} inside the lab host, as
     * {@code CONTAINERS_CONF=.. CONTAINERS_STORAGE_CONF=.. nsenter --net=HOST -- podman ARGS},
     * in this peer's cgroup2 group (so conmon and the containers' exit commands are found later).
     */
    public ExecResult podman(final String... args)
    {
        return podman(COMMAND_TIMEOUT, args);
    }

    /** {@link #podman(String...)} with a timeout. */
    public ExecResult podman(final Duration timeout, final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
            tracking().resolve("cgroup.procs").toString(),
            "env", "CONTAINERS_CONF=" + containersConf(), "CONTAINERS_STORAGE_CONF=" + dir.resolve("storage.conf"),
            "nsenter", "--net=" + host.nsPath(), "--", "podman"));
        cmd.addAll(List.of(args));
        return Commands.run(cmd, timeout);
    }

    /** Runs {@link #podman(String...)}, returns its stdout and throws with all output unless it succeeds. */
    public String podmanOk(final String... args)
    {
        final ExecResult r = podman(args);
        if (!r.ok())
        {
            throw new LabException("podman " + String.join(" ", args) + " (" + id + ")\n" + r.describe());
        }
        return r.stdout();
    }

    /**
     * Makes image {@code image} (stored as {@code localhost/IMAGE}) from the busybox-static root
     * file system: {@code podman import --change 'CMD ["/bin/sh"]' --change 'WORKDIR /www' TAR IMAGE}.
     */
    public void importBusybox(final String image)
    {
        final List<String> args = new ArrayList<>(List.of("import", "--quiet"));
        args.addAll(BusyboxRootfs.CHANGES);
        args.add(BusyboxRootfs.tarball(dir).toString());
        args.add(image);
        podmanOk(args.toArray(String[]::new));
    }

    /** Writes {@code cniConfigDir()/NAME.conflist}; Podman lists it as network {@code "name"} of the JSON. */
    public Path writeConflist(final String name, final String json)
    {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*"))
        {
            throw new IllegalArgumentException("bad conflist file name " + name);
        }
        final Path file = cniConfigDir().resolve(name + ".conflist");
        PeerFiles.write(file, json);
        return file;
    }

    /**
     * A conflist for the reference plugins: {@code bridge} (gateway, masquerade, hairpin) with
     * {@code host-local} IPAM on {@code subnet} (leases in {@link #cniDataDir()}) and a default
     * route, then {@code portmap}.
     */
    public String bridgeConflist(final String name, final String bridge, final String subnet)
    {
        IpPrefix.parseNetwork(subnet);
        return """
            {
              "cniVersion": "1.0.0",
              "name": "%s",
              "plugins": [
                {
                  "type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": true, "hairpinMode": true,
                  "ipam": {"type": "host-local", "subnet": "%s", "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "%s"}
                },
                {"type": "portmap", "capabilities": {"portMappings": true}}
              ]
            }
            """.formatted(name, bridge, subnet, cniDataDir());
    }

    /**
     * Removes everything: {@code podman rm -af -t 0}, {@code podman network rm -f} of every
     * network but {@code podman}, SIGKILL to whatever is left in this peer's cgroups and its
     * containers' cgroups, left-over netns pins, then the cgroups and the directory (unmounting
     * anything below it first). Podman commands are skipped if the lab host is already gone, so
     * CNI teardown never runs in the root namespace. Problems are thrown together at the end.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        final List<String> problems = new ArrayList<>();
        final Set<String> containers = new LinkedHashSet<>(storedContainers());
        final List<String> pins = new ArrayList<>();
        if (Files.exists(host.nsPath()) && Files.exists(containersConf()))
        {
            Problems.attempt(problems, "podman inspect", () -> pins.addAll(sandboxKeys(containers)));
            Problems.attempt(problems, "podman rm", () -> step(problems, "rm", "-af", "-t", "0"));
            Problems.attempt(problems, "podman network rm", () -> removeNetworks(problems));
        }
        final List<Path> cgroups = new ArrayList<>(PeerCgroups.dirs(cgroupName()));
        for (final String c : containers)
        {
            cgroups.addAll(PeerCgroups.dirs("libpod_parent/libpod-" + c));
        }
        PeerCgroups.killAll(cgroups, Duration.ofSeconds(10), problems);
        for (final String pin : pins)
        {
            PodmanConfig.removeNetnsPin(Path.of(pin), problems);
        }
        PeerCgroups.remove(cgroups, problems);
        Problems.attempt(problems, "removing " + dir, () -> PeerFiles.removeDir(dir, problems));
        Problems.throwIfAny(this, problems);
    }

    private void removeNetworks(final List<String> problems)
    {
        final ExecResult nets = podman("network", "ls", "--format", "{{.Name}}");
        for (final String net : nets.ok() ? nets.stdout().lines().map(String::trim).toList() : List.<String>of())
        {
            if (!net.isEmpty() && !DEFAULT_NETWORK.equals(net))
            {
                step(problems, "network", "rm", "-f", net);
            }
        }
    }

    private void step(final List<String> problems, final String... args)
    {
        final ExecResult r = podman(args);
        if (!r.ok())
        {
            problems.add("podman " + String.join(" ", args) + " (" + id + "): " + r.describe());
        }
    }

    /** {@code podman inspect --format {{.NetworkSettings.SandboxKey}}} of each container that has one. */
    private List<String> sandboxKeys(final Set<String> containers)
    {
        final List<String> keys = new ArrayList<>();
        for (final String c : containers)
        {
            final ExecResult r = podman("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", c);
            if (r.ok() && !r.stdout().isBlank())
            {
                keys.add(r.stdout().trim());
            }
        }
        return keys;
    }

    /** Full ids of the containers in this peer's storage. */
    List<String> storedContainers()
    {
        return PodmanConfig.storedContainers(dir);
    }

    /** Every process of this peer now: conmon, running podman commands, and container processes. */
    public List<Long> pids()
    {
        final List<Path> cgroups = new ArrayList<>(PeerCgroups.dirs(cgroupName()));
        for (final String c : storedContainers())
        {
            cgroups.addAll(PeerCgroups.dirs("libpod_parent/libpod-" + c));
        }
        return PeerCgroups.pids(cgroups);
    }

    public Lab.Host host()
    {
        return host;
    }

    /** {@code pm-PIDnSEQ}; the directory is {@code /tmp/pt-ID}, the cgroup2 group {@code pt-ID}. */
    public String id()
    {
        return id;
    }

    public Path dir()
    {
        return dir;
    }

    public String storageDriver()
    {
        return storageDriver;
    }

    /** The {@code containers.conf} every command uses. */
    public Path containersConf()
    {
        return dir.resolve("containers.conf");
    }

    /** {@code network_config_dir}: where conflists go. */
    public Path cniConfigDir()
    {
        return dir.resolve("cni");
    }

    /** The extra entry of {@code cni_plugin_dirs}, searched before {@code /usr/lib/cni}: put Pontoon's plugin here. */
    public Path cniPluginDir()
    {
        return dir.resolve("cni-bin");
    }

    /** A private directory for {@code host-local}'s {@code dataDir}. */
    public Path cniDataDir()
    {
        return dir.resolve("cni-data");
    }

    /** This peer's cgroup2 group name, {@code pt-ID}. */
    public String cgroupName()
    {
        return "pt-" + id;
    }

    Path tracking()
    {
        return PeerCgroups.trackingDir(cgroupName());
    }

    /** Writing the configuration plus the first {@code podman info} (which creates the storage). */
    public Duration startupTime()
    {
        return startupTime;
    }

    public boolean closed()
    {
        return closed.get();
    }

    @Override
    public String toString()
    {
        return "PodmanPeer " + id + " on " + host;
    }
}
