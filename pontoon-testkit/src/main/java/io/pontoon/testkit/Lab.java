// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.netns.NetNs;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A throwaway network of lab hosts. Each host is a network namespace whose underlay link
 * {@code eth0} is a veth pair; the other end sits on bridge {@code br0} in a separate switch
 * namespace. Nothing is created in the root namespace.
 *
 * <pre>
 *   pt-lab-ID-h1           pt-lab-ID-sw            pt-lab-ID-h2
 *   eth0 198.18.K.11 ---- to-h1  [br0]  to-h2 ---- eth0 198.18.K.12
 * </pre>
 *
 * Namespaces are pinned under {@code /run/netns}, so {@code ip netns} and
 * {@code nsenter --net=/run/netns/NAME} work for humans too. {@link #close()} kills every process
 * in the lab's namespaces and deletes them in reverse order; so does a JVM shutdown hook for labs
 * still open at exit. Building uses the {@code ip} command: the lab does not depend on the code
 * under test.
 */
public final class Lab implements AutoCloseable
{
    /** Timeout of {@link Host#exec(String...)} and of the {@code ip} commands that build a lab. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Prefix of every namespace a lab creates: {@code pt-lab-ID-HOST}. */
    public static final String PREFIX = "pt-lab-";
    static final Path NETNS_DIR = Path.of("/run/netns");
    static final String SWITCH = "sw";
    private static final String BRIDGE = "br0";
    private static final Pattern HOST_NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");
    private static final int MAX_HOSTS = 244;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Set<Lab> OPEN = ConcurrentHashMap.newKeySet();
    private static final List<String> PING = Files.isExecutable(Path.of("/usr/bin/ping")) || Files.isExecutable(Path.of("/bin/ping"))
        ? List.of("ping") : List.of("busybox", "ping");

    static
    {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("pt-lab-cleanup").unstarted(Lab::closeAllOpen));
    }

    private final String id;
    private final String testName;
    private final int subnetIndex;
    private final String switchNs;
    private final Path logDir;
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final List<Spawned> spawned = new ArrayList<>();
    private final List<AutoCloseable> adopted = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int nextIndex = 1;

    private Lab(final String id, final String testName, final int subnetIndex)
    {
        this.id = id;
        this.testName = testName;
        this.subnetIndex = subnetIndex;
        this.switchNs = PREFIX + id + "-" + SWITCH;
        this.logDir = Path.of("target", "lab-logs", id).toAbsolutePath();
    }

    /**
     * Builds a lab with a switch and {@code hosts} hosts named {@code h1..hN}, host {@code i}
     * at {@code 198.18.K.(10+i)/24}. The id is {@code PIDnSEQ}; a name left over from an
     * earlier process with the same pid makes it try the next sequence number. If building
     * fails, whatever was made is removed before the exception propagates.
     */
    public static Lab create(final String testName, final int hosts)
    {
        if (hosts < 0 || hosts > MAX_HOSTS)
        {
            throw new IllegalArgumentException("a lab has 0.." + MAX_HOSTS + " hosts, not " + hosts);
        }
        final long pid = ProcessHandle.current().pid();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final int seq = SEQUENCE.incrementAndGet();
            final Lab lab = new Lab(pid + "n" + seq, testName, seq % 256);
            final ExecResult r = Commands.run(List.of("ip", "netns", "add", lab.switchNs), DEFAULT_TIMEOUT);
            if (r.ok())
            {
                lab.build(hosts);
                return lab;
            }
            if (!r.stderr().contains("exists"))
            {
                throw new LabException("ip netns add " + lab.switchNs + " failed\n" + r.describe());
            }
        }
        throw new LabException("no free lab id for pid " + pid + " after 100 tries");
    }

    private void build(final int count)
    {
        namespaces.add(switchNs);
        OPEN.add(this);
        try
        {
            ip(switchNs, "link", "set", "lo", "up");
            ip(switchNs, "link", "add", BRIDGE, "type", "bridge");
            ip(switchNs, "link", "set", BRIDGE, "up");
            for (int i = 1; i <= count; i++)
            {
                addHost("h" + i);
            }
        }
        catch (final RuntimeException | Error e)
        {
            try
            {
                close();
            }
            catch (final RuntimeException c)
            {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    /**
     * Adds a host: namespace {@code pt-lab-ID-NAME}, veth {@code eth0} whose peer {@code to-NAME}
     * joins the switch bridge, the next underlay address, {@code lo} and {@code eth0} up. Names
     * are 1-12 characters of {@code [a-z0-9]} starting with a letter; {@code sw} is reserved.
     */
    public synchronized Host addHost(final String name)
    {
        ensureOpen();
        if (name == null || !HOST_NAME.matcher(name).matches() || SWITCH.equals(name))
        {
            throw new IllegalArgumentException("bad lab host name '" + name + "': 1-12 of [a-z0-9], starting with a letter, not 'sw'");
        }
        if (hosts.containsKey(name))
        {
            throw new IllegalArgumentException("lab " + id + " already has a host named " + name);
        }
        if (nextIndex > MAX_HOSTS)
        {
            throw new LabException("lab " + id + " is full (" + MAX_HOSTS + " hosts)");
        }
        final int index = nextIndex++;
        final String ns = PREFIX + id + "-" + name;
        final String port = "to-" + name;
        Commands.runOk(List.of("ip", "netns", "add", ns), DEFAULT_TIMEOUT);
        namespaces.add(ns);
        ip(ns, "link", "set", "lo", "up");
        ip(ns, "link", "add", "eth0", "type", "veth", "peer", "name", port, "netns", switchNs);
        ip(switchNs, "link", "set", port, "master", BRIDGE, "up");
        final String address = "198.18." + subnetIndex + "." + (10 + index);
        ip(ns, "addr", "add", address + "/24", "dev", "eth0");
        ip(ns, "link", "set", "eth0", "up");
        final Host h = new Host(this, name, ns, address);
        hosts.put(name, h);
        return h;
    }

    /** The host called {@code name}; throws if there is none. */
    public synchronized Host host(final String name)
    {
        final Host h = hosts.get(name);
        if (h == null)
        {
            throw new IllegalArgumentException("lab " + id + " has no host " + name + "; it has " + hosts.keySet());
        }
        return h;
    }

    /** All hosts in the order they were added. */
    public synchronized List<Host> hosts()
    {
        return List.copyOf(hosts.values());
    }

    /** Cuts a host off the switch. Equals {@code ip -n SWITCH link set to-NAME down}. */
    public void disconnect(final Host host)
    {
        ip(switchNs, "link", "set", "to-" + host.name(), "down");
    }

    /** Undoes {@link #disconnect}. Equals {@code ip -n SWITCH link set to-NAME up}. */
    public void reconnect(final Host host)
    {
        ip(switchNs, "link", "set", "to-" + host.name(), "up");
    }

    /** The unique part of every name in this lab, {@code PIDnSEQ}. */
    public String id()
    {
        return id;
    }

    public String testName()
    {
        return testName;
    }

    /** The underlay subnet, {@code 198.18.K.0/24}. */
    public String subnet()
    {
        return "198.18." + subnetIndex + ".0/24";
    }

    /** The switch namespace (holds bridge {@code br0} and the ports {@code to-HOST}). */
    public Path switchNsPath()
    {
        return NETNS_DIR.resolve(switchNs);
    }

    /** Names of every namespace this lab created, switch first, in creation order. */
    public synchronized List<String> namespaceNames()
    {
        return List.copyOf(namespaces);
    }

    /**
     * Makes the lab close {@code resource} when it closes, before it kills any process: peers
     * (dockerd, etcd, ...) adopt themselves so that a test that forgets them, or a JVM shutting
     * down, still removes them properly. Resources close newest first; closing them twice must
     * be harmless. Returns {@code resource}.
     */
    public synchronized <T extends AutoCloseable> T adopt(final T resource)
    {
        ensureOpen();
        adopted.add(resource);
        return resource;
    }

    /** Where {@link Host#spawn} writes the output of background processes. */
    public Path logDir()
    {
        return logDir;
    }

    public boolean closed()
    {
        return closed.get();
    }

    /**
     * The state of the switch and of every host: {@code ip -d link}, {@code ip addr},
     * {@code ip route}, {@code ip neigh}, {@code bridge fdb}, {@code nft list ruleset}, and the
     * tail of every background process's output.
     */
    public String dump()
    {
        return LabDump.render(this);
    }

    /**
     * Closes {@linkplain #adopt adopted} resources (newest first), kills background processes
     * (whole trees) and every other process still in the lab's namespaces, then deletes the
     * namespaces in reverse order. Already-gone objects are fine;
     * anything that could not be removed is reported in one {@link LabException}. Idempotent.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        OPEN.remove(this);
        final List<AutoCloseable> resources;
        final List<Spawned> procs;
        final List<String> nss;
        synchronized (this)
        {
            resources = new ArrayList<>(adopted);
            procs = new ArrayList<>(spawned);
            nss = new ArrayList<>(namespaces);
        }
        Collections.reverse(resources);
        Collections.reverse(procs);
        Collections.reverse(nss);
        final List<String> problems = new ArrayList<>();
        for (final AutoCloseable r : resources)
        {
            try
            {
                r.close();
            }
            catch (final Exception e)
            {
                problems.add("closing " + r + ": " + e.getMessage());
            }
        }
        for (final Spawned s : procs)
        {
            s.kill();
        }
        for (final String ns : nss)
        {
            LabCleanup.killProcessesIn(ns, problems);
        }
        for (final String ns : nss)
        {
            LabCleanup.deleteNamespace(ns, problems);
        }
        if (!problems.isEmpty())
        {
            throw new LabException("lab " + id + " cleanup left things behind:\n" + String.join("\n", problems));
        }
    }

    private static void closeAllOpen()
    {
        for (final Lab lab : List.copyOf(OPEN))
        {
            try
            {
                lab.close();
            }
            catch (final RuntimeException e)
            {
                System.err.println("pt-lab shutdown cleanup of " + lab.id + ": " + e.getMessage());
            }
        }
    }

    /** Runs {@code ip -n NS ARGS...} and throws with its output unless it succeeds. */
    private static void ip(final String ns, final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        Commands.runOk(cmd, DEFAULT_TIMEOUT);
    }

    void ensureOpen()
    {
        if (closed.get())
        {
            throw new LabException("lab " + id + " is closed");
        }
    }

    synchronized void register(final Spawned s)
    {
        ensureOpen();
        spawned.add(s);
    }

    synchronized List<Spawned> spawned()
    {
        return List.copyOf(spawned);
    }

    String switchNs()
    {
        return switchNs;
    }

    @Override
    public String toString()
    {
        return "lab " + id + " (" + testName + ", " + subnet() + ", hosts " + hosts().stream().map(Host::name).toList() + ")";
    }

    /**
     * One lab host: a network namespace with underlay link {@code eth0}. Commands run inside
     * it through {@code nsenter --net=PATH --} (not {@code ip netns exec}, which remounts
     * {@code /sys} and confuses daemons started that way).
     */
    public static final class Host
    {
        private final Lab lab;
        private final String name;
        private final String nsName;
        private final String underlayIp;

        private Host(final Lab lab, final String name, final String nsName, final String underlayIp)
        {
            this.lab = lab;
            this.name = name;
            this.nsName = nsName;
            this.underlayIp = underlayIp;
        }

        public String name()
        {
            return name;
        }

        public Lab lab()
        {
            return lab;
        }

        /** The namespace name, {@code pt-lab-ID-NAME}, as {@code ip netns list} shows it. */
        public String nsName()
        {
            return nsName;
        }

        /** {@code /run/netns/pt-lab-ID-NAME}. */
        public Path nsPath()
        {
            return NETNS_DIR.resolve(nsName);
        }

        /** The address of {@code eth0}, e.g. {@code 198.18.3.11}. */
        public String underlayIp()
        {
            return underlayIp;
        }

        /** The address of {@code eth0} with its prefix length, e.g. {@code 198.18.3.11/24}. */
        public String underlayPrefix()
        {
            return underlayIp + "/24";
        }

        /** Runs a command inside this host with {@link #DEFAULT_TIMEOUT}. */
        public ExecResult exec(final String... command)
        {
            return exec(DEFAULT_TIMEOUT, command);
        }

        /**
         * Runs a command inside this host and waits for it. Equals
         * {@code nsenter --net=/run/netns/NS -- COMMAND}. On timeout the command's process tree is
         * killed and a {@link LabException} carries what it had written.
         */
        public ExecResult exec(final Duration timeout, final String... command)
        {
            lab.ensureOpen();
            return Commands.run(inside(command), timeout);
        }

        /** Runs a command inside this host, returns its stdout, throws with all output on failure. */
        public String execOk(final String... command)
        {
            final ExecResult r = exec(command);
            if (!r.ok())
            {
                throw new LabException(name + "$ " + String.join(" ", command) + "\n" + r.describe());
            }
            return r.stdout();
        }

        /**
         * Starts a command in the background inside this host; output goes to a file under
         * {@link Lab#logDir()}. The lab kills it, with everything it started, when it closes.
         */
        public Spawned spawn(final String... command)
        {
            lab.ensureOpen();
            final int n = lab.spawned().size() + 1;
            final String base = Path.of(command[0]).getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
            final Path log = lab.logDir.resolve(name + "-" + n + "-" + base + ".log");
            final Spawned s = new Spawned(name, List.of(command), Commands.start(inside(command), log), log);
            try
            {
                lab.register(s);
            }
            catch (final RuntimeException e)
            {
                s.kill();
                throw e;
            }
            return s;
        }

        /**
         * Whether {@code ip} answers an ICMP echo from this host: {@code ping -c1 -W1 IP}, up to
         * three tries. Uses {@code busybox ping} when there is no {@code ping} binary.
         */
        public boolean ping(final String ip)
        {
            IpPrefix.Ip.parse(ip);
            final List<String> cmd = new ArrayList<>(PING);
            cmd.addAll(List.of("-c1", "-W1", ip));
            final String[] argv = cmd.toArray(String[]::new);
            for (int attempt = 0; attempt < 3; attempt++)
            {
                if (exec(Duration.ofSeconds(10), argv).ok())
                {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether a TCP connection from this host to {@code ip:port} is accepted within 2 s. The
         * socket is opened inside the namespace, then connected and closed from this thread.
         */
        public boolean tcpConnect(final String ip, final int port)
        {
            final InetAddress address = IpPrefix.Ip.parse(ip);
            final StandardProtocolFamily family = address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
            try (SocketChannel ch = call(() -> SocketChannel.open(family)))
            {
                ch.socket().connect(new InetSocketAddress(address, port), 2000);
                return true;
            }
            catch (final IOException e)
            {
                return false;
            }
        }

        /**
         * Runs Java code on a fresh platform thread inside this host's namespace (see
         * {@link NetNs#call}); sockets it opens stay in the namespace and may be used anywhere.
         */
        public <T> T call(final Callable<T> task)
        {
            lab.ensureOpen();
            try (NetNs ns = NetNs.open(nsPath()))
            {
                return ns.call(task);
            }
        }

        private List<String> inside(final String... command)
        {
            if (command.length == 0)
            {
                throw new IllegalArgumentException("empty command");
            }
            final List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + nsPath(), "--"));
            cmd.addAll(List.of(command));
            return cmd;
        }

        @Override
        public String toString()
        {
            return name + " (" + nsName + ", " + underlayIp + ")";
        }
    }
}
