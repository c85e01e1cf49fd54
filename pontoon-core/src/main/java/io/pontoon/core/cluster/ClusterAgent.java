// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.core.PontoonException;
import io.pontoon.core.controller.Controller;
import io.pontoon.core.controller.GlobalScope;
import io.pontoon.core.driver.overlay.OverlayPeers;
import io.pontoon.core.ipam.Ipam;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Mac;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.store.LeasingStore;
import io.pontoon.core.store.Store;
import io.pontoon.core.store.Watch;
import io.pontoon.core.store.WatchEvent;
import io.pontoon.core.store.WatchListener;
import io.pontoon.kernel.net.IpPrefix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This host's agent in the cluster: it registers the host (with a lease), keeps a copy of the
 * global state from a list and a watch of {@code <root>global/}, mirrors global network records
 * into the controller, feeds the data plane with the remote endpoints of the networks this host
 * takes part in, and publishes this host's own endpoints. See {@link ClusterKeys} for the keys.
 *
 * <p>Failure behaviour: a probe reads the store every {@link ClusterConfig#probeInterval()}; when a
 * probe, a write, the lease renewal or the watch fails, the link goes down: what runs keeps running
 * (the kernel forwards on its static entries, local networks are untouched) and operations that need
 * the cluster fail at once with UNAVAILABLE. When the store answers again the agent resyncs by
 * itself: re-registers (taking its lease over if it survived), lists everything, mirrors networks,
 * checks its blocks, republishes what differs, resyncs the data plane and watches again.
 *
 * <p>Threads: the watch, resyncs and data-plane calls run on the agent's loop thread; the probe on
 * its own; forgetting a removed network (which takes the controller's network lock) on a third, so
 * the loop never waits for a controller lock while an attach waits for the loop.
 */
public final class ClusterAgent implements GlobalScope, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("pontoon.cluster");

    private final ClusterConfig cfg;
    private final LeasingStore cluster;
    private final Store local;
    private final ClusterKeys keys;
    private final Set<String> drivers;
    private final ClusterState state = new ClusterState();
    private final ClusterLink link;
    private final BlockClaims claims;
    private final ClusterIpam ipam;
    private final ClusterNetworks networks;
    private final Registration registration;
    private final Publisher publisher;
    private final ClusterSync sync;
    private final AgentThreads threads = new AgentThreads();
    private final AtomicBoolean resyncPending = new AtomicBoolean();
    private volatile Controller controller;
    private Watch watch;
    private int watchGeneration;

    /**
     * An agent for {@code cfg}'s host on {@code cluster}, keeping its own bookkeeping in
     * {@code local} under {@code storeRoot} ({@code /pontoon/v1/}); networks of {@code drivers}
     * are global; {@code peers} is the data plane.
     */
    public ClusterAgent(final ClusterConfig cfg, final LeasingStore cluster, final Store local, final String storeRoot,
        final Set<String> drivers, final OverlayPeers peers)
    {
        this.cfg = cfg;
        this.cluster = cluster;
        this.local = local;
        this.keys = ClusterKeys.under(storeRoot);
        this.drivers = Set.copyOf(drivers);
        this.link = new ClusterLink(cluster.toString());
        this.claims = new BlockClaims(cluster, keys, state, link, cfg.hostName());
        this.ipam = new ClusterIpam(local, keys, state, claims, link);
        this.networks = new ClusterNetworks(cluster, keys, state);
        this.registration = new Registration(cfg, cluster, local, keys, this::leaseLost);
        this.publisher = new Publisher(cluster, keys, state, cfg.hostName(), registration::lease);
        this.sync = new ClusterSync(keys, state, cfg.hostName(), peers, new Effects());
    }

    /** What the watch's changes mean beyond the state. */
    private final class Effects implements ClusterSync.Effects
    {
        @Override
        public void networkPut(final NetworkRecord n)
        {
            final Controller c = controller;
            if (c != null)
            {
                c.mirrorGlobalNetwork(n);
            }
        }

        @Override
        public void networkDeleted(final String id)
        {
            final Controller c = controller;
            if (c != null)
            {
                threads.side(() -> c.forgetGlobalNetwork(id));
            }
        }

        @Override
        public void blockLost(final String networkId, final IpPrefix block)
        {
            ipam.lost(networkId, block);
        }

        @Override
        public void ownEndpointVanished(final String key)
        {
            if (publisher.wanted(key))
            {
                LOG.log(System.Logger.Level.WARNING, "endpoint key " + key + " vanished from the cluster (lease expired?);"
                    + " resyncing");
                down("this host's keys vanished from the cluster");
                scheduleResync();
            }
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public boolean handles(final String driver)
    {
        return drivers.contains(driver);
    }

    @Override
    public void start(final Controller c)
    {
        this.controller = c;
        pruneLocal(c);
        try
        {
            threads.onLoop(this::resync);
        }
        catch (final PontoonException e)
        {
            if (e.kind() != PontoonException.Kind.UNAVAILABLE)
            {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "cluster store " + link.store() + " is unreachable (" + e.getMessage()
                + "); running on local state and retrying every " + cfg.probeInterval().toMillis() + " ms");
            down(e.getMessage());
        }
        threads.probeEvery(cfg.probeInterval(), this::probe);
    }

    /** Drops local allocations that no endpoint or host address uses (after a crash). */
    private void pruneLocal(final Controller c)
    {
        for (final String id : ipam.localNetworks())
        {
            final NetworkRecord n = c.networkById(id).orElse(null);
            if (n == null)
            {
                ipam.drop(id);
                continue;
            }
            final Set<java.net.InetAddress> inUse = new java.util.HashSet<>();
            c.endpointsOfNetwork(id).forEach(e -> inUse.add(e.ip().address()));
            ipam.prune(id, inUse, ClusterOptions.hostAddress(n).map(IpPrefix::address).orElse(null));
        }
    }

    private void probe()
    {
        try
        {
            cluster.revision();
        }
        catch (final RuntimeException e)
        {
            if (link.up())
            {
                LOG.log(System.Logger.Level.WARNING, "cluster store " + link.store() + " is unreachable: " + e.getMessage());
            }
            down(e.getMessage());
            return;
        }
        if (!link.up())
        {
            scheduleResync();
        }
    }

    private void leaseLost(final PontoonException e)
    {
        LOG.log(System.Logger.Level.WARNING, "cluster lease lost: " + e.getMessage());
        down("lease lost: " + e.getMessage());
        scheduleResync();
    }

    private void down(final String why)
    {
        link.up(false, why);
    }

    private void scheduleResync()
    {
        if (resyncPending.compareAndSet(false, true))
        {
            threads.loop(() ->
            {
                try
                {
                    resync();
                }
                catch (final RuntimeException e)
                {
                    down(e.getMessage());
                    LOG.log(System.Logger.Level.WARNING, "cluster resync failed: " + e.getMessage());
                }
            });
        }
    }

    /** Brings this host in step with the cluster (on the loop thread). */
    private void resync()
    {
        resyncPending.set(false);
        final long t0 = System.nanoTime();
        final Controller c = controller;
        closeWatch();
        registration.register();
        final long rev = cluster.revision();
        state.replaceWith(sync.load(cluster.list(keys.root())));
        for (final NetworkRecord n : state.networks.values())
        {
            c.mirrorGlobalNetwork(n);
        }
        for (final NetworkRecord n : c.networks())
        {
            if (NetworkRecord.SCOPE_GLOBAL.equals(n.scope()) && !state.networks.containsKey(n.id()))
            {
                threads.side(() -> c.forgetGlobalNetwork(n.id()));
            }
        }
        link.up(true, "in sync");
        ipam.reconcileBlocks(cfg.hostName());
        final int changed = publisher.republish(desired(c));
        for (final String id : sync.fed())
        {
            if (c.networkById(id).map(n -> !participating(n)).orElse(true))
            {
                sync.unfeed(id);
            }
        }
        for (final NetworkRecord n : c.networks())
        {
            if (participating(n) && state.networks.containsKey(n.id()))
            {
                sync.feed(n.id());
            }
        }
        final int gen = ++watchGeneration;
        watch = cluster.watch(keys.root(), rev + 1, new Listener(gen));
        LOG.log(System.Logger.Level.INFO, "in sync with cluster store " + link.store() + " at revision " + rev + " ("
            + state.hosts.size() + " hosts, " + state.networks.size() + " networks, " + changed + " keys republished) in "
            + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** Every key this host should have in the cluster: its endpoints and its addresses on networks. */
    private Map<String, EndpointEntry> desired(final Controller c)
    {
        final Map<String, EndpointEntry> out = new TreeMap<>();
        for (final NetworkRecord n : c.networks())
        {
            if (!participating(n) || !state.networks.containsKey(n.id()))
            {
                continue;
            }
            final EndpointEntry h = hostEntry(n);
            out.put(keys.endpoint(n.id(), h.id()), h);
            for (final EndpointRecord e : c.endpointsOfNetwork(n.id()))
            {
                out.put(keys.endpoint(n.id(), e.id()), containerEntry(e));
            }
        }
        return out;
    }

    private EndpointEntry hostEntry(final NetworkRecord n)
    {
        return new EndpointEntry(EndpointEntry.hostEndpointId(cfg.hostName()), cfg.hostName(), EndpointEntry.HOST,
            ClusterOptions.hostAddress(n).orElseThrow(), n.options().get(ClusterOptions.HOST_MAC), cfg.advertise());
    }

    private EndpointEntry containerEntry(final EndpointRecord e)
    {
        return new EndpointEntry(e.id(), cfg.hostName(), EndpointEntry.CONTAINER, e.ip(), e.mac(), cfg.advertise());
    }

    private void closeWatch()
    {
        if (watch != null)
        {
            watch.close();
            watch = null;
        }
    }

    /** Hands watch events of one generation to the loop; a later generation makes them stale. */
    private final class Listener implements WatchListener
    {
        private final int gen;

        Listener(final int gen)
        {
            this.gen = gen;
        }

        @Override
        public void accept(final WatchEvent ev)
        {
            threads.loop(() ->
            {
                if (gen == watchGeneration)
                {
                    sync.apply(ev);
                }
            });
        }

        @Override
        public void ended(final PontoonException cause)
        {
            down("watch ended: " + cause.getMessage());
            scheduleResync();
        }
    }

    @Override
    public void close()
    {
        down("closed");
        threads.close(() ->
        {
            closeWatch();
            registration.close();
        });
    }

    // ------------------------------------------------------------------ networks

    @Override
    public NetworkRecord createNetwork(final NetworkRecord proposed)
    {
        link.require("global networks cannot be created");
        return networks.create(proposed);
    }

    @Override
    public void removeNetwork(final NetworkRecord network)
    {
        link.require("global networks cannot be removed");
        networks.remove(network);
    }

    @Override
    public Ipam ipam()
    {
        return ipam;
    }

    @Override
    public boolean participating(final NetworkRecord network)
    {
        return ClusterOptions.participating(network);
    }

    @Override
    public NetworkRecord globalRecord(final NetworkRecord network)
    {
        return ClusterOptions.global(network);
    }

    @Override
    public NetworkRecord join(final NetworkRecord network)
    {
        link.require("network '" + network.name() + "' cannot take new endpoints");
        final IpPrefix a = ipam.allocateHost(network.id());
        return ClusterOptions.withHost(network, a, Mac.fromIpv4(a.address()));
    }

    @Override
    public void joined(final NetworkRecord network)
    {
        link.require("network '" + network.name() + "' cannot take new endpoints");
        publisher.publish(network.id(), network.name(), hostEntry(network));
        threads.onLoop(() -> sync.feed(network.id()));
    }

    @Override
    public NetworkRecord leave(final NetworkRecord network)
    {
        threads.onLoop(() -> sync.unfeed(network.id()));
        publisher.withdraw(network.id(), EndpointEntry.hostEndpointId(cfg.hostName()), link.up());
        ClusterOptions.hostAddress(network).ifPresent(a -> ipam.release(network.id(), a.address()));
        ipam.releaseEmptyBlocks(network.id());
        return ClusterOptions.global(network);
    }

    @Override
    public Optional<String> unavailable()
    {
        return link.up() ? Optional.empty()
            : Optional.of("cluster store " + link.store() + " is unreachable (" + link.reason() + ")");
    }

    @Override
    public void published(final NetworkRecord network, final EndpointRecord endpoint)
    {
        link.require("network '" + network.name() + "' cannot take new endpoints");
        try
        {
            publisher.publish(network.id(), network.name(), containerEntry(endpoint));
        }
        catch (final PontoonException e)
        {
            if (e.kind() == PontoonException.Kind.UNAVAILABLE)
            {
                down(e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public void withdrawn(final NetworkRecord network, final EndpointRecord endpoint)
    {
        if (!publisher.withdraw(network.id(), endpoint.id(), link.up()) && link.up())
        {
            down("a withdrawal failed");
        }
    }

    @Override
    public void forgotten(final String networkId)
    {
        threads.onLoop(() -> sync.unfeed(networkId));
        ipam.drop(networkId);
    }

    @Override
    public Peers peers(final String networkId)
    {
        final Map<String, int[]> counts = new TreeMap<>();
        final Map<String, java.net.InetAddress> vteps = new TreeMap<>();
        for (final EndpointEntry e : state.endpointsOf(networkId).values())
        {
            counts.computeIfAbsent(e.host(), k -> new int[1])[0] += e.isHost() ? 0 : 1;
            vteps.put(e.host(), e.vtep());
        }
        final List<PeerHost> hosts = new ArrayList<>();
        counts.forEach((h, n) -> hosts.add(new PeerHost(h, vteps.get(h), n[0])));
        return new Peers(hosts, sync.remotes(networkId).stream()
            .sorted(Comparator.comparing(r -> r.ip().getHostAddress())).toList());
    }

    /** This host's view of the cluster, for {@code GET /v1/cluster}. */
    public ClusterStatus status()
    {
        return new ClusterStatus(cfg.hostName(), cfg.advertise(), link.store(), link.up(), link.reason(),
            registration.lease(), cfg.leaseTtl(), state.hosts.values().stream().sorted(Comparator.comparing(HostRecord::name))
                .toList(), sync.fed().stream().sorted().toList());
    }
}
