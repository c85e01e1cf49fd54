// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.kernel.netns.NetNs;
import io.pontoon.kernel.nft.Nft;
import io.pontoon.kernel.nft.NftFamily;
import io.pontoon.kernel.nft.NftKey;
import io.pontoon.kernel.nft.SetElement;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Adding nftables set elements three ways, in a fresh namespace: Pontoon's NETLINK_NETFILTER
 * batch (no process), a long-lived {@code nft -i} child fed through a pipe, and spawning
 * {@code nsenter --net=NS nft add element ...} per change. Prints a markdown table of medians
 * and a met/MISSED verdict for the single-element target (fast path >= 10x faster than spawning).
 *
 * <p>Usage: {@code NftBench [singleN] [spawnN] [batchN]} (defaults 2000, 100, 20); run as root.
 */
public final class NftBench
{
    private static final String TABLE = "pt_b";
    private static final String SKELETON = """
        table inet pt_b {
          set s_fast { type ipv4_addr . inet_service; }
          set s_child { type ipv4_addr . inet_service; }
          set s_spawn { type ipv4_addr . inet_service; }
          set big { type ipv4_addr . inet_service; }
        }
        table inet pt_bs {
        }
        """;

    private NftBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int singleN = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        final int spawnN = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        final int batchN = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        final Path dir = Files.createTempDirectory("pt-bench");
        final String name = "pt-nftbench-" + ProcessHandle.current().pid();
        try (NetNs ns = NetNs.create(dir, name); Nft nft = Nft.open(ns); NftChild child = new NftChild(ns.path()))
        {
            nft.apply(SKELETON);
            final double[] fast = timeSingles(singleN, 500, i -> nft.setAdd(NftFamily.INET, TABLE, "s_fast", List.of(element(i))));
            final double[] viaChild = timeSingles(singleN, 50, i -> child.run("add element inet pt_b s_child { " + element(i) + " }"));
            final double[] spawn = timeSingles(spawnN, 5, i -> spawn(ns.path(), "add", "element", "inet", TABLE, "s_spawn",
                "{ " + element(i) + " }"));

            final List<SetElement> thousand = new ArrayList<>();
            for (int i = 0; i < 1000; i++)
            {
                thousand.add(element(i));
            }
            final String thousandText = "add element inet pt_b big { " + String.join(", ",
                thousand.stream().map(SetElement::toString).toList()) + " }";
            final double[] fastBatch = timeBatches(batchN, nft, () -> nft.setAdd(NftFamily.INET, TABLE, "big", thousand));
            final double[] childBatch = timeBatches(batchN, nft, () -> child.run(thousandText));
            final double[] spawnBatch = timeBatches(Math.max(3, batchN / 2), nft, () -> spawnScript(ns.path(), thousandText + "\n"));

            System.out.println("| operation | netlink fast path | `nft -i` child | spawn `nsenter nft` | spawn / fast | child / fast |");
            System.out.println("|---|---|---|---|---|---|");
            row("add 1 element (ipv4 . port), median ms", fast, viaChild, spawn);
            row("add 1,000 elements in one batch, median ms", fastBatch, childBatch, spawnBatch);
            System.out.printf("%nsamples: single %d (spawn %d), batch %d; p90 single fast %s ms, child %s ms, spawn %s ms%n",
                singleN, spawnN, batchN, Stats.fmt(Stats.percentile(fast, 90)), Stats.fmt(Stats.percentile(viaChild, 90)),
                Stats.fmt(Stats.percentile(spawn, 90)));
            System.out.println();
            System.out.println(Table.verdict("set element add through the netlink fast path vs spawning `nsenter nft add element`",
                Stats.median(spawn) / Stats.median(fast), 10.0, false));
        }
        finally
        {
            NetNs.delete(dir, name);
            Files.deleteIfExists(dir);
        }
    }

    private static SetElement element(final int i)
    {
        return SetElement.of(NftKey.concat(NftKey.ipv4("10.200." + (i >> 8 & 0xff) + "." + (i & 0xff)),
            NftKey.port(1000 + (i >> 16))));
    }

    private interface Op
    {
        void run(int i) throws Exception;
    }

    private interface Task
    {
        void run() throws Exception;
    }

    private static double[] timeSingles(final int n, final int warmup, final Op op) throws Exception
    {
        for (int i = 0; i < warmup; i++)
        {
            op.run(60_000 + i);
        }
        final double[] ms = new double[n];
        for (int i = 0; i < n; i++)
        {
            final long t0 = System.nanoTime();
            op.run(i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static double[] timeBatches(final int n, final Nft nft, final Task task) throws Exception
    {
        final double[] ms = new double[n];
        for (int i = -2; i < n; i++)
        {
            nft.setFlush(NftFamily.INET, TABLE, "big");
            final long t0 = System.nanoTime();
            task.run();
            if (i >= 0)
            {
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        if (nft.setList(NftFamily.INET, TABLE, "big").size() != 1000)
        {
            throw new IllegalStateException("the batch did not leave 1000 elements");
        }
        return ms;
    }

    private static void row(final String what, final double[] fast, final double[] child, final double[] spawn)
    {
        final double f = Stats.median(fast);
        final double c = Stats.median(child);
        final double s = Stats.median(spawn);
        System.out.printf("| %s | %s | %s | %s | %.0fx | %.1fx |%n", what, Stats.fmt(f), Stats.fmt(c), Stats.fmt(s), s / f, c / f);
    }

    private static void spawn(final Path ns, final String... nftArgs) throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + ns, "--", "nft"));
        cmd.addAll(List.of(nftArgs));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
        {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    private static void spawnScript(final Path ns, final String script) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder("nsenter", "--net=" + ns, "--", "nft", "-f", "-").redirectErrorStream(true).start();
        try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8))
        {
            w.write(script);
        }
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
        {
            throw new IllegalStateException("nft -f -: " + out);
        }
    }

    /**
     * A long-lived {@code nft -i} in the namespace. nft prints no end-of-reply marker, so each
     * command is followed by {@code list table inet pt_bs} (an empty table) and the reply is read
     * up to that table's closing brace; any other output is an error message.
     */
    private static final class NftChild implements AutoCloseable
    {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        NftChild(final Path ns) throws IOException
        {
            process = new ProcessBuilder("nsenter", "--net=" + ns, "--", "nft", "-i").redirectErrorStream(true).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        void run(final String command) throws IOException
        {
            in.write(command + "\nlist table inet pt_bs\n");
            in.flush();
            final StringBuilder unexpected = new StringBuilder();
            while (true)
            {
                final String line = out.readLine();
                if (line == null)
                {
                    throw new IOException("nft -i exited: " + unexpected);
                }
                if (line.equals("table inet pt_bs {"))
                {
                    continue;
                }
                if (line.equals("}"))
                {
                    break;
                }
                unexpected.append(line).append('\n');
            }
            if (!unexpected.isEmpty())
            {
                throw new IOException("nft -i: " + unexpected);
            }
        }

        @Override
        public void close() throws IOException
        {
            in.close();
            try
            {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
    }
}
