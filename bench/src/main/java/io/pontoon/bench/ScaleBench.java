// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.api.json.Json;
import io.pontoon.testkit.Lab;

import java.util.Arrays;
import java.util.List;

/**
 * Does attaching get slower as endpoints pile up? One Pontoon daemon in a lab host, ten user
 * networks ({@code s0..s9}, 10.210.K.0/24). A running probe sandbox on the default network joins
 * and leaves {@code s0} N times with no other endpoint present; then 1,000 sandboxes without
 * processes are created through the REST API, spread round-robin over the ten networks (100
 * endpoints each: 1,000 veth pairs and namespaces), and the probe is timed again. The anchor is
 * the same daemon with no endpoints, in the same run. Also reports sandbox creation (no process)
 * at the start and at the end of the fill, and create/delete of a sandbox in both states.
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
        final double[][] empty;
        final double[][] full;
        final double[] fill = new double[endpoints];
        try (Lab lab = Lab.create("bench-scale", 1))
        {
            final PontoonDaemon pontoon = PontoonDaemon.start(lab.host("h1"), "10.220.0.0/24", null);
            final Api p = pontoon.api();
            for (int k = 0; k < networks; k++)
            {
                p.post("/networks", Json.obj("Name", "s" + k, "Subnet", "10.210." + k + ".0/24"));
            }
            p.post("/sandboxes", Json.obj("Name", "probe", "Command", List.of("sleep", "3600"), "Detach", true));
            empty = measure(p, n, warm);
            for (int i = 0; i < endpoints; i++)
            {
                final long t0 = System.nanoTime();
                p.post("/sandboxes", Json.obj("Name", String.format("e%04d", i), "Network", "s" + (i % networks)));
                fill[i] = (System.nanoTime() - t0) / 1e6;
            }
            final int count = p.list("/sandboxes").size();
            if (count != endpoints + 1)
            {
                throw new IllegalStateException("expected " + (endpoints + 1) + " sandboxes, the daemon lists " + count);
            }
            full = measure(p, n, warm);
            System.err.println("removing " + count + " sandboxes ...");
        }
        report(machine, n, warm, endpoints, networks, empty, full, fill);
    }

    /** connect, disconnect, create (no process) and delete timings, N each, after warm-up. */
    private static double[][] measure(final Api p, final int n, final int warm)
    {
        final double[][] r = new double[4][n];
        for (int i = -warm; i < n; i++)
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
        return r;
    }

    private static void report(final Machine machine, final int n, final int warm, final int endpoints, final int networks,
        final double[][] empty, final double[][] full, final double[] fill)
    {
        System.out.println("Attach latency with " + String.format("%,d", endpoints) + " endpoints present (" + networks
            + " networks, sandboxes without processes, created through the REST API) vs none, same daemon, same run. "
            + "REST API over the Unix socket; N=" + n + " after " + warm + " warm-up. " + machine.header());
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
