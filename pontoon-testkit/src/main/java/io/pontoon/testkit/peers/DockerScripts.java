// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes the files a {@link DockerPeer} starts from into its directory: {@code containerd.toml},
 * {@code daemon.json} and {@code start.sh}. They are kept there while the peer runs, so a human
 * can read exactly what was started (or rerun it by hand).
 */
final class DockerScripts
{
    private DockerScripts()
    {
    }

    /** Writes all three files and returns {@code start.sh}. */
    static Path write(final DockerPeer peer, final DockerOptions options)
    {
        final Path dir = peer.dir();
        PeerFiles.mkdirs(peer.pluginDir());
        PeerFiles.mkdirs(dir.resolve("cli"));
        PeerFiles.write(dir.resolve("containerd.toml"), containerdToml(dir, peer.execRoot()));
        PeerFiles.write(dir.resolve("daemon.json"), daemonJson(peer, options));
        final Path script = dir.resolve("start.sh");
        PeerFiles.write(script, startScript(peer, options.extraArgs()));
        return script;
    }

    /**
     * containerd with its root, state and sockets in the peer's directory. CRI is off (it would
     * manage CNI and iptables itself), and so is the {@code opt} plugin, which would create
     * {@code /opt/containerd} on the host.
     */
    static String containerdToml(final Path dir, final Path execRoot)
    {
        return """
            version = 2
            root = "%s"
            state = "%s"
            disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.internal.v1.opt", "io.containerd.internal.v1.tracing", "io.containerd.tracing.processor.v1.otlp"]

            [grpc]
              address = "%s"

            [debug]
              level = "info"
            """.formatted(dir.resolve("containerd"), execRoot.resolve("containerd"), execRoot.resolve("containerd.sock"));
    }

    static String daemonJson(final DockerPeer peer, final DockerOptions o)
    {
        return """
            {
              "bip": "%s",
              "default-address-pools": [{"base": "%s", "size": 24}],
              "iptables": %s,
              "userland-proxy": %s,
              "cgroup-parent": "%s",
              "exec-opts": ["native.cgroupdriver=cgroupfs"],
              "log-level": "info"
            }
            """.formatted(o.bridgeIp(), o.addressPool(), o.iptables(), o.userlandProxy(), peer.cgroupName());
    }

    /**
     * The script run as {@code nsenter --net=HOST -- unshare --mount --propagation private sh
     * start.sh}: joins the peer's cgroup, hides {@code /run} and {@code /etc/docker} behind
     * private tmpfs mounts, binds the plugin directory where dockerd looks for plugins, starts
     * containerd and execs dockerd (so dockerd keeps the pid the lab spawned).
     */
    static String startScript(final DockerPeer peer, final List<String> extraArgs)
    {
        final Path dir = peer.dir();
        final Path exec = peer.execRoot();
        final StringBuilder extra = new StringBuilder();
        for (final String a : extraArgs)
        {
            extra.append(" ").append(quote(a));
        }
        return """
            #!/bin/sh
            # dockerd of Pontoon test peer %1$s. DockerPeer runs it as
            #   nsenter --net=%2$s -- unshare --mount --propagation private sh %3$s
            set -eu
            export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
            %4$s
            mount -t tmpfs -o mode=0755 pt-%1$s-run /run
            mkdir -p /run/docker/plugins
            mount --bind %5$s /run/docker/plugins
            mkdir -p /etc/docker
            mount -t tmpfs -o mode=0755 pt-%1$s-etc /etc/docker
            mkdir /etc/docker/plugins
            mount --bind %5$s /etc/docker/plugins
            if [ -d /usr/lib/docker/plugins ]; then mount -t tmpfs -o mode=0755 pt-%1$s-lib /usr/lib/docker/plugins; fi
            containerd --config %6$s >> %7$s 2>&1 &
            i=0
            while [ ! -S %8$s ]; do
              i=$((i + 1))
              if [ "$i" -gt 600 ]; then echo "containerd made no socket in 30 s" >&2; exit 1; fi
              sleep 0.05
            done
            exec dockerd --config-file %9$s --containerd %8$s --data-root %10$s --exec-root %11$s --pidfile %12$s -H unix://%13$s%14$s
            """.formatted(peer.id(), peer.host().nsPath(), quote(dir.resolve("start.sh").toString()),
            PeerCgroups.joinLine(peer.tracking()), quote(peer.pluginDir().toString()),
            quote(dir.resolve("containerd.toml").toString()), quote(dir.resolve("containerd.log").toString()),
            quote(exec.resolve("containerd.sock").toString()), quote(dir.resolve("daemon.json").toString()),
            quote(peer.dataRoot().toString()), quote(exec.toString()), quote(dir.resolve("docker.pid").toString()),
            peer.socket(), extra);
    }

    /** Single-quotes {@code s} for sh. */
    static String quote(final String s)
    {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
