// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a {@link PodmanPeer} is configured by: {@code containers.conf} (engine, network and
 * container defaults) and {@code storage.conf} (driver, graph root, run root), both in the
 * peer's directory.
 */
final class PodmanConfig
{
    private PodmanConfig()
    {
    }

    /** Writes both files and creates the directories they name. */
    static void write(final PodmanPeer peer)
    {
        final Path dir = peer.dir();
        for (final Path d : List.of(peer.cniConfigDir(), peer.cniPluginDir(), peer.cniDataDir(), dir.resolve("tmp")))
        {
            PeerFiles.mkdirs(d);
        }
        PeerFiles.write(peer.containersConf(), containersConf(peer));
        PeerFiles.write(dir.resolve("storage.conf"), """
            [storage]
            driver = "%s"
            graphroot = "%s"
            runroot = "%s"
            """.formatted(peer.storageDriver(), dir.resolve("storage"), dir.resolve("run")));
    }

    /**
     * {@code network_backend = "cni"}, cgroupfs (there is no systemd to ask), runc, file locks
     * and file events below the peer's directory, and explicit ulimits: without them Podman
     * gives containers {@code nofile=1048576}, above this machine's hard limit (20000), and runc
     * fails with "error setting rlimit type 7: operation not permitted".
     */
    static String containersConf(final PodmanPeer peer)
    {
        final Path dir = peer.dir();
        return """
            [containers]
            default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

            [engine]
            cgroup_manager = "cgroupfs"
            runtime = "runc"
            lock_type = "file"
            events_logger = "file"
            events_logfile_path = "%1$s"
            tmp_dir = "%2$s"
            image_copy_tmp_dir = "%2$s"
            static_dir = "%3$s"
            volume_path = "%4$s"

            [network]
            network_backend = "cni"
            network_config_dir = "%5$s"
            cni_plugin_dirs = ["%6$s", "/usr/lib/cni"]
            default_subnet = "10.200.254.0/24"
            """.formatted(dir.resolve("events.log"), dir.resolve("tmp"), dir.resolve("storage/libpod"),
            dir.resolve("storage/volumes"), peer.cniConfigDir(), peer.cniPluginDir());
    }

    /**
     * Removes a container's netns pin that {@code podman rm} left: {@code ip netns del NAME} for
     * one under {@code /run/netns}, else {@code umount PATH; rm PATH}.
     */
    static void removeNetnsPin(final Path pin, final List<String> problems)
    {
        if (!Files.exists(pin))
        {
            return;
        }
        final ExecResult r = Path.of("/run/netns").equals(pin.getParent())
            ? Commands.run(List.of("ip", "netns", "del", pin.getFileName().toString()), Lab.DEFAULT_TIMEOUT)
            : Commands.run(List.of("sh", "-c", "umount \"$0\"; rm -f \"$0\"", pin.toString()), Lab.DEFAULT_TIMEOUT);
        if (!r.ok() || Files.exists(pin))
        {
            problems.add("removing netns pin " + pin + ": " + r.describe());
        }
    }

    /** Full ids of the containers stored below a peer directory ({@code storage/DRIVER-containers/ID}). */
    static List<String> storedContainers(final Path dir)
    {
        final List<String> ids = new ArrayList<>();
        for (final String driver : List.of("vfs", "overlay"))
        {
            final Path d = dir.resolve("storage").resolve(driver + "-containers");
            if (Files.isDirectory(d))
            {
                try (Stream<Path> s = Files.list(d))
                {
                    s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}")).sorted().forEach(ids::add);
                }
                catch (final IOException e)
                {
                    // listed as far as possible; the caller removes the directory anyway
                }
            }
        }
        return ids;
    }
}
