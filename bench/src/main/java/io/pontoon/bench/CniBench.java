// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * CNI ADD/DEL latency of pontoon-cni against Podman's default CNI chain from the reference
 * plugins (bridge + host-local, portmap, firewall, tuning: the conflist Podman 4.3 writes), both
 * invoked directly as libcni does (config on stdin, {@code prevResult} passed along the chain, DEL
 * in reverse order with the cached result), one port mapping each, a fresh container namespace
 * per pod. Then the wall time of C concurrent ADDs (and DELs) for each, and the split of
 * pontoon-cni's time: {@code CNI_COMMAND=VERSION} (launcher + JVM start, no daemon) and the
 * daemon's {@code /v1/cni/add} alone through {@code curl --unix-socket}.
 *
 * <p>Must run as root inside a network namespace made for it (bench/cni.sh does that, builds the
 * tree and the AOT cache first): it starts a Pontoon daemon there, and the reference plugins
 * put their bridge and iptables rules there. Container namespaces are {@code ptcnib-PID-K} under
 * {@code /run/netns}, deleted after each pod. Prints markdown.
 * Arguments: [iterations (30)] [warm-up (5)] [concurrent (50)].
 */
public final class CniBench
{
    private static final String VERSION = "0.4.0";
    private static final Path REF = Path.of("/usr/lib/cni");
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final Path repo;
    private final Path dir;
    private final Path log;
    private Process daemon;
    private String loadAtStart = "";

    private CniBench(final Path repo, final Path dir)
    {
        this.repo = repo;
        this.dir = dir;
        this.log = dir.resolve("plugins.log");
    }

    public static void main(final String[] args) throws Exception
    {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        final int warm = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final int conc = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        final String own = System.getProperty("pontoon.bench.netns", "");
        if (own.isEmpty() || !Files.isSameFile(Path.of("/proc/self/ns/net"), Path.of(own)))
        {
            throw new IllegalStateException("run me inside a namespace of my own, named by -Dpontoon.bench.netns (bench/cni.sh does)");
        }
        final CniBench b = new CniBench(Path.of("").toAbsolutePath(), Files.createTempDirectory("pt-cnib"));
        boolean ok = false;
        try
        {
            b.run(n, warm, conc);
            ok = true;
        }
        finally
        {
            b.stopDaemon();
            b.removeDir(ok);
        }
    }

    private void run(final int n, final int warm, final int conc) throws Exception
    {
        loadAtStart = Files.readString(Path.of("/proc/loadavg")).trim();
        CniProcs.ok(List.of("ip", "link", "set", "lo", "up"), List.of(), "", log);
        startDaemon();
        // the same installed launcher on its two transports: JVM (forced) and curl (its default)
        final CniPod.Kind pontoon = new CniPontoon(repo.resolve("pontoon-cli/src/main/sh/pontoon-cni"), dir.resolve("p.sock"), true);
        final CniPod.Kind fast = new CniPontoon(repo.resolve("pontoon-cli/src/main/sh/pontoon-cni"), dir.resolve("p.sock"), false);
        final CniPod.Kind chain = new CniChain(REF, dir.resolve("host-local"));
        final double[][] t = new double[13][n];
        for (int i = -warm; i < n; i++)
        {
            final double d0 = daemonCpuMs();
            final double[] p = CniPod.addDel(pontoon, podName(), 20000 + i + warm, log, this::cpuMs);
            final double d1 = daemonCpuMs();
            final double[] c = CniPod.addDel(chain, podName(), 30000 + i + warm, log, this::cpuMs);
            final double[] f = CniPod.addDel(fast, podName(), 24000 + i + warm, log, this::cpuMs);
            if (i >= 0)
            {
                t[9][i] = f[0];
                t[10][i] = f[1];
                t[11][i] = f[2];
                t[12][i] = f[3];
                t[0][i] = p[0];
                t[1][i] = p[1];
                t[2][i] = c[0];
                t[3][i] = c[1];
                t[4][i] = p[2];
                t[5][i] = p[3];
                t[6][i] = c[2];
                t[7][i] = c[3];
                t[8][i] = d1 - d0;
            }
        }
        final double[] pConc = CniPod.concurrent(pontoon, conc, 21000, log, this::podName);
        final double[] cConc = CniPod.concurrent(chain, conc, 31000, log, this::podName);
        final double[] fConc = CniPod.concurrent(fast, conc, 25000, log, this::podName);
        final double[] dConc = CniPod.concurrent(new CniCurl(dir.resolve("p.sock"), "pbench"), conc, 23000, log, this::podName);
        final double[] version = new double[n];
        final double[] daemonAdd = new double[n];
        final double[] daemonDel = new double[n];
        final double[] curlAdd = new double[n];
        for (int i = -warm; i < n; i++)
        {
            final double v = timed(() -> CniProcs.ok(List.of(repo.resolve("pontoon-cli/src/main/sh/pontoon-cni").toString()),
                versionEnv(), "{\"cniVersion\":\"" + VERSION + "\"}", log));
            final double[] d = daemonAlone(22000 + i + warm);
            if (i >= 0)
            {
                version[i] = v;
                daemonAdd[i] = d[0];
                daemonDel[i] = d[1];
                curlAdd[i] = d[2];
            }
        }
        print(n, warm, conc, t, pConc, cConc, dConc, version, daemonAdd, daemonDel, curlAdd);
        printFast(conc, t, fConc, cConc);
    }

    private static List<String> versionEnv()
    {
        final String opts = System.getenv("PONTOON_CNI_JAVA_OPTS");
        return opts == null || opts.isEmpty() ? List.of("CNI_COMMAND=VERSION", "PONTOON_CNI_JVM=1")
            : List.of("CNI_COMMAND=VERSION", "PONTOON_CNI_JVM=1", "PONTOON_CNI_JAVA_OPTS=" + opts);
    }

    private String podName()
    {
        return "ptcnib-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    /** POST /v1/cni/add then /v1/cni/del with curl; [add time_total, del time_total, add curl wall] in ms. */
    private double[] daemonAlone(final int hostPort) throws Exception
    {
        final String ns = podName();
        CniProcs.ok(List.of("ip", "netns", "add", ns), List.of(), "", log);
        try
        {
            final String body = "{\"ContainerId\":\"" + ns + "\",\"Netns\":\"/run/netns/" + ns + "\",\"IfName\":\"eth0\","
                + "\"Network\":\"pbench\",\"Args\":{},\"PortMappings\":[{\"hostPort\":" + hostPort
                + ",\"containerPort\":80,\"protocol\":\"tcp\"}],\"Ips\":[]}";
            final long t0 = System.nanoTime();
            final String add = curl("/v1/cni/add", body);
            final double wall = (System.nanoTime() - t0) / 1e6;
            final String del = curl("/v1/cni/del", body);
            return new double[] {seconds(add), seconds(del), wall};
        }
        finally
        {
            CniProcs.ok(List.of("ip", "netns", "del", ns), List.of(), "", log);
        }
    }

    private String curl(final String path, final String body)
    {
        final String out = CniProcs.ok(List.of("curl", "-sS", "--fail-with-body", "--unix-socket", dir.resolve("p.sock").toString(),
            "-H", "Content-Type: application/json", "-d", body, "-o", "/dev/null", "-w", "%{time_total}", "http://pontoon" + path),
            List.of(), "", log);
        return out.trim();
    }

    private static double seconds(final String s)
    {
        return Double.parseDouble(s) * 1000.0;
    }

    private void startDaemon() throws Exception
    {
        final List<String> cmd = List.of(repo.resolve("pontoon-cli/src/main/sh/pontoon").toString(), "daemon",
            "--state-dir", dir.resolve("state").toString(), "--socket", dir.resolve("p.sock").toString(),
            "--run-dir", dir.resolve("run").toString(), "--docker-plugin", "off");
        daemon = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile())).start();
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(dir.resolve("p.sock")))
        {
            if (!daemon.isAlive() || System.nanoTime() > deadline)
            {
                throw new IllegalStateException("daemon did not start: " + Files.readString(dir.resolve("daemon.log")));
            }
            Thread.sleep(50);
        }
        CniProcs.ok(List.of(repo.resolve("pontoon-cli/src/main/sh/pontoon").toString(), "network", "create",
            "--subnet", "10.240.0.0/16", "pbench"), List.of("PONTOON_HOST=unix://" + dir.resolve("p.sock")), "", log);
    }

    private void stopDaemon() throws InterruptedException
    {
        if (daemon != null)
        {
            daemon.destroy();
            daemon.waitFor();
        }
    }

    /** Removes the work directory, or says where its logs are when the run failed. */
    private void removeDir(final boolean ok) throws IOException
    {
        if (!ok)
        {
            System.err.println("logs kept in " + dir);
            return;
        }
        try (Stream<Path> s = Files.walk(dir))
        {
            for (final Path p : s.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A body that may throw. */
    @FunctionalInterface
    interface Body
    {
        void run() throws Exception;
    }

    static double timed(final Body b) throws Exception
    {
        final long t0 = System.nanoTime();
        b.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private void print(final int n, final int warm, final int conc, final double[][] t, final double[] pConc,
        final double[] cConc, final double[] dConc, final double[] version, final double[] daemonAdd, final double[] daemonDel, final double[] curlAdd)
        throws IOException
    {
        final String load = "at start " + loadAtStart + ", at end " + Files.readString(Path.of("/proc/loadavg")).trim();
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "CNI %s, one port mapping, N=%d after %d warm-up, %d concurrent; load %s; extra JVM options '%s'; AOT cache: %s%n%n",
            VERSION, n, warm, conc, load, System.getenv().getOrDefault("PONTOON_CNI_JAVA_OPTS", ""), CniProcs.run(List.of(repo.resolve("pontoon-cli/src/main/sh/pontoon-cni").toString(),
                "--where", "aot"), List.of(), "", log).trim()));
        sb.append("| measure | pontoon-cni, JVM transport (`PONTOON_CNI_JVM=1`) | reference chain | ratio | target |\n|---|---|---|---|---|\n");
        row(sb, "ADD, median ms", Stats.median(t[0]), Stats.median(t[2]), "≤ 0.5");
        row(sb, "ADD, p90 ms", Stats.percentile(t[0], 90), Stats.percentile(t[2], 90), "");
        row(sb, "DEL, median ms", Stats.median(t[1]), Stats.median(t[3]), "");
        row(sb, "CPU per ADD (user+sys of plugins + daemon), mean ms", mean(t[4]), mean(t[6]), "");
        row(sb, "CPU per DEL, mean ms", mean(t[5]), mean(t[7]), "");
        row(sb, conc + " concurrent ADDs, wall ms", pConc[0], cConc[0], "≤ 0.3");
        row(sb, conc + " concurrent DELs, wall ms", pConc[1], cConc[1], "");
        row(sb, conc + " concurrent ADDs, daemon alone via curl (no JVM), wall ms", dConc[0], cConc[0], "");
        row(sb, conc + " concurrent DELs, daemon alone via curl, wall ms", dConc[1], cConc[1], "");
        sb.append(String.format(Locale.ROOT, "%nfailed concurrent ADDs/DELs: pontoon %d, chain %d, curl %d%n%n", (int) pConc[2],
            (int) cConc[2], (int) dConc[2]));
        sb.append("| pontoon-cni ADD split | median ms |\n|---|---|\n");
        sb.append("| whole ADD (launcher + JVM + daemon) | ").append(Stats.fmt(Stats.median(t[0]))).append(" |\n");
        sb.append("| `CNI_COMMAND=VERSION` (launcher + JVM start, no daemon) | ").append(Stats.fmt(Stats.median(version))).append(" |\n");
        sb.append("| daemon `/v1/cni/add` alone (curl `time_total`) | ").append(Stats.fmt(Stats.median(daemonAdd))).append(" |\n");
        sb.append("| daemon `/v1/cni/add` incl. starting curl | ").append(Stats.fmt(Stats.median(curlAdd))).append(" |\n");
        sb.append("| daemon `/v1/cni/del` alone (curl `time_total`) | ").append(Stats.fmt(Stats.median(daemonDel))).append(" |\n");
        sb.append(String.format(Locale.ROOT, "%nCPU: the daemon spent %.1f ms per pontoon ADD+DEL pair (mean); the rest of the"
            + " pontoon-cni CPU rows is the two JVM execs.%n", mean(t[8])));
        System.out.print(sb);
    }

    /** pontoon-cni on its default curl transport (pontoon-cni-fast, /v1/cni/exec) against the same chain, same run. */
    private static void printFast(final int conc, final double[][] t, final double[] fConc, final double[] cConc)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("\n| measure | pontoon-cni, default curl transport (pontoon-cni-fast) | reference chain | ratio | target |\n|---|---|---|---|---|\n");
        row(sb, "ADD, median ms", Stats.median(t[9]), Stats.median(t[2]), "≤ 0.5");
        row(sb, "ADD, p90 ms", Stats.percentile(t[9], 90), Stats.percentile(t[2], 90), "");
        row(sb, "DEL, median ms", Stats.median(t[10]), Stats.median(t[3]), "");
        row(sb, "CPU per ADD (user+sys of plugins + daemon), mean ms", mean(t[11]), mean(t[6]), "");
        row(sb, "CPU per DEL, mean ms", mean(t[12]), mean(t[7]), "");
        row(sb, conc + " concurrent ADDs, wall ms", fConc[0], cConc[0], "≤ 0.3");
        row(sb, conc + " concurrent DELs, wall ms", fConc[1], cConc[1], "");
        sb.append(String.format(Locale.ROOT, "%nfailed concurrent ADDs/DELs: pontoon-cni (curl transport) %d%n", (int) fConc[2]));
        System.out.print(sb);
    }

    private static double mean(final double[] v)
    {
        double sum = 0;
        for (final double x : v)
        {
            sum += x;
        }
        return sum / v.length;
    }

    /** The daemon's CPU time so far (utime + stime of /proc/PID/stat), in ms. */
    private double daemonCpuMs()
    {
        final String[] d = stat("/proc/" + daemon.pid() + "/stat");
        return (Long.parseLong(d[11]) + Long.parseLong(d[12])) * 10.0;
    }

    /**
     * CPU time so far of the plugin processes (this JVM's waited-for children and theirs:
     * cutime + cstime of /proc/self/stat) plus the daemon's (utime + stime), in ms (USER_HZ 100).
     */
    private double cpuMs()
    {
        final String[] self = stat("/proc/self/stat");
        final String[] d = stat("/proc/" + daemon.pid() + "/stat");
        final long ticks = Long.parseLong(self[13]) + Long.parseLong(self[14]) + Long.parseLong(d[11]) + Long.parseLong(d[12]);
        return ticks * 10.0;
    }

    /** The fields after the command name: index 0 is field 3 (state) of proc(5). */
    private static String[] stat(final String file)
    {
        try
        {
            final String s = Files.readString(Path.of(file));
            return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static void row(final StringBuilder sb, final String what, final double ours, final double theirs, final String target)
    {
        sb.append("| ").append(what).append(" | ").append(Stats.fmt(ours)).append(" | ").append(Stats.fmt(theirs)).append(" | ")
            .append(String.format(Locale.ROOT, "%.2f", ours / theirs)).append(" | ").append(target).append(" |\n");
    }
}
