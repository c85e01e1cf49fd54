// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.api.json.Json;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.peers.DockerPeer;

import java.util.List;

/**
 * Attach/detach and {@code run -d} latency: Pontoon's REST API (and CLI) against dockerd 20.10
 * with its built-in bridge driver (Engine API and CLI), side by side in one run. Pontoon runs in
 * lab host h1, dockerd in lab host h2; the iterations interleave the two so that load changes on
 * the machine hit both alike.
 *
 * <ul>
 * <li>connect/disconnect: a running sandbox (a detached {@code sleep}) on the default network
 *   joins and leaves user network {@code bn1}: {@code POST /v1/networks/bn1/connect|disconnect}.
 *   Docker: a running busybox container on {@code docker0} joins and leaves a user bridge network:
 *   {@code POST /v1.41/networks/bn1/connect|disconnect} and {@code docker network connect|disconnect}.</li>
 * <li>run -d: {@code POST /v1/sandboxes} with {@code Detach} and {@code sleep 3600}, and
 *   {@code pontoon run -d sleep 3600}; Docker: {@code POST /containers/create} + {@code /start},
 *   and {@code docker run -d busybox sleep 3600}. Removal is not timed.</li>
 * </ul>
 * Arguments: [attach iterations (100)] [warm-up (10)] [run iterations (50)].
 */
public final class AttachBench
{
    static final String IMAGE = "ptbusybox";

    private AttachBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        final int warm = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        final int runN = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        final Machine machine = new Machine();
        final double[][] att = new double[6][n];
        final double[][] run = new double[4][runN];
        try (Lab lab = Lab.create("bench-attach", 2))
        {
            final DockerPeer docker = DockerPeer.start(lab.host("h2"));
            docker.importBusybox(IMAGE);
            final PontoonDaemon pontoon = PontoonDaemon.start(lab.host("h1"), "10.220.0.0/24", null);
            final Api p = pontoon.api();
            final Api d = Api.docker(docker.socket());
            p.post("/networks", Json.obj("Name", "bn1", "Subnet", "10.210.0.0/24"));
            p.post("/sandboxes", Json.obj("Name", "sb", "Command", List.of("sleep", "3600"), "Detach", true));
            docker.dockerOk("network", "create", "--subnet", "10.211.0.0/24", "bn1");
            docker.dockerOk("run", "-d", "--name", "c1", IMAGE, "sleep", "3600");

            for (int i = -warm; i < n; i++)
            {
                final long t0 = System.nanoTime();
                p.post("/networks/bn1/connect", Json.obj("Sandbox", "sb"));
                final long t1 = System.nanoTime();
                p.post("/networks/bn1/disconnect", Json.obj("Sandbox", "sb"));
                final long t2 = System.nanoTime();
                d.post("/networks/bn1/connect", Json.obj("Container", "c1"));
                final long t3 = System.nanoTime();
                d.post("/networks/bn1/disconnect", Json.obj("Container", "c1"));
                final long t4 = System.nanoTime();
                docker.dockerOk("network", "connect", "bn1", "c1");
                final long t5 = System.nanoTime();
                docker.dockerOk("network", "disconnect", "bn1", "c1");
                final long t6 = System.nanoTime();
                if (i >= 0)
                {
                    final long[] t = {t0, t1, t2, t3, t4, t5, t6};
                    for (int k = 0; k < 6; k++)
                    {
                        att[k][i] = (t[k + 1] - t[k]) / 1e6;
                    }
                }
            }

            final int runWarm = Math.min(5, warm);
            for (int i = -runWarm; i < runN; i++)
            {
                final long t0 = System.nanoTime();
                final String viaRest = p.post("/sandboxes", Json.obj("Command", List.of("sleep", "3600"), "Detach", true))
                    .requireString("Id");
                final long t1 = System.nanoTime();
                p.delete("/sandboxes/" + viaRest + "?force=true");
                final long t2 = System.nanoTime();
                final ExecResult viaCli = pontoon.cli("run", "-d", "sleep", "3600");
                final long t3 = System.nanoTime();
                if (!viaCli.ok())
                {
                    throw new IllegalStateException("pontoon run -d: " + viaCli.describe());
                }
                p.delete("/sandboxes/" + viaCli.stdout().strip() + "?force=true");
                final long t4 = System.nanoTime();
                final String viaApi = d.post("/containers/create", Json.obj("Image", IMAGE, "Cmd", List.of("sleep", "3600")))
                    .requireString("Id");
                d.post("/containers/" + viaApi + "/start");
                final long t5 = System.nanoTime();
                d.delete("/containers/" + viaApi + "?force=true");
                final long t6 = System.nanoTime();
                final String viaDockerCli = docker.dockerOk("run", "-d", IMAGE, "sleep", "3600").strip();
                final long t7 = System.nanoTime();
                d.delete("/containers/" + viaDockerCli + "?force=true");
                if (i >= 0)
                {
                    run[0][i] = (t1 - t0) / 1e6;
                    run[1][i] = (t3 - t2) / 1e6;
                    run[2][i] = (t5 - t4) / 1e6;
                    run[3][i] = (t7 - t6) / 1e6;
                }
            }
        }
        report(machine, n, warm, runN, att, run);
    }

    private static void report(final Machine machine, final int n, final int warm, final int runN, final double[][] att,
        final double[][] run)
    {
        System.out.println("Attach/detach and run -d: Pontoon (REST API over its Unix socket, and CLI) vs dockerd 20.10 "
            + "built-in bridge driver (Engine API over its Unix socket, and docker CLI). N=" + n + " after " + warm
            + " warm-up (run -d: N=" + runN + "), interleaved. " + machine.header());
        System.out.println();
        final Table t = new Table("operation", "Pontoon median", "p90", "p99", "Docker median", "p90", "p99",
            "Pontoon / Docker");
        add(t, "network connect (REST / Engine API)", att[0], att[2]);
        add(t, "network disconnect (REST / Engine API)", att[1], att[3]);
        add(t, "network connect: Pontoon REST vs `docker network connect`", att[0], att[4]);
        add(t, "network disconnect: Pontoon REST vs `docker network disconnect`", att[1], att[5]);
        add(t, "run -d sleep (REST / Engine API create+start)", run[0], run[2]);
        add(t, "run -d sleep (`pontoon run -d` / `docker run -d`)", run[1], run[3]);
        add(t, "run -d sleep (Pontoon REST / `docker run -d`)", run[0], run[3]);
        t.print();
        System.out.println(Table.verdict("connect, REST vs Engine API", Stats.median(att[0]) / Stats.median(att[2]), 0.1, true));
        System.out.println(Table.verdict("disconnect, REST vs Engine API", Stats.median(att[1]) / Stats.median(att[3]), 0.1, true));
        System.out.println(Table.verdict("connect, REST vs docker CLI", Stats.median(att[0]) / Stats.median(att[4]), 0.1, true));
        System.out.println(Table.verdict("disconnect, REST vs docker CLI", Stats.median(att[1]) / Stats.median(att[5]), 0.1, true));
        System.out.println();
    }

    private static void add(final Table t, final String what, final double[] pontoon, final double[] docker)
    {
        final String[] a = Table.spread(pontoon);
        final String[] b = Table.spread(docker);
        t.row(what, a[0] + " ms", a[1], a[2], b[0] + " ms", b[1], b[2], Table.ratio(Stats.median(pontoon), Stats.median(docker)));
    }
}
