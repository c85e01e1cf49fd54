// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench.overlay;

import io.pontoon.core.controller.Controller;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.peers.LoopbackEtcd;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one more host costs the cluster store: with N hosts (each with one container on the
 * overlay network, so every host takes part), host h1 creates E more containers one after the
 * other; the counters etcd itself keeps ({@link EtcdMetrics}) are read before and after, and the
 * data-plane calls of all hosts are counted. Per endpoint create: keys written, transactions,
 * watch events sent, OverlayPeers upserts. The hosts are controllers with cluster agents in this
 * JVM (kernel-free drivers) on one real etcd 3.4; what etcd sees is what real daemons cause.
 */
final class CostBench
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    private CostBench()
    {
    }

    /** One row: N hosts, per-endpoint costs. */
    record Row(int hosts, double puts, double deletes, double revisions, double events, double upserts, double watchers)
    {
    }

    static List<Row> run(final int[] hostCounts, final int endpoints) throws Exception
    {
        final List<Row> rows = new ArrayList<>();
        try (LoopbackEtcd etcd = LoopbackEtcd.launch())
        {
            for (final int n : hostCounts)
            {
                rows.add(measure(etcd, n, endpoints));
                etcd.etcdctl("del", "--prefix", "/pontoon/");
            }
        }
        return rows;
    }

    private static Row measure(final LoopbackEtcd etcd, final int n, final int endpoints) throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "pt-ovb-");
        final List<BenchHost> hosts = new ArrayList<>();
        try
        {
            for (int i = 1; i <= n; i++)
            {
                hosts.add(new BenchHost("h" + i, i, etcd.endpoint(), base.resolve("h" + i)));
            }
            final NetworkRecord net = hosts.getFirst().controller.createNetwork(
                new Controller.NetworkSpec("ov", "overlay", "10.230.0.0/16", null, null, false, Map.of()));
            for (final BenchHost h : hosts)
            {
                Await.until("ov on " + h.name, WAIT, () -> h.controller.networks().stream().anyMatch(x -> x.id().equals(net.id())));
                h.run("anchor-" + h.name, "ov");
            }
            for (final BenchHost h : hosts)
            {
                Await.until("all peers at " + h.name, WAIT, () -> h.peers.size(net.id()) == 2 * (n - 1));
            }
            final EtcdMetrics before = metrics(etcd);
            final long up0 = hosts.stream().mapToLong(h -> h.peers.upserts.get()).sum();
            for (int k = 0; k < endpoints; k++)
            {
                hosts.getFirst().run("e" + k, "ov");
            }
            for (final BenchHost h : hosts.subList(1, n))
            {
                Await.until("new endpoints at " + h.name, WAIT, () -> h.peers.size(net.id()) == 2 * (n - 1) + endpoints);
            }
            final EtcdMetrics after = metrics(etcd);
            final long up1 = hosts.stream().mapToLong(h -> h.peers.upserts.get()).sum();
            final double e = endpoints;
            return new Row(n, after.since(before, EtcdMetrics.PUTS) / e, after.since(before, EtcdMetrics.DELETES) / e,
                after.since(before, EtcdMetrics.REVISION) / e, after.since(before, EtcdMetrics.EVENTS) / e, (up1 - up0) / e,
                after.get(EtcdMetrics.WATCHERS));
        }
        finally
        {
            for (final BenchHost h : hosts.reversed())
            {
                h.close();
            }
            Commands.run(List.of("rm", "-rf", base.toString()), Duration.ofSeconds(30));
        }
    }

    static EtcdMetrics metrics(final LoopbackEtcd etcd) throws IOException, InterruptedException
    {
        try (HttpClient c = HttpClient.newHttpClient())
        {
            final HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(etcd.endpoint() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
            return EtcdMetrics.parse(r.body());
        }
    }
}
