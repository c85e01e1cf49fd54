// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon;

import io.pontoon.core.CrashPoints;
import io.pontoon.core.cluster.ClusterAgent;
import io.pontoon.core.cluster.ClusterConfig;
import io.pontoon.core.controller.Controller;
import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.driver.bridge.BridgeDriver;
import io.pontoon.core.driver.bridge.BridgeNetworkDriver;
import io.pontoon.core.driver.overlay.OverlayNetworkDriver;
import io.pontoon.core.ipam.AddressPool;
import io.pontoon.core.ipam.StoreIpam;
import io.pontoon.core.store.LocalStore;
import io.pontoon.core.store.Store;
import io.pontoon.daemon.cni.CniApi;
import io.pontoon.daemon.cni.CniExecApi;
import io.pontoon.daemon.docker.DockerIpam;
import io.pontoon.daemon.docker.DockerPlugin;
import io.pontoon.daemon.etcd.EtcdStore;
import io.pontoon.daemon.http.PluginHttpServer;
import io.pontoon.daemon.http.Router;
import io.pontoon.daemon.http.UdsServer;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.netlink.rtnl.Route;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netns.NetNs;
import io.pontoon.kernel.nft.Nft;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code pontoon daemon}: the composition root. Builds the one {@link DaemonConfig}, opens the
 * store and the host's kernel handles, registers the drivers (an explicit list), restores the
 * kernel from the store, then serves the REST API until SIGTERM/SIGINT.
 */
public final class Main
{
    public static final String STORE_ROOT = "/pontoon/v1/";

    private Main()
    {
    }

    public static void main(final String[] args)
    {
        final DaemonConfig cfg;
        try
        {
            cfg = DaemonConfig.parse(args);
        }
        catch (final DaemonConfig.UsageException e)
        {
            if (e.getMessage().isEmpty())
            {
                System.out.print(DaemonConfig.USAGE);
                return;
            }
            System.err.println("Error: " + e.getMessage());
            System.exit(2);
            return;
        }
        try
        {
            run(cfg);
        }
        catch (final Exception e)
        {
            System.err.println("Error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Starts everything; returns only when the daemon is told to stop. */
    static void run(final DaemonConfig cfg) throws Exception
    {
        if (!"root".equals(System.getProperty("user.name")))
        {
            throw new IllegalStateException("pontoon daemon must run as root (it programs the kernel's network stack)");
        }
        if (CrashPoints.armed() != null)
        {
            System.err.println("pontoon daemon: test crash point " + CrashPoints.armed() + " armed (" + CrashPoints.ENV + ")");
        }
        final Daemon d = Daemon.start(cfg);
        final CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() ->
        {
            d.close();
            stop.countDown();
        }));
        System.err.println("pontoon daemon: listening on unix://" + cfg.socket() + " (state in " + cfg.stateDir() + ")"
            + (cfg.dockerPluginDir() == null ? "" : "; Docker plugin on " + cfg.dockerPluginDir().resolve("pontoon.sock"))
            + (cfg.cluster() == null ? "" : "; cluster host " + cfg.cluster().hostName() + " at "
                + cfg.cluster().advertise().getHostAddress() + " on " + cfg.cluster().store().endpoints()));
        stop.await();
    }

    /** A running daemon; closing it stops serving and releases the store (the kernel keeps forwarding). */
    static final class Daemon implements AutoCloseable
    {
        /** Route types whose destinations a chosen subnet must not overlap. */
        private static final Set<Route.Type> AVOIDED_ROUTES = Set.of(Route.Type.UNICAST, Route.Type.BLACKHOLE,
            Route.Type.UNREACHABLE, Route.Type.PROHIBIT);

        private final Store store;
        private final EtcdStore etcd;
        private final Rtnl rtnl;
        private final Nft nft;
        private final Controller controller;
        private final UdsServer server;
        private final PluginHttpServer plugin;

        private Daemon(final Store store, final EtcdStore etcd, final Rtnl rtnl, final Nft nft, final Controller controller,
            final UdsServer server, final PluginHttpServer plugin)
        {
            this.etcd = etcd;
            this.plugin = plugin;
            this.store = store;
            this.rtnl = rtnl;
            this.nft = nft;
            this.controller = controller;
            this.server = server;
        }

        static Daemon start(final DaemonConfig cfg) throws Exception
        {
            final Store store = LocalStore.open(cfg.stateDir());
            EtcdStore etcd = null;
            try
            {
                final NetNs self = NetNs.self();
                final Rtnl rtnl = Rtnl.open();
                final Nft nft = Nft.open();
                final BridgeDriver bridge = new BridgeDriver(self, rtnl, nft);
                bridge.start();
                final StoreIpam ipam = new StoreIpam(store, STORE_ROOT, AddressPool.dockerDefaults());
                final BridgeNetworkDriver bridgeDriver = new BridgeNetworkDriver(bridge);
                final List<NetworkDriver> drivers = new ArrayList<>(List.of(bridgeDriver));
                ClusterAgent agent = null;
                if (cfg.cluster() != null)
                {
                    checkAdvertise(rtnl, cfg.cluster());
                    etcd = EtcdStore.connect(cfg.cluster().store());
                    final OverlayNetworkDriver overlay = new OverlayNetworkDriver(bridge, rtnl, cfg.cluster().advertise());
                    drivers.add(overlay);
                    agent = new ClusterAgent(new ClusterConfig(cfg.cluster().hostName(), cfg.cluster().advertise(),
                        cfg.cluster().ttl(), ClusterConfig.DEFAULT_PROBE), etcd, store, STORE_ROOT, Set.of(overlay.name()), overlay);
                }
                final Controller controller = new Controller(
                    new Controller.Config(STORE_ROOT, cfg.netnsDir(), cfg.stateDir().resolve("logs"), cfg.defaultBridgeSubnet()),
                    store, ipam, drivers, () -> hostRoutes(rtnl), agent);
                controller.start();
                final Router rest = new CniApi(controller).addRoutes(new RestApi(controller, agent).router());
                new CniExecApi(rest, RestApi::error).addRoutes(rest);
                new DebugApi(store).addRoutes(rest);
                final UdsServer server = new UdsServer(RestApi::error).listen(cfg.socket(), rest);
                server.start();
                PluginHttpServer plugin = null;
                if (cfg.dockerPluginDir() != null)
                {
                    final DockerIpam dockerIpam = new DockerIpam(ipam, () -> hostRoutes(rtnl), controller.external());
                    plugin = new PluginHttpServer(cfg.dockerPluginDir().resolve("pontoon.sock"),
                        new DockerPlugin(controller, dockerIpam).router(), RestApi::error);
                }
                return new Daemon(store, etcd, rtnl, nft, controller, server, plugin);
            }
            catch (final Exception e)
            {
                if (etcd != null)
                {
                    etcd.close();
                }
                store.close();
                throw e;
            }
        }

        /** The advertised address must be one of this host's: other hosts send VXLAN to it. */
        private static void checkAdvertise(final Rtnl rtnl, final DaemonConfig.Cluster c)
        {
            if (rtnl.addrList().stream().noneMatch(a -> a.address().address().equals(c.advertise())))
            {
                throw new IllegalStateException("--advertise " + c.advertise().getHostAddress() + " is not an address of this"
                    + " host (see ip -4 addr)");
            }
        }

        /**
         * IPv4 destinations the host routes somewhere (not default routes), for choosing free
         * subnets: unicast routes, and blackhole, unreachable and prohibit routes too (an
         * administrator's "this range goes nowhere" is as much in use as a VPN's route).
         */
        private static List<IpPrefix> hostRoutes(final Rtnl rtnl)
        {
            final List<IpPrefix> out = new ArrayList<>();
            for (final Route r : rtnl.routeList(0))
            {
                if (r.dst() != null && r.dst().isIpv4() && r.dst().length() > 0 && AVOIDED_ROUTES.contains(r.type()))
                {
                    out.add(r.dst().network());
                }
            }
            return out;
        }

        @Override
        public void close()
        {
            if (plugin != null)
            {
                plugin.close();
            }
            server.close();
            controller.close();
            if (etcd != null)
            {
                etcd.close();
            }
            nft.close();
            rtnl.close();
            store.close();
        }
    }
}
