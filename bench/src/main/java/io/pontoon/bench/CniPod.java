// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * One pod's network as a CNI runtime makes it: a fresh namespace ({@code ip netns add}, not
 * timed), ADD (timed), DEL with the cached result (timed), namespace deleted (not timed).
 */
final class CniPod
{
    private CniPod()
    {
    }

    /** A way to attach pods: pontoon-cni, or the reference chain. */
    interface Kind
    {
        /** ADD of container {@code id} in {@code /run/netns/ns} with one port mapping; the result to cache. */
        String add(String id, String ns, int hostPort, Path log);

        /** DEL with the cached ADD result. */
        void del(String id, String ns, int hostPort, String cached, Path log);
    }

    /**
     * [ADD ms, DEL ms, ADD CPU ms, DEL CPU ms] for one pod; CPU is what {@code cpu} reports
     * (the plugin processes and the daemon), read before and after each step.
     */
    static double[] addDel(final Kind kind, final String ns, final int hostPort, final Path log, final DoubleSupplier cpu)
        throws Exception
    {
        CniProcs.ok(List.of("ip", "netns", "add", ns), List.of(), "", log);
        try
        {
            final String[] cached = new String[1];
            final double c0 = cpu.getAsDouble();
            final double add = CniBench.timed(() -> cached[0] = kind.add(ns, ns, hostPort, log));
            final double c1 = cpu.getAsDouble();
            final double del = CniBench.timed(() -> kind.del(ns, ns, hostPort, cached[0], log));
            final double c2 = cpu.getAsDouble();
            return new double[] {add, del, c1 - c0, c2 - c1};
        }
        finally
        {
            CniProcs.ok(List.of("ip", "netns", "del", ns), List.of(), "", log);
        }
    }

    /**
     * {@code count} pods at once: all namespaces made first, then every ADD started together on
     * its own thread; [wall ms until the last ADD returned, same for the DELs, failed ADDs].
     */
    static double[] concurrent(final Kind kind, final int count, final int firstPort, final Path log, final Supplier<String> name)
        throws Exception
    {
        final List<String> nss = names(count, name);
        for (final String ns : nss)
        {
            CniProcs.ok(List.of("ip", "netns", "add", ns), List.of(), "", log);
        }
        try
        {
            final String[] cached = new String[count];
            final AtomicInteger failed = new AtomicInteger();
            final double add = all(count, i ->
            {
                try
                {
                    cached[i] = kind.add(nss.get(i), nss.get(i), firstPort + i, log);
                }
                catch (final RuntimeException e)
                {
                    failed.incrementAndGet();
                }
            });
            final double del = all(count, i ->
            {
                try
                {
                    kind.del(nss.get(i), nss.get(i), firstPort + i, cached[i], log);
                }
                catch (final RuntimeException e)
                {
                    failed.incrementAndGet();
                }
            });
            return new double[] {add, del, failed.get()};
        }
        finally
        {
            for (final String ns : nss)
            {
                CniProcs.run(List.of("ip", "netns", "del", ns), List.of(), "", log);
            }
        }
    }

    /** One task per index. */
    @FunctionalInterface
    interface Task
    {
        void run(int index);
    }

    /** Starts {@code count} platform threads behind a gate; ms from opening the gate until all end. */
    private static double all(final int count, final Task task) throws InterruptedException
    {
        final CountDownLatch gate = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final int k = i;
            threads.add(Thread.ofPlatform().start(() ->
            {
                await(gate);
                task.run(k);
            }));
        }
        final long t0 = System.nanoTime();
        gate.countDown();
        for (final Thread t : threads)
        {
            t.join();
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Waits for the gate, keeping the interrupt flag. */
    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> names(final int count, final Supplier<String> name)
    {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            out.add(name.get());
        }
        return out;
    }
}
