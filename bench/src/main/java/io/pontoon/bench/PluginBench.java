// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.peers.DockerPeer;

/**
 * Pontoon as Docker's network plugin against Docker's built-in bridge driver, same dockerd 20.10,
 * same lab host, same run. Three user networks: {@code pn} ({@code -d pontoon --ipam-driver pontoon}),
 * {@code pd} ({@code -d pontoon}, Docker's own IPAM) and {@code bn} (built-in {@code bridge}). A
 * running busybox container on {@code docker0} joins and leaves each of them (Engine API
 * {@code POST /networks/X/connect|disconnect}, and the docker CLI), and {@code docker run -d
 * --network X busybox sleep 3600} starts a container on each; all interleaved. Removal is not timed.
 * Arguments: [connect N (100)] [warm-up (10)] [run -d N (50)].
 */
public final class PluginBench
{
    private static final String[] NETS = {"pn", "pd", "bn"};

    private PluginBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        final int warm = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        final int runN = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        final Machine machine = new Machine();
        // [network][0 api connect, 1 api disconnect, 2 cli connect, 3 cli disconnect, 4 run -d]
        final double[][][] t = new double[NETS.length][5][];
        for (final double[][] perNet : t)
        {
            for (int k = 0; k < 5; k++)
            {
                perNet[k] = new double[k == 4 ? runN : n];
            }
        }
        try (Lab lab = Lab.create("bench-plugin", 1))
        {
            final Lab.Host h = lab.host("h1");
            final DockerPeer docker = DockerPeer.start(h);
            final PontoonDaemon pontoon = PontoonDaemon.start(h, "10.220.0.0/24", docker.pluginDir());
            final Api d = Api.docker(docker.socket());
            try
            {
                docker.importBusybox(AttachBench.IMAGE);
                docker.dockerOk("network", "create", "-d", "pontoon", "--ipam-driver", "pontoon", "--subnet", "10.212.0.0/24", "pn");
                docker.dockerOk("network", "create", "-d", "pontoon", "--subnet", "10.214.0.0/24", "pd");
                docker.dockerOk("network", "create", "--subnet", "10.213.0.0/24", "bn");
                docker.dockerOk("run", "-d", "--name", "c1", AttachBench.IMAGE, "sleep", "3600");
                for (int i = -warm; i < n; i++)
                {
                    for (int k = 0; k < NETS.length; k++)
                    {
                        final String net = NETS[k];
                        final long t0 = System.nanoTime();
                        d.post("/networks/" + net + "/connect", Json.obj("Container", "c1"));
                        final long t1 = System.nanoTime();
                        d.post("/networks/" + net + "/disconnect", Json.obj("Container", "c1"));
                        final long t2 = System.nanoTime();
                        docker.dockerOk("network", "connect", net, "c1");
                        final long t3 = System.nanoTime();
                        docker.dockerOk("network", "disconnect", net, "c1");
                        final long t4 = System.nanoTime();
                        if (i >= 0)
                        {
                            t[k][0][i] = (t1 - t0) / 1e6;
                            t[k][1][i] = (t2 - t1) / 1e6;
                            t[k][2][i] = (t3 - t2) / 1e6;
                            t[k][3][i] = (t4 - t3) / 1e6;
                        }
                    }
                }
                for (int i = -Math.min(5, warm); i < runN; i++)
                {
                    for (int k = 0; k < NETS.length; k++)
                    {
                        final long t0 = System.nanoTime();
                        final String id = docker.dockerOk("run", "-d", "--network", NETS[k], AttachBench.IMAGE, "sleep", "3600")
                            .strip();
                        final long t1 = System.nanoTime();
                        d.delete("/containers/" + id + "?force=true");
                        if (i >= 0)
                        {
                            t[k][4][i] = (t1 - t0) / 1e6;
                        }
                    }
                }
            }
            finally
            {
                removeAll(d, docker);
                pontoon.close();
            }
        }
        report(machine, n, warm, runN, t);
    }

    /** Removes every container and the three networks while Pontoon still serves the plugin. */
    private static void removeAll(final Api d, final DockerPeer docker)
    {
        for (final JsonObject c : d.list("/containers/json?all=1"))
        {
            d.delete("/containers/" + c.requireString("Id") + "?force=true");
        }
        for (final String net : NETS)
        {
            docker.docker("network", "rm", net);
        }
    }

    private static void report(final Machine machine, final int n, final int warm, final int runN, final double[][][] t)
    {
        System.out.println("Docker plugin: the same dockerd 20.10 with `-d pontoon` networks vs its built-in bridge driver. "
            + "A running container on docker0 joins/leaves a user network; N=" + n + " after " + warm + " warm-up "
            + "(run -d: N=" + runN + "), the three networks interleaved. " + machine.header());
        System.out.println();
        final Table table = new Table("operation", "-d pontoon + pontoon IPAM", "-d pontoon + Docker IPAM", "built-in bridge",
            "pontoon+IPAM / bridge", "pontoon / bridge");
        final String[] ops = {"network connect (Engine API)", "network disconnect (Engine API)", "`docker network connect`",
            "`docker network disconnect`", "`docker run -d --network X busybox sleep`"};
        for (int k = 0; k < ops.length; k++)
        {
            final double pn = Stats.median(t[0][k]);
            final double pd = Stats.median(t[1][k]);
            final double bn = Stats.median(t[2][k]);
            table.row(ops[k], cell(t[0][k]), cell(t[1][k]), cell(t[2][k]), Table.ratio(pn, bn), Table.ratio(pd, bn));
        }
        table.print();
        System.out.println("Cells: median ms (p90).");
        System.out.println();
        System.out.println(Table.verdict("connect (Engine API), pontoon+IPAM / built-in", Stats.median(t[0][0]) / Stats.median(t[2][0]),
            0.8, true));
        System.out.println(Table.verdict("connect (Engine API), pontoon / built-in", Stats.median(t[1][0]) / Stats.median(t[2][0]),
            0.8, true));
        System.out.println(Table.verdict("`docker network connect`, pontoon+IPAM / built-in",
            Stats.median(t[0][2]) / Stats.median(t[2][2]), 0.8, true));
        System.out.println();
    }

    private static String cell(final double[] samples)
    {
        return Table.ms(Stats.median(samples)) + " (" + Table.ms(Stats.percentile(samples, 90)) + ")";
    }
}
