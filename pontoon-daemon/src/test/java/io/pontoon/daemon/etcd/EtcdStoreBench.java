// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.pontoon.core.store.Txn;
import io.pontoon.core.store.Watch;
import io.pontoon.core.store.WatchEvent;
import io.pontoon.testkit.peers.LoopbackEtcd;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Latency of {@link EtcdStore} against a local etcd 3.4 with its data on tmpfs (not a test; run by
 * hand with the test classpath: {@code java -cp <test classpath> io.pontoon.daemon.etcd.EtcdStoreBench}).
 * Prints the client's start-up (first open in a cold JVM, then a warm open), the median and p99 of
 * sequential commits, throughput with 16 concurrent committers, and put-to-watch-event latency.
 */
public final class EtcdStoreBench
{
    private EtcdStoreBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        try (LoopbackEtcd etcd = LoopbackEtcd.launch())
        {
            final EtcdOptions options = new EtcdOptions(List.of(URI.create(etcd.endpoint())), EtcdOptions.DEFAULT_TIMEOUT);
            long t0 = System.nanoTime();
            EtcdStore.open(options).close();
            System.out.printf("client start-up (open + first read), cold JVM: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            t0 = System.nanoTime();
            try (EtcdStore s = EtcdStore.open(options))
            {
                System.out.printf("client start-up, warm JVM: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
                sequential(s, 2000);
                final double[] seq = sequential(s, 5000);
                System.out.printf("sequential commits: n=%d median=%.3f ms p99=%.3f ms%n", seq.length, pct(seq, 50), pct(seq, 99));
                concurrent(s, 16, 200);
                concurrent(s, 16, 500);
                watchLatency(s, 500);
                final double[] w = watchLatency(s, 3000);
                System.out.printf("put -> watch event (listener called): n=%d median=%.3f ms p99=%.3f ms%n", w.length, pct(w, 50), pct(w, 99));
            }
        }
    }

    private static double[] sequential(final EtcdStore s, final int n)
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

    private static void concurrent(final EtcdStore s, final int threads, final int perThread) throws InterruptedException
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

    /** Time from calling put until the watch listener has the event, one put at a time. */
    private static double[] watchLatency(final EtcdStore s, final int n) throws InterruptedException
    {
        final BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
        final double[] ms = new double[n];
        try (Watch _ = s.watch("/bench/w/", 0, (WatchEvent e) -> arrivals.add(System.nanoTime())))
        {
            for (int i = 0; i < n; i++)
            {
                final long t0 = System.nanoTime();
                s.put("/bench/w/" + (i % 100), "value " + i);
                final Long t1 = arrivals.poll(10, TimeUnit.SECONDS);
                if (t1 == null)
                {
                    throw new IllegalStateException("no watch event for put " + i);
                }
                ms[i] = (t1 - t0) / 1e6;
            }
        }
        return ms;
    }

    private static double pct(final double[] v, final double p)
    {
        final double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100 * s.length) - 1))];
    }
}
