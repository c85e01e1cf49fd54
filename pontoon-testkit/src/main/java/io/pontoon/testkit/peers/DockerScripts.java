// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes the files a {@link DockerPeer} starts from into its directory: {@code containerd.toml},
 * {@code daemon.json}, {@code start.sh} (mounts and containerd, then {@code dockerd.sh}) and
 * {@code dockerd.sh} (dockerd alone, also run by {@link DockerPeer#startDockerd()} inside the
 * existing mount namespace). They are kept there while the peer runs, so a human can read exactly
 * what was started (or rerun it by hand).
 */
final class DockerScripts
{
    private DockerScripts()
    {
    }

    /** Writes all four files and returns {@code start.sh}. */
    static Path write(final DockerPeer peer, final DockerOptions options)
    {
        final Path dir = peer.dir();
        PeerFiles.mkdirs(peer.pluginDir());
        PeerFiles.mkdirs(dir.resolve("cli"));
        PeerFiles.write(dir.resolve("containerd.toml"), containerdToml(dir, peer.execRoot()));
        PeerFiles.write(dir.resolve("daemon.json"), daemonJson(peer, options));
        final Path script = dir.resolve("start.sh");
        PeerFiles.write(script, startScript(peer));
        PeerFiles.write(dockerdScript(peer), dockerdScript(peer, options.extraArgs()));
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
              "live-restore": %s,
              "cgroup-parent": "%s",
              "exec-opts": ["native.cgroupdriver=cgroupfs"],
              "log-level": "info"
            }
            """.formatted(o.bridgeIp(), o.addressPool(), o.iptables(), o.userlandProxy(), o.liveRestore(),
            peer.cgroupName());
    }

    /**
     * The script run as {@code nsenter --net=HOST -- unshare --mount --propagation private sh
     * start.sh}: joins the peer's cgroup, hides {@code /run} and {@code /etc/docker} behind
     * private tmpfs mounts, binds the plugin directory where dockerd looks for plugins, starts
     * containerd and execs {@code dockerd.sh} (so dockerd keeps the pid the lab spawned).
     */
    static String startScript(final DockerPeer peer)
    {
        final Path dir = peer.dir();
        final Path exec = peer.execRoot();
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
            exec sh %9$s
            """.formatted(peer.id(), peer.host().nsPath(), quote(dir.resolve("start.sh").toString()),
            PeerCgroups.joinLine(peer.tracking()), quote(peer.pluginDir().toString()),
            quote(dir.resolve("containerd.toml").toString()), quote(dir.resolve("containerd.log").toString()),
            quote(exec.resolve("containerd.sock").toString()), quote(dockerdScript(peer).toString()));
    }

    /** {@code DIR/dockerd.sh}. */
    static Path dockerdScript(final DockerPeer peer)
    {
        return peer.dir().resolve("dockerd.sh");
    }

    /**
     * Joins the peer's cgroup and execs dockerd on the peer's containerd, data-root, exec-root,
     * pidfile and socket. {@code start.sh} ends with it; a restart runs it alone as
     * {@code nsenter --net=HOST -- nsenter --mount=/proc/CONTAINERD/ns/mnt -- sh dockerd.sh}.
     */
    static String dockerdScript(final DockerPeer peer, final List<String> extraArgs)
    {
        final StringBuilder extra = new StringBuilder();
        for (final String a : extraArgs)
        {
            extra.append(" ").append(quote(a));
        }
        return """
            #!/bin/sh
            # dockerd of Pontoon test peer %1$s, in the mount namespace start.sh made
            set -eu
            export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
            %2$s
            exec dockerd --config-file %3$s --containerd %4$s --data-root %5$s --exec-root %6$s --pidfile %7$s -H unix://%8$s%9$s
            """.formatted(peer.id(), PeerCgroups.joinLine(peer.tracking()), quote(peer.dir().resolve("daemon.json").toString()),
            quote(peer.execRoot().resolve("containerd.sock").toString()), quote(peer.dataRoot().toString()),
            quote(peer.execRoot().toString()), quote(peer.dir().resolve("docker.pid").toString()), peer.socket(), extra);
    }

    /** Single-quotes {@code s} for sh. */
    static String quote(final String s)
    {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
