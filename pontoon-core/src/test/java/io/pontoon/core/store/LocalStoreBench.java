// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Commit latency of {@link LocalStore} (not a test; run by hand):
 * {@code java -cp <test classpath> io.pontoon.core.store.LocalStoreBench [dir]}. Prints the median
 * and p99 of sequential commits, then throughput and latency with 16 concurrent committers.
 */
public final class LocalStoreBench
{
    private LocalStoreBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir")), "ptbench");
        try (LocalStore s = LocalStore.open(dir))
        {
            sequential(s, 3000);
            final double[] seq = sequential(s, 10_000);
            System.out.printf("sequential commits: n=%d median=%.3f ms p99=%.3f ms%n", seq.length, pct(seq, 50), pct(seq, 99));
            concurrent(s, 16, 300);
            for (int run = 0; run < 3; run++)
            {
                concurrent(s, 16, 1000);
            }
        }
    }

    private static double[] sequential(final LocalStore s, final int n)
    {
        final double[] ms = new double[n];
        for (int i = 0; i < n; i++)
        {
            final long t0 = System.nanoTime();
            s.commit(Txn.builder().put("/bench/seq/" + (i % 1000), "value " + i).build());
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static void concurrent(final LocalStore s, final int threads, final int perThread) throws InterruptedException
    {
        final double[][] ms = new double[threads][perThread];
        final List<Thread> ts = new ArrayList<>();
        final long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++)
        {
            final int id = t;
            ts.add(Thread.ofVirtual().start(() ->
            {
                for (int i = 0; i < perThread; i++)
                {
                    final long c0 = System.nanoTime();
                    s.commit(Txn.builder().put("/bench/c/" + id + "/" + (i % 100), "value " + i).build());
                    ms[id][i] = (System.nanoTime() - c0) / 1e6;
                }
            }));
        }
        for (final Thread t : ts)
        {
            t.join();
        }
        final double secs = (System.nanoTime() - t0) / 1e9;
        final double[] all = Arrays.stream(ms).flatMapToDouble(Arrays::stream).toArray();
        System.out.printf("%d concurrent committers: %d commits in %.2f s = %.0f commits/s, latency median=%.3f ms p99=%.3f ms%n",
            threads, all.length, secs, all.length / secs, pct(all, 50), pct(all, 99));
    }

    private static double pct(final double[] v, final double p)
    {
        final double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100 * s.length) - 1))];
    }
}
