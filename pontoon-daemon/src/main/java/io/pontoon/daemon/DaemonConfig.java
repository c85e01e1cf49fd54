// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon;

import io.pontoon.kernel.net.IpPrefix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's whole configuration: one immutable, validated snapshot built once from the
 * command line. Nothing else in the daemon reads flags, system properties or the environment.
 *
 * @param stateDir            where the embedded store lives ({@code --state-dir})
 * @param socket              the REST API socket ({@code --socket})
 * @param runDir              runtime files: sandbox namespaces, process logs ({@code --run-dir})
 * @param defaultBridgeSubnet subnet of the default {@code bridge} network, or null to choose
 *                            one that overlaps no route on the host
 * @param dockerPluginDir     where Docker discovers plugins; Pontoon serves its remote network and
 *                            IPAM driver on {@code pontoon.sock} there; null when disabled
 */
public record DaemonConfig(Path stateDir, Path socket, Path runDir, IpPrefix defaultBridgeSubnet, Path dockerPluginDir)
{
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/pontoon");
    public static final Path DEFAULT_SOCKET = Path.of("/run/pontoon/pontoon.sock");
    public static final Path DEFAULT_RUN_DIR = Path.of("/run/pontoon");
    public static final Path DEFAULT_DOCKER_PLUGIN_DIR = Path.of("/run/docker/plugins");

    static final String USAGE = """
        Usage: pontoon daemon [OPTIONS]

        Runs the Pontoon daemon on this host (as root), with its embedded local store.

        Options:
          --state-dir DIR               state directory (default /var/lib/pontoon)
          --socket PATH                 REST API socket (default /run/pontoon/pontoon.sock)
          --run-dir DIR                 runtime directory (default /run/pontoon)
          --default-bridge-subnet CIDR  subnet of the default "bridge" network
                                        (default: the first of 172.17.0.0/16 ... that overlaps no route)
          --docker-plugin auto|on|off   serve Docker's remote network + IPAM driver "pontoon"
                                        (default auto: on when /run/docker exists)
          --docker-plugin-dir DIR       Docker's plugin directory (default /run/docker/plugins)
          -h, --help                    show this help
        """;

    /** Thrown for bad flags; the message is one line a user can act on. */
    public static final class UsageException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        UsageException(final String message)
        {
            super(message);
        }
    }

    /** Parses {@code pontoon daemon} flags (the word "daemon" already removed). */
    public static DaemonConfig parse(final String[] args)
    {
        Path state = DEFAULT_STATE_DIR;
        Path socket = DEFAULT_SOCKET;
        Path run = DEFAULT_RUN_DIR;
        IpPrefix subnet = null;
        String docker = "auto";
        Path pluginDir = DEFAULT_DOCKER_PLUGIN_DIR;
        final List<String> a = new ArrayList<>(List.of(args));
        for (int i = 0; i < a.size(); i++)
        {
            String flag = a.get(i);
            String value = null;
            final int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0)
            {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            if (flag.equals("-h") || flag.equals("--help"))
            {
                throw new UsageException("");
            }
            if (value == null)
            {
                if (i + 1 >= a.size())
                {
                    throw new UsageException("flag " + flag + " needs a value");
                }
                value = a.get(++i);
            }
            switch (flag)
            {
                case "--state-dir" -> state = Path.of(value);
                case "--socket" -> socket = Path.of(value);
                case "--run-dir" -> run = Path.of(value);
                case "--default-bridge-subnet" ->
                {
                    try
                    {
                        subnet = IpPrefix.parseNetwork(value);
                    }
                    catch (final IllegalArgumentException e)
                    {
                        throw new UsageException("--default-bridge-subnet: " + e.getMessage());
                    }
                    if (!subnet.isIpv4() || subnet.length() > 30)
                    {
                        throw new UsageException("--default-bridge-subnet must be an IPv4 subnet of /30 or larger");
                    }
                }
                case "--docker-plugin" ->
                {
                    if (!value.equals("auto") && !value.equals("on") && !value.equals("off"))
                    {
                        throw new UsageException("--docker-plugin takes auto, on or off, not '" + value + "'");
                    }
                    docker = value;
                }
                case "--docker-plugin-dir" -> pluginDir = Path.of(value);
                default -> throw new UsageException("unknown flag " + flag + " (see pontoon daemon --help)");
            }
        }
        if (socket.toAbsolutePath().toString().length() >= 108)
        {
            throw new UsageException("--socket path is too long for a Unix socket (max 107 bytes): " + socket);
        }
        final boolean plugin = docker.equals("on")
            || docker.equals("auto") && java.nio.file.Files.isDirectory(pluginDir.toAbsolutePath().getParent());
        return new DaemonConfig(state.toAbsolutePath(), socket.toAbsolutePath(), run.toAbsolutePath(), subnet,
            plugin ? pluginDir.toAbsolutePath() : null);
    }

    /** Where sandbox namespaces are bind-mounted. */
    public Path netnsDir()
    {
        return runDir.resolve("netns");
    }
}
