// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.api.json.Json;
import io.pontoon.testkit.Lab;

import java.util.Arrays;
import java.util.List;

/**
 * Does attaching get slower as endpoints pile up? Two Pontoon daemons side by side, each in its
 * own lab host, each with ten user networks ({@code s0..s9}, 10.210.K.0/24) and a running probe
 * sandbox on its default network. The daemon in h2 also holds 1,000 sandboxes without processes,
 * created through the REST API and spread round-robin over its ten networks (100 endpoints each:
 * 1,000 veth pairs and namespaces); the one in h1 holds none. Then, in each iteration, each probe
 * joins and leaves {@code s0}, and a sandbox is created on {@code s0} and deleted, on both daemons
 * in turn, so load changes on the machine hit both alike. Also reports sandbox creation during the
 * fill (the first 100 against the last 100).
 * Arguments: [N (100)] [warm-up (10)] [endpoints (1000)] [networks (10)].
 */
public final class ScaleBench
{
    private ScaleBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        final int warm = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        final int endpoints = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        final int networks = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        if (networks > 40 || endpoints / networks > 250)
        {
            throw new IllegalArgumentException("at most 40 networks of at most 250 endpoints each (one /24 per network)");
        }
        final Machine machine = new Machine();
        final double[][] empty = new double[4][n];
        final double[][] full = new double[4][n];
        final double[] fill = new double[endpoints];
        try (Lab lab = Lab.create("bench-scale", 2))
        {
            final Api a = setUp(PontoonDaemon.start(lab.host("h1"), "10.220.0.0/24", null).api(), networks);
            final Api b = setUp(PontoonDaemon.start(lab.host("h2"), "10.220.0.0/24", null).api(), networks);
            for (int i = 0; i < endpoints; i++)
            {
                final long t0 = System.nanoTime();
                b.post("/sandboxes", Json.obj("Name", String.format("e%04d", i), "Network", "s" + (i % networks)));
                fill[i] = (System.nanoTime() - t0) / 1e6;
            }
            final int count = b.list("/sandboxes").size();
            if (count != endpoints + 1)
            {
                throw new IllegalStateException("expected " + (endpoints + 1) + " sandboxes, the daemon lists " + count);
            }
            for (int i = -warm; i < n; i++)
            {
                measure(a, empty, i);
                measure(b, full, i);
            }
            System.err.println("removing " + count + " sandboxes ...");
        }
        report(machine, n, warm, endpoints, networks, empty, full, fill);
    }

    /** Ten networks and a probe sandbox running {@code sleep} on the default network. */
    private static Api setUp(final Api p, final int networks)
    {
        for (int k = 0; k < networks; k++)
        {
            p.post("/networks", Json.obj("Name", "s" + k, "Subnet", "10.210." + k + ".0/24"));
        }
        p.post("/sandboxes", Json.obj("Name", "probe", "Command", List.of("sleep", "3600"), "Detach", true));
        return p;
    }

    /** Iteration {@code i} (kept when {@code i >= 0}): connect, disconnect, create (no process), delete. */
    private static void measure(final Api p, final double[][] r, final int i)
    {
        final long t0 = System.nanoTime();
        p.post("/networks/s0/connect", Json.obj("Sandbox", "probe"));
        final long t1 = System.nanoTime();
        p.post("/networks/s0/disconnect", Json.obj("Sandbox", "probe"));
        final long t2 = System.nanoTime();
        final String id = p.post("/sandboxes", Json.obj("Network", "s0")).requireString("Id");
        final long t3 = System.nanoTime();
        p.delete("/sandboxes/" + id);
        final long t4 = System.nanoTime();
        if (i >= 0)
        {
            r[0][i] = (t1 - t0) / 1e6;
            r[1][i] = (t2 - t1) / 1e6;
            r[2][i] = (t3 - t2) / 1e6;
            r[3][i] = (t4 - t3) / 1e6;
        }
    }

    private static void report(final Machine machine, final int n, final int warm, final int endpoints, final int networks,
        final double[][] empty, final double[][] full, final double[] fill)
    {
        System.out.println("Attach latency with " + String.format("%,d", endpoints) + " endpoints present (" + networks
            + " networks, sandboxes without processes, created through the REST API) vs none: two daemons side by side, "
            + "iterations interleaved. REST API over the Unix socket; N=" + n + " after " + warm + " warm-up. " + machine.header());
        System.out.println();
        final Table t = new Table("operation", "0 endpoints median", "p90", "p99",
            String.format("%,d endpoints median", endpoints), "p90", "p99", "ratio");
        final String[] names = {"network connect (running sandbox)", "network disconnect",
            "sandbox create, no process (POST /v1/sandboxes)", "sandbox delete"};
        for (int k = 0; k < 4; k++)
        {
            final String[] a = Table.spread(empty[k]);
            final String[] b = Table.spread(full[k]);
            t.row(names[k], a[0] + " ms", a[1], a[2], b[0] + " ms", b[1], b[2], Table.ratio(Stats.median(full[k]),
                Stats.median(empty[k])));
        }
        final int slice = Math.min(100, endpoints / 2);
        final double[] first = Arrays.copyOfRange(fill, 0, slice);
        final double[] last = Arrays.copyOfRange(fill, endpoints - slice, endpoints);
        final String[] a = Table.spread(first);
        final String[] b = Table.spread(last);
        t.row("fill: sandbox create, first " + slice + " vs last " + slice, a[0] + " ms", a[1], a[2], b[0] + " ms", b[1],
            b[2], Table.ratio(Stats.median(last), Stats.median(first)));
        t.print();
        double total = 0;
        for (final double f : fill)
        {
            total += f;
        }
        System.out.printf(java.util.Locale.ROOT, "Creating the %,d sandboxes took %.1f s in all.%n%n", endpoints, total / 1000);
        System.out.println(Table.verdict("connect with endpoints / without", Stats.median(full[0]) / Stats.median(empty[0]), 1.2, true));
        System.out.println(Table.verdict("disconnect with endpoints / without", Stats.median(full[1]) / Stats.median(empty[1]), 1.2,
            true));
        System.out.println();
    }
}
