// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench.overlay;

import io.pontoon.api.json.Json;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.netns.NetNs;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.peers.EtcdPeer;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Convergence across hosts: three daemons in lab hosts h1..h3, etcd 3.4 in h4, an overlay
 * network with a container on every host. Each run creates a container on h1 ({@code POST
 * /v1/sandboxes} with a fixed address) and measures, from the moment that call returns:
 * <ul>
 *   <li>control plane: until h2's daemon lists the new address among its remote endpoints
 *       (polled over its API, ~1 ms apart);</li>
 *   <li>data plane ({@code --ping}): until an ICMP echo from the container on h2 to the new
 *       address is answered (one echo every 5 ms at most, sent with {@code InetAddress.isReachable}
 *       from a thread inside that container's namespace). The prober keeps the kernel's default
 *       ARP settings: its first ARP may go out before h2 has the neighbour entry, and then only
 *       h2's gratuitous ARP (sent when it programs the entry) answers it before the kernel's own
 *       retry after 1 s. {@code --fast-arp} sets the prober's {@code retrans_time_ms} to 10 ms
 *       instead (the benchmark's earlier mode, before the announcement existed).</li>
 * </ul>
 */
final class ConvergenceBench
{
    private static final String NET = "ov";

    private ConvergenceBench()
    {
    }

    record Result(double[] controlMs, double[] pingMs)
    {
    }

    static Result run(final int runs, final int warmup, final boolean ping, final boolean fastArp, final Path launcher)
        throws Exception
    {
        final Lab lab = Lab.create("overlay-ctl-bench", 4);
        final List<LabDaemon> ds = new ArrayList<>();
        try
        {
            final Lab.Host e = lab.host("h4");
            EtcdPeer.start(e, "--heartbeat-interval=50", "--election-timeout=300");
            final String url = "etcd://" + e.underlayIp() + ":" + EtcdPeer.CLIENT_PORT;
            for (int i = 1; i <= 3; i++)
            {
                ds.add(new LabDaemon(lab.host("h" + i), "h" + i, url, launcher));
            }
            final LabDaemon a = ds.get(0);
            final LabDaemon b = ds.get(1);
            a.ok("POST", "/v1/networks", Json.obj("Name", NET, "Driver", "overlay", "Subnet", "10.240.0.0/16"));
            for (final LabDaemon d : ds)
            {
                Await.until(NET + " on " + d.name, Duration.ofSeconds(20), () -> d.call("GET", "/v1/networks/" + NET, null).ok());
                d.run("anchor-" + d.name, NET, null);
            }
            final String probeNs = b.run("probe", NET, null).string("NetnsPath");
            if (ping && fastArp)
            {
                b.host.execOk("nsenter", "--net=" + probeNs, "--", "sysctl", "-qw", "net.ipv4.neigh.eth0.retrans_time_ms=10");
            }
            final double[] control = new double[runs];
            final double[] icmp = new double[runs];
            for (int i = 0; i < warmup + runs; i++)
            {
                final String ip = "10.240.200." + (2 + i);
                final String sandbox = "c" + i;
                a.run(sandbox, NET, ip);
                final long t1 = System.nanoTime();
                final CompletableFuture<Long> echoed = ping ? CompletableFuture.supplyAsync(() -> firstEcho(probeNs, ip))
                    : CompletableFuture.completedFuture(0L);
                long seen = 0;
                while (seen == 0)
                {
                    if (b.knows(NET, ip))
                    {
                        seen = System.nanoTime();
                    }
                    else if (System.nanoTime() - t1 > Duration.ofSeconds(10).toNanos())
                    {
                        throw new IllegalStateException(ip + " never reached h2's control plane");
                    }
                }
                final long echo = echoed.get();
                if (i >= warmup)
                {
                    control[i - warmup] = (seen - t1) / 1e6;
                    icmp[i - warmup] = ping ? (echo - t1) / 1e6 : Double.NaN;
                }
                a.rm(sandbox);
            }
            return new Result(control, icmp);
        }
        finally
        {
            for (final LabDaemon d : ds.reversed())
            {
                d.close();
            }
            lab.close();
        }
    }

    /** System.nanoTime of the first answered echo to {@code ip} from inside {@code ns}. */
    private static long firstEcho(final String ns, final String ip)
    {
        final InetAddress target = IpPrefix.Ip.parse(ip);
        try (NetNs n = NetNs.open(Path.of(ns)))
        {
            return n.call(() ->
            {
                final long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < deadline)
                {
                    if (target.isReachable(5))
                    {
                        return System.nanoTime();
                    }
                }
                throw new IllegalStateException("no echo from " + ip + " within 5 s");
            });
        }
    }
}
