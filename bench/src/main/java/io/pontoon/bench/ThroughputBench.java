// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.peers.DockerPeer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TCP throughput with iperf3 through a published port against going straight to the container:
 * an {@code iperf3 -s} in a Pontoon sandbox published with {@code -p 5201:5201} (lab host h1), and
 * one in a dockerd 20.10 container published the same way (lab host h2, default userland proxy,
 * image = the host's iperf3 and its libraries). The client runs in the lab host, once against
 * {@code 127.0.0.1:5201} (the published port) and once against the container's own address. The
 * four paths are interleaved in each repetition. Arguments: [seconds per run (5)] [repetitions (3)].
 */
public final class ThroughputBench
{
    private static final String IMAGE = "ptiperf";
    private static final int PORT = 5201;

    private ThroughputBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        final int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final Machine machine = new Machine();
        final double[][] gbps = new double[4][reps];
        try (Lab lab = Lab.create("bench-iperf", 2))
        {
            final Lab.Host ph = lab.host("h1");
            final Lab.Host dh = lab.host("h2");
            final DockerPeer docker = DockerPeer.start(dh);
            IperfImage.importInto(docker, IMAGE);
            final PontoonDaemon pontoon = PontoonDaemon.start(ph, "10.220.0.0/24", null);
            final Api p = pontoon.api();
            p.post("/networks", Json.obj("Name", "tp", "Subnet", "10.210.0.0/24"));
            final JsonObject sb = p.post("/sandboxes", Json.obj("Name", "iperf", "Network", "tp",
                "Publish", List.of(PORT + ":" + PORT), "Command", List.of("iperf3", "-s", "-p", Integer.toString(PORT)),
                "Detach", true));
            final String pontoonIp = sb.objects("Endpoints").getFirst().requireString("IPAddress").replaceAll("/.*", "");
            docker.dockerOk("run", "-d", "--name", "iperf", "-p", PORT + ":" + PORT, IMAGE, "/usr/bin/iperf3", "-s", "-p",
                Integer.toString(PORT));
            final String dockerIp = docker.dockerOk("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "iperf").strip();

            final String[][] paths = {{"h1", pontoonIp}, {"h1", "127.0.0.1"}, {"h2", dockerIp}, {"h2", "127.0.0.1"}};
            for (int r = 0; r < reps; r++)
            {
                for (int k = 0; k < paths.length; k++)
                {
                    gbps[k][r] = iperf(lab.host(paths[k][0]), paths[k][1], seconds);
                }
            }
        }
        report(machine, seconds, reps, gbps);
    }

    /** {@code iperf3 -c IP -p 5201 -t SECONDS -J} inside {@code host}; received Gbit/s. Retries while the server starts. */
    private static double iperf(final Lab.Host host, final String ip, final int seconds) throws InterruptedException
    {
        ExecResult r = null;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            r = host.exec(Duration.ofSeconds(seconds + 30L), "iperf3", "-c", ip, "-p", Integer.toString(PORT), "-t",
                Integer.toString(seconds), "-J");
            if (r.ok())
            {
                final JsonObject end = Json.parseObject(r.stdout()).object("end");
                return ((Number) end.object("sum_received").raw("bits_per_second")).doubleValue() / 1e9;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("iperf3 -c " + ip + " in " + host + ": " + r.describe());
    }

    private static void report(final Machine machine, final int seconds, final int reps, final double[][] gbps)
    {
        System.out.println("TCP throughput, iperf3 3.12, one stream, client in the lab host, server in a Pontoon sandbox "
            + "(`-p 5201:5201`) or a dockerd 20.10 container (`-p 5201:5201`, default userland proxy). " + seconds + " s runs, "
            + reps + " repetitions interleaved, median of the received rate. " + machine.header());
        System.out.println();
        final String[] names = {"Pontoon: straight to the sandbox IP", "Pontoon: published port 127.0.0.1:5201",
            "Docker: straight to the container IP", "Docker: published port 127.0.0.1:5201 (docker-proxy)"};
        final Table t = new Table("path", "median Gbit/s", "runs (Gbit/s)", "ratio to direct");
        for (int k = 0; k < 4; k++)
        {
            final List<String> runs = new ArrayList<>();
            for (final double g : gbps[k])
            {
                runs.add(String.format(Locale.ROOT, "%.2f", g));
            }
            final double direct = Stats.median(gbps[k - k % 2]);
            t.row(names[k], String.format(Locale.ROOT, "%.2f", Stats.median(gbps[k])), String.join(", ", runs),
                Table.ratio(Stats.median(gbps[k]), direct));
        }
        t.print();
        System.out.println(Table.verdict("Pontoon published / direct", Stats.median(gbps[1]) / Stats.median(gbps[0]), 0.9, false));
        System.out.printf(Locale.ROOT, "- Docker published / direct: %.3fx; Pontoon published / Docker published: %.2fx%n%n",
            Stats.median(gbps[3]) / Stats.median(gbps[2]), Stats.median(gbps[1]) / Stats.median(gbps[3]));
    }
}
