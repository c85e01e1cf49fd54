// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench.overlay;

import io.pontoon.core.cluster.ClusterAgent;
import io.pontoon.core.cluster.ClusterConfig;
import io.pontoon.core.controller.Controller;
import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.driver.SandboxNs;
import io.pontoon.core.driver.overlay.OverlayPeers;
import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.core.ipam.AddressPool;
import io.pontoon.core.ipam.StoreIpam;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.PortMapping;
import io.pontoon.core.model.SandboxRecord;
import io.pontoon.core.store.LocalStore;
import io.pontoon.daemon.etcd.EtcdOptions;
import io.pontoon.daemon.etcd.EtcdStore;
import io.pontoon.kernel.net.IpPrefix;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cluster member inside the benchmark JVM: a real controller and cluster agent on a real etcd,
 * drivers that touch no kernel object, and a data plane that counts what it is told. Sandboxes
 * are real namespaces under the host's directory (root needed).
 */
final class BenchHost implements AutoCloseable
{
    static final String ROOT = "/pontoon/v1/";

    final String name;
    final CountingPeers peers = new CountingPeers();
    private final LocalStore local;
    private final EtcdStore etcd;
    final Controller controller;

    BenchHost(final String name, final int index, final String endpoint, final Path dir)
    {
        this.name = name;
        this.local = LocalStore.open(dir.resolve("state"));
        this.etcd = EtcdStore.connect(new EtcdOptions(List.of(URI.create(endpoint)), Duration.ofSeconds(5)));
        final ClusterAgent agent = new ClusterAgent(ClusterConfig.of(name, IpPrefix.Ip.parse("198.18.1." + (10 + index))), etcd,
            local, ROOT, Set.of("overlay"), peers);
        this.controller = new Controller(new Controller.Config(ROOT, dir.resolve("run/netns"), dir.resolve("logs"),
            IpPrefix.parse("10.251." + index + ".0/24")), local, new StoreIpam(local, ROOT, AddressPool.dockerDefaults()),
            List.of(new NullDriver("bridge"), new NullDriver("overlay")), List::of, agent);
        controller.start();
    }

    SandboxRecord run(final String sandbox, final String network)
    {
        return controller.createSandbox(new Controller.SandboxSpec(sandbox, network, null, List.of(), List.of(), false, false));
    }

    @Override
    public void close()
    {
        try
        {
            for (final SandboxRecord s : controller.sandboxes())
            {
                controller.removeSandbox(s.id(), true);
            }
            controller.close();
        }
        finally
        {
            etcd.close();
            local.close();
        }
    }

    /** Counts data-plane calls and keeps the remote endpoint table. */
    static final class CountingPeers implements OverlayPeers
    {
        final AtomicLong upserts = new AtomicLong();
        final AtomicLong removes = new AtomicLong();
        final AtomicLong resyncs = new AtomicLong();
        final Map<String, Map<String, RemoteEndpoint>> table = new ConcurrentHashMap<>();

        @Override
        public void upsert(final String networkId, final RemoteEndpoint endpoint)
        {
            upserts.incrementAndGet();
            table.computeIfAbsent(networkId, k -> new ConcurrentHashMap<>()).put(endpoint.id(), endpoint);
        }

        @Override
        public void remove(final String networkId, final String endpointId)
        {
            removes.incrementAndGet();
            table.computeIfAbsent(networkId, k -> new ConcurrentHashMap<>()).remove(endpointId);
        }

        @Override
        public void resync(final String networkId, final Collection<RemoteEndpoint> endpoints)
        {
            resyncs.incrementAndGet();
            final Map<String, RemoteEndpoint> m = new ConcurrentHashMap<>();
            endpoints.forEach(e -> m.put(e.id(), e));
            table.put(networkId, m);
        }

        int size(final String networkId)
        {
            return table.getOrDefault(networkId, Map.of()).size();
        }
    }

    /** A driver without kernel objects. */
    record NullDriver(String name) implements NetworkDriver
    {
        @Override
        public Map<String, String> validateOptions(final Map<String, String> options)
        {
            return options;
        }

        @Override
        public String hostInterface(final NetworkRecord n)
        {
            return "pt-" + Ids.shortId(n.id());
        }

        @Override
        public void createNetwork(final NetworkRecord n)
        {
        }

        @Override
        public void deleteNetwork(final NetworkRecord n)
        {
        }

        @Override
        public void join(final NetworkRecord n, final EndpointRecord e, final SandboxNs s, final boolean defaultRoute)
        {
        }

        @Override
        public String joinHostSide(final NetworkRecord n, final EndpointRecord e)
        {
            return e.hostIfName();
        }

        @Override
        public boolean joined(final NetworkRecord n, final EndpointRecord e)
        {
            return true;
        }

        @Override
        public void leave(final NetworkRecord n, final EndpointRecord e)
        {
        }

        @Override
        public void setDefaultRoute(final NetworkRecord n, final SandboxNs s)
        {
        }

        @Override
        public void publish(final NetworkRecord n, final EndpointRecord e, final List<PortMapping> p)
        {
        }

        @Override
        public void unpublish(final NetworkRecord n, final EndpointRecord e, final List<PortMapping> p)
        {
        }
    }
}
