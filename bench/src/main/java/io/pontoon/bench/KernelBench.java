// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.netlink.rtnl.Bridge;
import io.pontoon.kernel.netlink.rtnl.LinkAttrs;
import io.pontoon.kernel.netlink.rtnl.Route;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netlink.rtnl.Veth;
import io.pontoon.kernel.netns.NetNs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kernel-layer latency: the same rtnetlink operations through Pontoon's {@link Rtnl} and through
 * a spawned iproute2 ({@code nsenter --net=NS ip ...}, as a script or a Go-less daemon would),
 * in a namespace this benchmark creates and deletes. Prints medians and ratios as markdown.
 * Ends with met/MISSED verdicts for the veth-create target (>= 10x).
 * Needs root. Arguments: [iterations (200)] [warm-up iterations (20)].
 */
public final class KernelBench
{
    /** Target: creating an endpoint's veth is at least this many times faster than spawning {@code ip}. */
    private static final double TARGET = 10.0;

    private KernelBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        final int warm = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        if (n + warm > 250)
        {
            throw new IllegalArgumentException("iterations + warm-up must stay <= 250 (one /24 per route)");
        }
        final Path dir = Files.createTempDirectory("pt-bench");
        final String name = "ptbench-" + ProcessHandle.current().pid();
        final List<Row> rows = new ArrayList<>();
        try (NetNs ns = NetNs.create(dir, name); Rtnl r = Rtnl.open(ns))
        {
            r.linkAdd(Bridge.of("ptbr0").withAttrs(LinkAttrs.named("ptbr0").withUp(true)));
            vethRows(r, ns, n, warm, 0, rows);
            vethRows(r, ns, n, warm, 1, rows);

            final double[] addrRtnl = new double[n];
            final double[] addrIp = new double[n];
            final double[] routeRtnl = new double[n];
            final double[] routeIp = new double[n];
            for (int i = -warm; i < n; i++)
            {
                final int k = i + warm;
                final long t0 = System.nanoTime();
                r.addrAdd("ptbr0", IpPrefix.parse("10.200." + k + ".1/32"));
                final long t1 = System.nanoTime();
                ip(ns, "addr", "add", "10.201." + k + ".1/32", "dev", "ptbr0");
                final long t2 = System.nanoTime();
                r.routeAdd(Route.dev(IpPrefix.parse("10.202." + k + ".0/24"), "ptbr0"));
                final long t3 = System.nanoTime();
                ip(ns, "route", "add", "10.203." + k + ".0/24", "dev", "ptbr0");
                final long t4 = System.nanoTime();
                if (i >= 0)
                {
                    addrRtnl[i] = ms(t1 - t0);
                    addrIp[i] = ms(t2 - t1);
                    routeRtnl[i] = ms(t3 - t2);
                    routeIp[i] = ms(t4 - t3);
                }
            }
            rows.add(new Row("address add", addrRtnl, addrIp));
            rows.add(new Row("route add", routeRtnl, routeIp));
        }
        finally
        {
            NetNs.delete(dir, name);
            Files.deleteIfExists(dir);
        }
        print(n, warm, rows);
    }

    /**
     * Creates {@code n} pairs back to back, then deletes them, first through Rtnl, then through
     * {@code ip}; {@code queues} 0 is the kernel default (one queue per possible CPU).
     */
    private static void vethRows(final Rtnl r, final NetNs ns, final int n, final int warm, final int queues,
        final List<Row> rows) throws IOException, InterruptedException
    {
        final List<String> q = queues == 0 ? List.of()
            : List.of("numtxqueues", Integer.toString(queues), "numrxqueues", Integer.toString(queues));
        final double[][] rt = new double[2][n + warm];
        final double[][] sh = new double[2][n + warm];
        for (int i = 0; i < n + warm; i++)
        {
            final long t0 = System.nanoTime();
            r.linkAdd(Veth.of("ptb" + i, "ptc" + i).withQueues(queues));
            rt[0][i] = ms(System.nanoTime() - t0);
        }
        for (int i = 0; i < n + warm; i++)
        {
            final long t0 = System.nanoTime();
            r.linkDel("ptb" + i);
            rt[1][i] = ms(System.nanoTime() - t0);
        }
        for (int i = 0; i < n + warm; i++)
        {
            final List<String> cmd = new ArrayList<>(List.of("link", "add", "ptx" + i));
            cmd.addAll(q);
            cmd.addAll(List.of("type", "veth", "peer", "name", "pty" + i));
            cmd.addAll(q);
            final long t0 = System.nanoTime();
            ip(ns, cmd.toArray(String[]::new));
            sh[0][i] = ms(System.nanoTime() - t0);
        }
        for (int i = 0; i < n + warm; i++)
        {
            final long t0 = System.nanoTime();
            ip(ns, "link", "del", "ptx" + i);
            sh[1][i] = ms(System.nanoTime() - t0);
        }
        final String what = queues == 0 ? " (default queues)" : " (" + queues + " queue)";
        rows.add(new Row("veth create" + what, tail(rt[0], warm), tail(sh[0], warm)));
        rows.add(new Row("veth delete" + what, tail(rt[1], warm), tail(sh[1], warm)));
    }

    private static double[] tail(final double[] all, final int skip)
    {
        return java.util.Arrays.copyOfRange(all, skip, all.length);
    }

    private static void ip(final NetNs ns, final String... args) throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + ns.path(), "ip"));
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0)
        {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue());
        }
    }

    private static double ms(final long nanos)
    {
        return nanos / 1e6;
    }

    private static void print(final int n, final int warm, final List<Row> rows) throws IOException
    {
        System.out.printf(Locale.ROOT, "Kernel layer: Rtnl (FFM rtnetlink) vs spawned `nsenter --net=NS ip ...`; "
            + "%d iterations after %d warm-up, %d CPUs, kernel %s, load %s%n%n", n, warm,
            Runtime.getRuntime().availableProcessors(), System.getProperty("os.version"),
            Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        System.out.println("| operation | Rtnl median | Rtnl p90 | `ip` median | `ip` p90 | ip / Rtnl |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (final Row row : rows)
        {
            final double a = Stats.median(row.rtnl());
            final double b = Stats.median(row.ip());
            System.out.printf(Locale.ROOT, "| %s | %s ms | %s ms | %s ms | %s ms | %.1fx |%n", row.name(), Stats.fmt(a),
                Stats.fmt(Stats.percentile(row.rtnl(), 90)), Stats.fmt(b), Stats.fmt(Stats.percentile(row.ip(), 90)), b / a);
        }
        final Row oneQueue = find(rows, "veth create (1 queue)");
        final Row defaultQueues = find(rows, "veth create (default queues)");
        final double pontoon = Stats.median(oneQueue.rtnl());
        System.out.println();
        System.out.println(Table.verdict("veth create through Pontoon (1 queue, as the bridge driver creates every endpoint) "
            + "vs `ip link add` with the same queues", Stats.median(oneQueue.ip()) / pontoon, TARGET, false));
        System.out.println(Table.verdict("veth create through Pontoon (1 queue) vs `ip link add` with default queues "
            + "(what a user typing ip gets)", Stats.median(defaultQueues.ip()) / pontoon, TARGET, false));
    }

    private static Row find(final List<Row> rows, final String name)
    {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no row " + name));
    }

    private record Row(String name, double[] rtnl, double[] ip)
    {
    }
}
