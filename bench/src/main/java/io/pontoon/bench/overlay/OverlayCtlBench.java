// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench.overlay;

import io.pontoon.bench.Stats;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench/overlay-ctl.sh}: the cluster control plane's benchmarks.
 * <pre>
 *   OverlayCtlBench cost [HOSTS,...] [ENDPOINTS]   default 3,5,10 hosts, 20 endpoints
 *   OverlayCtlBench converge [RUNS] [--ping [--fast-arp]]   default 50 runs (+3 warm-up); --fast-arp: the
 *                                                           prober's ARP retransmit time 10 ms (else the default 1 s)
 * </pre>
 */
public final class OverlayCtlBench
{
    private OverlayCtlBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final List<String> a = Arrays.asList(args);
        final String mode = a.isEmpty() ? "cost" : a.getFirst();
        switch (mode)
        {
            case "cost" ->
            {
                final int[] hosts = a.size() > 1 ? Arrays.stream(a.get(1).split(",")).mapToInt(Integer::parseInt).toArray()
                    : new int[] {3, 5, 10};
                final int endpoints = a.size() > 2 ? Integer.parseInt(a.get(2)) : 20;
                System.out.printf("per endpoint create on one host (%d creates, every host on the network):%n", endpoints);
                System.out.printf("%6s %12s %10s %10s %12s %16s %10s%n", "hosts", "keys written", "deletes", "revisions",
                    "watch events", "peer upserts", "watchers");
                for (final CostBench.Row r : CostBench.run(hosts, endpoints))
                {
                    System.out.printf("%6d %12.2f %10.2f %10.2f %12.2f %16.2f %10.0f%n", r.hosts(), r.puts(), r.deletes(), r.revisions(),
                        r.events(), r.upserts(), r.watchers());
                }
            }
            case "converge" ->
            {
                final int runs = a.size() > 1 && !a.get(1).startsWith("--") ? Integer.parseInt(a.get(1)) : 50;
                final boolean ping = a.contains("--ping");
                final ConvergenceBench.Result r = ConvergenceBench.run(runs, 3, ping, a.contains("--fast-arp"),
                    Path.of(System.getProperty("pontoon.launcher")));
                print("control plane: run returned on h1 -> h2 lists the address", r.controlMs());
                if (ping)
                {
                    print("data plane: run returned on h1 -> first echo reply to h2's container ("
                        + (a.contains("--fast-arp") ? "its ARP retransmit 10 ms" : "kernel-default ARP") + ")", r.pingMs());
                }
            }
            default -> throw new IllegalArgumentException("usage: OverlayCtlBench cost|converge ...");
        }
    }

    private static void print(final String what, final double[] ms)
    {
        System.out.printf("%s (%d runs): p50 %s ms, p90 %s ms, p99 %s ms, max %s ms%n", what, ms.length,
            Stats.fmt(Stats.median(ms)), Stats.fmt(Stats.percentile(ms, 90)), Stats.fmt(Stats.percentile(ms, 99)),
            Stats.fmt(Stats.percentile(ms, 100)));
    }
}
