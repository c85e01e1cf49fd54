// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon;

import io.pontoon.daemon.etcd.EtcdOptions;
import io.pontoon.kernel.net.IpPrefix;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
 * @param cluster             the cluster store and this host's part in it; null without
 *                            {@code --cluster-store} (everything stays local)
 */
public record DaemonConfig(Path stateDir, Path socket, Path runDir, IpPrefix defaultBridgeSubnet, Path dockerPluginDir,
    Cluster cluster)
{
    /**
     * Multi-host settings.
     *
     * @param store     the etcd endpoints ({@code --cluster-store}) with the request timeout
     *                  ({@code --cluster-timeout})
     * @param advertise this host's underlay address, its VXLAN tunnel endpoint ({@code --advertise})
     * @param hostName  this host's unique name ({@code --host-name}, default the kernel's host name)
     * @param ttl       lease TTL of the host's registration and endpoints ({@code --cluster-ttl})
     */
    public record Cluster(EtcdOptions store, InetAddress advertise, String hostName, Duration ttl)
    {
    }

    public static final Duration DEFAULT_CLUSTER_TTL = Duration.ofSeconds(10);

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
          --default-bridge-subnet CIDR  subnet of the default "bridge" network: IPv4, /30 or larger
                                        (default: the first of 172.17.0.0/16 ... that overlaps no route)
          --docker-plugin auto|on|off   serve Docker's remote network + IPAM driver "pontoon"
                                        (default auto: on when /run/docker exists)
          --docker-plugin-dir DIR       Docker's plugin directory (default /run/docker/plugins)
          --cluster-store etcd://IP:PORT[,IP:PORT...]
                                        join a cluster whose state is in etcd v3: enables the
                                        "overlay" driver (networks of scope global)
          --advertise IP                this host's underlay address other hosts reach it at
                                        (required with --cluster-store)
          --host-name NAME              this host's unique name in the cluster (default: the
                                        kernel's host name)
          --cluster-ttl SECONDS         how long this host's registration and endpoints outlive
                                        it (default 10)
          --cluster-timeout SECONDS     bound on every etcd request (default 5)
          -h, --help                    show this help
        """;

    /** The flags {@link #parse} knows; each takes a value. */
    private static final Set<String> FLAGS = Set.of("--state-dir", "--socket", "--run-dir", "--default-bridge-subnet",
        "--docker-plugin", "--docker-plugin-dir", "--cluster-store", "--advertise", "--host-name", "--cluster-ttl",
        "--cluster-timeout");

    /** IPv4 ranges no bridge subnet may overlap, with what they are. */
    private static final String[][] RESERVED = {
        {"0.0.0.0/8", "\"this network\""},
        {"127.0.0.0/8", "loopback"},
        {"169.254.0.0/16", "link-local"},
        {"224.0.0.0/3", "multicast and reserved"},
    };

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
        String clusterStore = null;
        String advertise = null;
        String hostName = null;
        Duration ttl = DEFAULT_CLUSTER_TTL;
        Duration timeout = EtcdOptions.DEFAULT_TIMEOUT;
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
            if (!flag.startsWith("-"))
            {
                throw new UsageException("unexpected argument '" + flag + "': pontoon daemon takes only flags (see pontoon daemon --help)");
            }
            if (!FLAGS.contains(flag))
            {
                throw new UsageException("unknown flag " + flag + " (see pontoon daemon --help)");
            }
            if (value == null)
            {
                if (i + 1 >= a.size())
                {
                    throw new UsageException("flag " + flag + " needs a value");
                }
                value = a.get(++i);
            }
            if (value.isEmpty())
            {
                throw new UsageException("flag " + flag + " needs a value, not an empty string");
            }
            switch (flag)
            {
                case "--state-dir" -> state = Path.of(value);
                case "--socket" -> socket = Path.of(value);
                case "--run-dir" -> run = Path.of(value);
                case "--default-bridge-subnet" -> subnet = bridgeSubnet(value);
                case "--docker-plugin" ->
                {
                    if (!value.equals("auto") && !value.equals("on") && !value.equals("off"))
                    {
                        throw new UsageException("--docker-plugin takes auto, on or off, not '" + value + "'");
                    }
                    docker = value;
                }
                case "--docker-plugin-dir" -> pluginDir = Path.of(value);
                case "--cluster-store" -> clusterStore = value;
                case "--advertise" -> advertise = value;
                case "--host-name" -> hostName = value;
                case "--cluster-ttl" -> ttl = seconds(flag, value, 2, 3600);
                case "--cluster-timeout" -> timeout = seconds(flag, value, 1, 300);
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
            plugin ? pluginDir.toAbsolutePath() : null, cluster(clusterStore, advertise, hostName, ttl, timeout));
    }

    /**
     * The {@code --default-bridge-subnet}: an IPv4 network address with its length, big enough for
     * the gateway and one sandbox (/30 or larger), outside the ranges a bridge cannot use.
     */
    static IpPrefix bridgeSubnet(final String value)
    {
        final IpPrefix p;
        try
        {
            p = IpPrefix.parseNetwork(value);
        }
        catch (final IllegalArgumentException e)
        {
            throw new UsageException("invalid --default-bridge-subnet '" + value + "': " + e.getMessage());
        }
        if (!p.isIpv4())
        {
            throw new UsageException("invalid --default-bridge-subnet '" + value + "': only IPv4 is supported for now");
        }
        if (value.indexOf('/') < 0)
        {
            throw new UsageException("invalid --default-bridge-subnet '" + value + "': give the prefix length too, e.g. "
                + value + "/24");
        }
        if (p.length() > 30)
        {
            throw new UsageException("--default-bridge-subnet " + value + " is too small: the bridge needs a gateway and at least"
                + " one sandbox address (/30 or larger)");
        }
        for (final String[] r : RESERVED)
        {
            if (p.overlaps(IpPrefix.parse(r[0])))
            {
                throw new UsageException("--default-bridge-subnet " + value + " overlaps " + r[0] + " (" + r[1]
                    + "), which a bridge cannot use");
            }
        }
        return p;
    }

    private static Duration seconds(final String flag, final String value, final int min, final int max)
    {
        try
        {
            final int s = Integer.parseInt(value);
            if (s >= min && s <= max)
            {
                return Duration.ofSeconds(s);
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw new UsageException(flag + " takes whole seconds from " + min + " to " + max + ", not '" + value + "'");
    }

    private static Cluster cluster(final String store, final String advertise, final String hostName, final Duration ttl,
        final Duration timeout)
    {
        if (store == null)
        {
            if (advertise != null || hostName != null)
            {
                throw new UsageException("--advertise and --host-name need --cluster-store");
            }
            return null;
        }
        final EtcdOptions options;
        try
        {
            options = EtcdOptions.parse(store).withRequestTimeout(timeout);
        }
        catch (final IllegalArgumentException e)
        {
            throw new UsageException("--cluster-store: " + e.getMessage());
        }
        if (advertise == null)
        {
            throw new UsageException("--cluster-store needs --advertise IP: the address other hosts reach this one at");
        }
        final InetAddress ip;
        try
        {
            ip = IpPrefix.Ip.parse(advertise);
        }
        catch (final IllegalArgumentException e)
        {
            throw new UsageException("--advertise must be an IPv4 address, not '" + advertise + "'");
        }
        if (!(ip instanceof Inet4Address) || ip.isAnyLocalAddress() || ip.isLoopbackAddress() || ip.isMulticastAddress())
        {
            throw new UsageException("--advertise must be a unicast IPv4 address other hosts can reach, not " + advertise);
        }
        final String name = hostName != null ? hostName : kernelHostName();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}"))
        {
            throw new UsageException("--host-name must be 1-63 characters of letters, digits, '_', '.' and '-', not '" + name + "'");
        }
        return new Cluster(options, ip, name, ttl);
    }

    private static String kernelHostName()
    {
        try
        {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        }
        catch (final java.io.IOException e)
        {
            throw new UsageException("cannot read the host name (" + e.getMessage() + "); pass --host-name");
        }
    }

    /** Where sandbox namespaces are bind-mounted. */
    public Path netnsDir()
    {
        return runDir.resolve("netns");
    }
}
