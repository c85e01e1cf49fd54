// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.controller;

import io.pontoon.core.CrashPoints;
import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.driver.SandboxNs;
import io.pontoon.core.ipam.Ipam;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.Mac;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.PortMapping;
import io.pontoon.core.model.SandboxRecord;
import io.pontoon.core.store.Store;
import io.pontoon.kernel.net.IpPrefix;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The CNM controller: networks, sandboxes and the endpoints joining them. Every change is
 * persisted in the store before the kernel is touched, and each operation undoes its own work
 * when it fails, so nothing is left half-created; a restart replays the store through the
 * drivers ({@link #start}). Mutations of one sandbox are serialized; attaches to one network run
 * in parallel (they share the network's read lock; removing the network takes the write lock).
 */
public final class Controller implements AutoCloseable
{
    public static final String DEFAULT_NETWORK = "bridge";
    public static final String HOST = "host";
    public static final String NONE = "none";
    private static final String CONTAINER_PREFIX = "container:";
    private static final System.Logger LOG = System.getLogger("pontoon.controller");

    /** Where the controller keeps things, and how the default network is chosen. */
    public record Config(String storeRoot, Path netnsDir, Path logDir, IpPrefix defaultBridgeSubnet)
    {
    }

    /** A request to create a network (strings as the user gave them; validated here). */
    public record NetworkSpec(String name, String driver, String subnet, String gateway, String ipRange, boolean internal,
        Map<String, String> options)
    {
    }

    /** A request to create a sandbox. */
    public record SandboxSpec(String name, String network, String ip, List<PortMapping> ports, List<String> command,
        boolean detach, boolean autoRemove)
    {
    }

    /** A sandbox's process state: created (no process), running or exited. */
    public record ProcessState(String state, long pid, Integer exitCode)
    {
    }

    private final Config config;
    private final Store store;
    private final Ipam ipam;
    private final Map<String, NetworkDriver> drivers = new LinkedHashMap<>();
    private final Supplier<List<IpPrefix>> hostRoutes;
    private final Registry registry;
    private final PortTable ports;
    private final SandboxRuntime runtime;
    private final Map<String, ReentrantLock> sandboxLocks = new ConcurrentHashMap<>();
    private final Map<String, ReentrantReadWriteLock> networkLocks = new ConcurrentHashMap<>();
    private final Map<String, Integer> exitCodes = new ConcurrentHashMap<>();
    private final ExternalAttachments external;
    private final CniAttachments cni;
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r ->
        Thread.ofPlatform().daemon(true).name("pontoon-reaper").unstarted(r));
    private final GlobalNetworks global;
    private final NetworkLifecycle networks;

    public Controller(final Config config, final Store store, final Ipam ipam, final List<NetworkDriver> drivers,
        final Supplier<List<IpPrefix>> hostRoutes)
    {
        this(config, store, ipam, drivers, hostRoutes, null);
    }

    /**
     * A controller whose networks of some drivers are global: their records live in the cluster
     * behind {@code globalScope} (null: everything is local).
     */
    public Controller(final Config config, final Store store, final Ipam ipam, final List<NetworkDriver> drivers,
        final Supplier<List<IpPrefix>> hostRoutes, final GlobalScope globalScope)
    {
        this.global = globalScope == null ? null : new GlobalNetworks(this, globalScope);
        this.config = config;
        this.store = store;
        this.ipam = ipam;
        for (final NetworkDriver d : drivers)
        {
            this.drivers.put(d.name(), d);
        }
        this.hostRoutes = hostRoutes;
        this.registry = new Registry(store, config.storeRoot());
        this.ports = new PortTable(store, config.storeRoot());
        this.runtime = new SandboxRuntime(config.netnsDir(), config.logDir());
        this.cni = new CniAttachments(this, config.storeRoot());
        this.external = new ExternalAttachments(this, config.storeRoot());
        this.networks = new NetworkLifecycle(this);
    }

    // ------------------------------------------------------------------ start and restore

    /** Loads the store, makes sure the predefined networks exist, and makes the kernel match. */
    public void start()
    {
        registry.load();
        ensurePredefined();
        new Restorer(this).restore();
        if (global != null)
        {
            global.scope().start(this);
            global.leaveIdle();
        }
        reaper.scheduleWithFixedDelay(this::reap, 2, 2, TimeUnit.SECONDS);
    }

    private void ensurePredefined()
    {
        for (final String[] p : new String[][] {{HOST, "host"}, {NONE, "null"}})
        {
            if (registry.networkByName(p[0]).isEmpty())
            {
                registry.addNetwork(new NetworkRecord(Ids.newId(), p[0], p[1], NetworkRecord.SCOPE_LOCAL, false, null, null,
                    null, null, Map.of(), Map.of(), Instant.now(), null));
            }
        }
        final IpPrefix wanted = config.defaultBridgeSubnet();
        registry.networkByName(DEFAULT_NETWORK).filter(b -> wanted != null && !wanted.equals(b.subnet()))
            .ifPresent(this::moveDefaultBridge);
        if (registry.networkByName(DEFAULT_NETWORK).isEmpty())
        {
            final IpPrefix subnet = config.defaultBridgeSubnet();
            createNetworkRecord(new NetworkSpec(DEFAULT_NETWORK, "bridge", subnet == null ? null : subnet.toString(), null,
                null, false, Map.of()), Ids.newId(), null, Map.of());
        }
    }

    /**
     * {@code --default-bridge-subnet} changed since the default bridge was made: without endpoints
     * the old network goes (kernel, pool, record) so that start makes it anew on the new subnet;
     * with endpoints it stays, and the log says why the flag is not applied.
     */
    private void moveDefaultBridge(final NetworkRecord old)
    {
        final IpPrefix wanted = config.defaultBridgeSubnet();
        final List<EndpointRecord> eps = registry.endpointsOfNetwork(old.id());
        if (!eps.isEmpty())
        {
            LOG.log(System.Logger.Level.WARNING, "--default-bridge-subnet " + wanted + " is not applied: network "
                + DEFAULT_NETWORK + " keeps " + old.subnet() + " while " + eps.size()
                + " endpoint(s) are attached to it; remove them (pontoon ps) and restart the daemon");
            return;
        }
        LOG.log(System.Logger.Level.INFO, "--default-bridge-subnet: network " + DEFAULT_NETWORK + " moves from "
            + old.subnet() + " to " + wanted);
        driverOf(old).ifPresent(d -> d.deleteNetwork(old));
        if (old.poolId() != null && ipam.pool(old.poolId()).isPresent())
        {
            ipam.releasePool(old.poolId());
        }
        registry.removeNetwork(old);
    }

    /** CNI attachments (Podman, containerd, Kubernetes). */
    public CniAttachments cni()
    {
        return cni;
    }

    /** Operations for runtimes that own their sandboxes (Docker's remote driver). */
    public ExternalAttachments external()
    {
        return external;
    }

    // package-private accessors for the Restorer
    Registry registry()
    {
        return registry;
    }

    Ipam ipam()
    {
        return ipam;
    }

    /** The IPAM that hands out {@code n}'s addresses: the cluster's for global networks. */
    Ipam ipamOf(final NetworkRecord n)
    {
        return global != null && GlobalNetworks.isGlobal(n) ? global.scope().ipam() : ipam;
    }

    /** Global networks' side of the controller, or null without a cluster. */
    GlobalNetworks globals()
    {
        return global;
    }

    /** Whether this host has (or should have) the kernel objects of {@code n}. */
    boolean materialized(final NetworkRecord n)
    {
        return !GlobalNetworks.isGlobal(n) || global != null && global.materialized(n);
    }

    /**
     * Adds or refreshes the local mirror of a global network record (called by the cluster agent
     * from its watch). A local network with the same name keeps the name.
     */
    public void mirrorGlobalNetwork(final NetworkRecord network)
    {
        if (global == null || !GlobalNetworks.isGlobal(network))
        {
            throw PontoonException.invalid("network %s is not global", network.name());
        }
        global.mirror(network);
    }

    /**
     * Drops the mirror of a global network the cluster no longer has, with its kernel objects;
     * false (and kept) while local endpoints still use it. Takes the network's write lock: never
     * call it from a thread that an attach may wait for.
     */
    public boolean forgetGlobalNetwork(final String networkId)
    {
        return global == null || global.forget(networkId);
    }

    PortTable ports()
    {
        return ports;
    }

    SandboxRuntime runtime()
    {
        return runtime;
    }

    Optional<NetworkDriver> driverOf(final NetworkRecord n)
    {
        return Optional.ofNullable(drivers.get(n.driver()));
    }

    Store store()
    {
        return store;
    }

    // ------------------------------------------------------------------ networks

    public List<NetworkRecord> networks()
    {
        return List.copyOf(registry.networks());
    }

    public NetworkRecord network(final String ref)
    {
        return registry.resolveNetwork(ref);
    }

    public List<EndpointRecord> endpointsOfNetwork(final String networkId)
    {
        return registry.endpointsOfNetwork(networkId);
    }

    /** The hosts and remote endpoints of a global network, as this host knows them (empty for local networks). */
    public Optional<GlobalScope.Peers> peersOf(final NetworkRecord n)
    {
        return global != null && GlobalNetworks.isGlobal(n) ? Optional.of(global.scope().peers(n.id())) : Optional.empty();
    }

    /** {@code pontoon network create}. */
    public NetworkRecord createNetwork(final NetworkSpec spec)
    {
        Ids.checkName("network", spec.name());
        if (spec.name().equals(HOST) || spec.name().equals(NONE))
        {
            throw PontoonException.forbidden("network name %s is reserved for the predefined %s network", spec.name(),
                spec.name());
        }
        if (registry.networkByName(spec.name()).isPresent())
        {
            throw PontoonException.conflict("network with name %s already exists", spec.name());
        }
        return createNetworkRecord(spec, Ids.newId(), null, Map.of());
    }

    /**
     * Creates a network record and its kernel objects. {@code existingPool} is an address pool
     * already requested through the IPAM plugin (Docker), or null to request one here.
     */
    NetworkRecord createNetworkRecord(final NetworkSpec spec, final String id, final String existingPool,
        final Map<String, String> labels)
    {
        return networks.create(spec, id, existingPool, labels);
    }

    static IpPrefix parse(final String what, final String text, final boolean network)
    {
        return NetworkLifecycle.parse(what, text, network);
    }

    static InetAddress address(final String what, final String text)
    {
        return NetworkLifecycle.address(what, text);
    }

    /** {@code pontoon network rm}. */
    public void removeNetwork(final String ref)
    {
        networks.remove(ref);
    }

    /** The driver named {@code name}, if this controller has it. */
    NetworkDriver driverNamed(final String name)
    {
        return drivers.get(name);
    }

    /** The names of this controller's drivers, for messages. */
    Set<String> driverNames()
    {
        return drivers.keySet();
    }

    /** Host routes new pools must avoid when no subnet is given. */
    List<IpPrefix> hostRoutes()
    {
        return hostRoutes.get();
    }

    /** Drops the lock object of a removed network. */
    void forgetNetworkLock(final String id)
    {
        networkLocks.remove(id);
    }

    static boolean isPredefined(final NetworkRecord n)
    {
        return n.name().equals(DEFAULT_NETWORK) || n.name().equals(HOST) || n.name().equals(NONE);
    }

    private static boolean hasNoAddresses(final NetworkRecord n)
    {
        return n.driver().equals("host") || n.driver().equals("null");
    }

    String sandboxName(final String sandboxId)
    {
        return sandboxId == null ? "-" : registry.sandbox(sandboxId).map(SandboxRecord::name).orElse(Ids.shortId(sandboxId));
    }

    // ------------------------------------------------------------------ sandboxes

    public List<SandboxRecord> sandboxes()
    {
        return List.copyOf(registry.sandboxes());
    }

    public SandboxRecord sandbox(final String ref)
    {
        return registry.resolveSandbox(ref);
    }

    public List<EndpointRecord> endpointsOfSandbox(final String sandboxId)
    {
        return registry.endpointsOfSandbox(sandboxId);
    }

    public Optional<NetworkRecord> networkById(final String id)
    {
        return registry.network(id);
    }

    /** The published ports of a sandbox (they live on its first endpoint). */
    public List<PortMapping> portsOf(final String sandboxId)
    {
        final List<PortMapping> out = new ArrayList<>();
        registry.endpointsOfSandbox(sandboxId).forEach(e -> out.addAll(e.ports()));
        return out;
    }

    public ProcessState processState(final SandboxRecord s)
    {
        if (s.pid() == 0)
        {
            return new ProcessState("created", 0, null);
        }
        if (runtime.running(s))
        {
            return new ProcessState("running", s.pid(), null);
        }
        final Integer code = exitCodes.computeIfAbsent(s.id(), k -> runtime.exitCode(s).orElse(null));
        return new ProcessState("exited", 0, code);
    }

    /** {@code pontoon run}: a namespace, its first endpoint and ports, and maybe a process. */
    public SandboxRecord createSandbox(final SandboxSpec spec)
    {
        final String name = spec.name() == null || spec.name().isEmpty() ? generateName() : spec.name();
        Ids.checkName("sandbox", name);
        if (registry.sandboxNameTaken(name))
        {
            throw PontoonException.conflict("sandbox with name %s already exists", name);
        }
        if (spec.detach())
        {
            if (spec.command() == null || spec.command().isEmpty())
            {
                throw PontoonException.invalid("field 'Command' is required when 'Detach' is true");
            }
            SandboxRuntime.checkExecutable(spec.command());
        }
        final String id = Ids.newId();
        final String ref = spec.network() == null || spec.network().isEmpty() ? DEFAULT_NETWORK : spec.network();
        final boolean wantsAddress = spec.ip() != null && !spec.ip().isEmpty();
        final List<PortMapping> wanted = spec.ports() == null ? List.of() : spec.ports();
        String mode;
        String nsPath = config.netnsDir().resolve(id).toString();
        String containerOf = null;
        NetworkRecord network = null;
        if (ref.startsWith(CONTAINER_PREFIX))
        {
            final SandboxRecord other = registry.resolveSandbox(ref.substring(CONTAINER_PREFIX.length()));
            final SandboxRecord owner = other.containerOf() == null ? other
                : registry.sandbox(other.containerOf()).orElse(other);
            mode = SandboxRecord.MODE_CONTAINER;
            containerOf = owner.id();
            nsPath = owner.netnsPath();
        }
        else
        {
            network = registry.resolveNetwork(ref);
            mode = network.name().equals(HOST) ? HOST : network.name().equals(NONE) ? NONE
                : network.name().equals(DEFAULT_NETWORK) ? DEFAULT_NETWORK : network.name();
            if (mode.equals(HOST))
            {
                nsPath = null;
            }
        }
        if (network == null || hasNoAddresses(network))
        {
            if (wantsAddress)
            {
                throw PontoonException.invalid("--ip needs a network with addresses, not mode %s", ref);
            }
            if (!wanted.isEmpty())
            {
                throw PontoonException.invalid("ports cannot be published in mode %s: the sandbox has no address of its own",
                    ref);
            }
            network = null;
        }
        final SandboxRecord record = new SandboxRecord(id, name, mode, nsPath, containerOf, 0,
            spec.command() == null ? List.of() : spec.command(), Instant.now(), spec.autoRemove() && spec.detach());
        registry.addSandbox(record);
        CrashPoints.hit("sandbox.create.afterRecord");
        final boolean ownNs = containerOf == null && nsPath != null;
        try
        {
            if (ownNs)
            {
                runtime.create(id);
                CrashPoints.hit("sandbox.create.afterNetns");
            }
            if (network != null)
            {
                connectLocked(network, record, spec.ip(), List.of(), wanted);
                CrashPoints.hit("sandbox.create.afterConnect");
            }
            if (!spec.detach())
            {
                return record;
            }
            final Process p = runtime.start(id, nsPath, record.command());
            CrashPoints.hit("sandbox.create.afterStart");
            final SandboxRecord started = new SandboxRecord(id, name, mode, nsPath, containerOf, p.pid(), record.command(),
                record.created(), record.autoRemove());
            registry.updateSandbox(started);
            runtime.onExit(p.pid(), () -> onProcessExit(started));
            return started;
        }
        catch (final RuntimeException e)
        {
            try
            {
                teardown(registry.sandbox(id).orElse(record));
            }
            catch (final RuntimeException cleanup)
            {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private String generateName()
    {
        for (int i = 0; i < 100; i++)
        {
            final String n = "sandbox-" + Ids.newId().substring(0, 8);
            if (!registry.sandboxNameTaken(n))
            {
                return n;
            }
        }
        throw PontoonException.internal("could not generate a unique sandbox name", null);
    }

    private void onProcessExit(final SandboxRecord s)
    {
        runtime.exitCode(s).ifPresent(c -> exitCodes.put(s.id(), c));
        if (s.autoRemove())
        {
            try
            {
                removeSandbox(s.id(), true);
            }
            catch (final PontoonException e)
            {
                if (e.kind() != PontoonException.Kind.NOT_FOUND)
                {
                    LOG.log(System.Logger.Level.WARNING, "auto-removing sandbox " + s.name() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Removes auto-remove sandboxes whose process ended while the daemon was not its parent. */
    private void reap()
    {
        if (global != null)
        {
            global.leaveIdle();
        }
        for (final SandboxRecord s : registry.sandboxes())
        {
            if (s.autoRemove() && s.pid() != 0 && !runtime.running(s))
            {
                onProcessExit(s);
            }
        }
    }

    /** {@code pontoon rm [-f]}. */
    public void removeSandbox(final String ref, final boolean force)
    {
        final SandboxRecord s = registry.resolveSandbox(ref);
        final List<SandboxRecord> joiners = registry.joinersOf(s.id());
        if (!joiners.isEmpty() && !force)
        {
            throw PontoonException.forbidden("sandbox %s is shared by %s (container:%s); remove them first or use force",
                s.name(), String.join(", ", joiners.stream().map(SandboxRecord::name).toList()), s.name());
        }
        if (!force && runtime.running(s))
        {
            throw PontoonException.conflict("sandbox %s is running; stop it or use force", s.name());
        }
        for (final SandboxRecord j : joiners)
        {
            removeSandbox(j.id(), true);
        }
        final ReentrantLock lock = sandboxLock(s.id());
        lock.lock();
        try
        {
            if (registry.sandbox(s.id()).isEmpty())
            {
                throw PontoonException.notFound("sandbox '%s' not found", ref);
            }
            teardown(registry.sandbox(s.id()).get());
        }
        finally
        {
            lock.unlock();
            sandboxLocks.remove(s.id());
        }
    }

    /** Kills, disconnects and deletes everything of a sandbox; tolerant of missing pieces. */
    void teardown(final SandboxRecord s)
    {
        runtime.kill(s);
        CrashPoints.hit("sandbox.remove.afterKill");
        for (final EndpointRecord e : registry.endpointsOfSandbox(s.id()))
        {
            final NetworkRecord n = registry.network(e.networkId()).orElse(null);
            detach(n, e);
        }
        CrashPoints.hit("sandbox.remove.afterDetach");
        if (s.containerOf() == null && s.netnsPath() != null)
        {
            runtime.delete(s.id());
        }
        else
        {
            runtime.close(s.id());
        }
        CrashPoints.hit("sandbox.remove.afterNetns");
        registry.removeSandbox(s);
        exitCodes.remove(s.id());
    }

    // ------------------------------------------------------------------ connect / disconnect

    /** {@code pontoon network connect}. */
    public EndpointRecord connect(final String networkRef, final String sandboxRef, final String ip,
        final List<String> aliases)
    {
        final NetworkRecord n = registry.resolveNetwork(networkRef);
        final SandboxRecord s = registry.resolveSandbox(sandboxRef);
        if (hasNoAddresses(n))
        {
            throw PontoonException.forbidden("cannot connect to the %s network: use it as a mode when creating a sandbox",
                n.name());
        }
        if (s.mode().equals(HOST) || s.mode().equals(NONE) || s.containerOf() != null)
        {
            throw PontoonException.forbidden("sandbox %s is in mode %s and cannot be connected to networks", s.name(),
                s.containerOf() != null ? "container:" + sandboxName(s.containerOf()) : s.mode());
        }
        return connectLocked(n, s, ip, aliases, List.of());
    }

    private EndpointRecord connectLocked(final NetworkRecord n, final SandboxRecord s, final String ip,
        final List<String> aliases, final List<PortMapping> wanted)
    {
        final ReentrantLock sl = sandboxLock(s.id());
        final ReentrantReadWriteLock nl = networkLock(n.id());
        sl.lock();
        nl.readLock().lock();
        try
        {
            if (registry.network(n.id()).isEmpty())
            {
                throw PontoonException.notFound("network '%s' not found", n.name());
            }
            final List<EndpointRecord> existing = registry.endpointsOfSandbox(s.id());
            if (existing.stream().anyMatch(e -> e.networkId().equals(n.id())))
            {
                throw PontoonException.conflict("sandbox %s is already connected to network %s", s.name(), n.name());
            }
            for (final String a : aliases)
            {
                Ids.checkName("alias", a);
            }
            return attach(n, s, existing, ip, aliases, wanted);
        }
        finally
        {
            nl.readLock().unlock();
            sl.unlock();
        }
    }

    GlobalNetworks globalOrFail(final NetworkRecord n)
    {
        if (global == null)
        {
            throw PontoonException.unavailable("network %s is global and this daemon has no cluster store", n.name());
        }
        return global;
    }

    private EndpointRecord attach(final NetworkRecord network, final SandboxRecord s, final List<EndpointRecord> existing,
        final String ip, final List<String> aliases, final List<PortMapping> wanted)
    {
        final NetworkDriver driver = driverOf(network).orElseThrow(() ->
            PontoonException.internal("network " + network.name() + " has no driver " + network.driver(), null));
        final InetAddress preferred = ip == null || ip.isEmpty() ? null : address("ip", ip);
        if (!wanted.isEmpty())
        {
            driver.checkPublish(network, exact(wanted));
        }
        final NetworkRecord n = GlobalNetworks.isGlobal(network) ? globalOrFail(network).participate(network) : network;
        final Ipam ipam = ipamOf(n);
        final IpPrefix addr = ipam.allocate(n.poolId(), preferred);
        CrashPoints.hit("attach.afterIpam");
        final String epId = Ids.newId();
        List<PortMapping> published = List.of();
        EndpointRecord ep = null;
        boolean stored = false;
        try
        {
            if (!wanted.isEmpty())
            {
                published = ports.reserve(epId, wanted, this::portOwner, hostFree(driver, n));
                CrashPoints.hit("attach.afterPorts");
            }
            ep = new EndpointRecord(epId, "ep-" + Ids.shortId(epId), n.id(), s.id(), addr, Mac.fromIpv4(addr.address()),
                nextInterface(existing), "ptv" + Ids.shortId(epId), aliases, published, Instant.now());
            registry.putEndpoint(ep);
            stored = true;
            CrashPoints.hit("attach.afterPutEndpoint");
            final SandboxNs ns = runtime.open(s.id(), s.netnsPath());
            driver.join(n, ep, ns, existing.isEmpty());
            CrashPoints.hit("attach.afterJoin");
            if (!published.isEmpty())
            {
                driver.publish(n, ep, published);
                CrashPoints.hit("attach.afterPublish");
            }
            if (global != null && GlobalNetworks.isGlobal(n))
            {
                global.scope().published(n, ep);
            }
            return ep;
        }
        catch (final RuntimeException e)
        {
            try
            {
                if (stored)
                {
                    if (!published.isEmpty())
                    {
                        driver.unpublish(n, ep, published);
                    }
                    driver.leave(n, ep);
                    registry.removeEndpoint(ep);
                    if (global != null && GlobalNetworks.isGlobal(n))
                    {
                        global.scope().withdrawn(n, ep);
                    }
                }
                if (!published.isEmpty())
                {
                    ports.release(epId, published);
                }
                ipam.release(n.poolId(), addr.address());
            }
            catch (final RuntimeException cleanup)
            {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The mappings that name one host port (the others are resolved when reserved). */
    static List<PortMapping> exact(final List<PortMapping> ports)
    {
        return ports.stream().filter(m -> !m.isEphemeral() && !m.isHostRange()).toList();
    }

    /**
     * Whether the driver may publish a port the daemon picked (ephemeral or from a host range):
     * false when a host process holds it.
     */
    static Predicate<PortMapping> hostFree(final NetworkDriver driver, final NetworkRecord n)
    {
        return m ->
        {
            try
            {
                driver.checkPublish(n, List.of(m));
                return true;
            }
            catch (final PontoonException e)
            {
                if (e.kind() == PontoonException.Kind.CONFLICT)
                {
                    return false;
                }
                throw e;
            }
        };
    }

    String portOwner(final String endpointId)
    {
        return registry.endpoints().stream().filter(e -> e.id().equals(endpointId)).findFirst()
            .map(e -> "sandbox " + sandboxName(e.sandboxId())).orElse("another sandbox");
    }

    private static String nextInterface(final List<EndpointRecord> existing)
    {
        for (int i = 0; ; i++)
        {
            final String name = "eth" + i;
            if (existing.stream().noneMatch(e -> name.equals(e.ifName())))
            {
                return name;
            }
        }
    }

    /** {@code pontoon network disconnect}. */
    public void disconnect(final String networkRef, final String sandboxRef, final boolean force)
    {
        final NetworkRecord n;
        final SandboxRecord s;
        try
        {
            n = registry.resolveNetwork(networkRef);
            s = registry.resolveSandbox(sandboxRef);
        }
        catch (final PontoonException e)
        {
            if (force && e.kind() == PontoonException.Kind.NOT_FOUND)
            {
                return;
            }
            throw e;
        }
        final ReentrantLock sl = sandboxLock(s.id());
        sl.lock();
        try
        {
            final List<EndpointRecord> eps = registry.endpointsOfSandbox(s.id());
            final Optional<EndpointRecord> ep = eps.stream().filter(e -> e.networkId().equals(n.id())).findFirst();
            if (ep.isEmpty())
            {
                if (force)
                {
                    return;
                }
                throw PontoonException.notFound("sandbox %s is not connected to network %s", s.name(), n.name());
            }
            detach(n, ep.get());
            CrashPoints.hit("disconnect.afterDetach");
            final boolean hadDefault = eps.get(0).id().equals(ep.get().id());
            final List<EndpointRecord> rest = registry.endpointsOfSandbox(s.id());
            if (hadDefault && !rest.isEmpty())
            {
                final NetworkRecord next = registry.network(rest.get(0).networkId()).orElseThrow();
                driverOf(next).ifPresent(d -> d.setDefaultRoute(next, runtime.open(s.id(), s.netnsPath())));
            }
        }
        finally
        {
            sl.unlock();
        }
    }

    /** Withdraws an endpoint from the kernel and the store; tolerant of missing pieces. */
    void detach(final NetworkRecord n, final EndpointRecord e)
    {
        if (n != null)
        {
            driverOf(n).ifPresent(d ->
            {
                if (!e.ports().isEmpty())
                {
                    d.unpublish(n, e, e.ports());
                    CrashPoints.hit("detach.afterUnpublish");
                }
                d.leave(n, e);
                CrashPoints.hit("detach.afterLeave");
            });
        }
        // the record goes before its address and ports: a crash in between leaves an allocation
        // and a reservation that no endpoint holds, which the next start releases, never an
        // endpoint whose address or port could be handed out again
        registry.removeEndpoint(e);
        CrashPoints.hit("detach.afterRemoveEndpoint");
        if (n != null)
        {
            final Ipam ipam = ipamOf(n);
            if (e.ip() != null && n.poolId() != null && ipam.pool(n.poolId()).isPresent())
            {
                ipam.release(n.poolId(), e.ip().address());
                CrashPoints.hit("detach.afterIpamRelease");
            }
        }
        if (!e.ports().isEmpty())
        {
            ports.release(e.id(), e.ports());
            CrashPoints.hit("detach.afterPortsRelease");
        }
        if (global != null && GlobalNetworks.isGlobal(n))
        {
            global.scope().withdrawn(n, e);
            global.leaveIfIdle(n.id());
        }
    }

    private ReentrantLock sandboxLock(final String id)
    {
        return sandboxLocks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    ReentrantReadWriteLock networkLock(final String id)
    {
        return networkLocks.computeIfAbsent(id, k -> new ReentrantReadWriteLock());
    }

    @Override
    public void close()
    {
        reaper.shutdownNow();
        if (global != null)
        {
            global.scope().close();
        }
        runtime.close();
    }
}
