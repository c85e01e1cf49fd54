// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM for {@link LocalStoreKillTest}: commits numbered keys from several threads forever and
 * prints {@code <thread> <n>} after each commit returned (i.e. was acknowledged). Killed with -9.
 * Arguments: state directory, round name, thread count.
 */
public final class CrashChild
{
    private CrashChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final LocalStore store = LocalStore.open(Path.of(args[0]), new LocalStore.Options(64 << 10, 1000));
        final String round = args[1];
        final int threads = Integer.parseInt(args[2]);
        System.out.println("ready");
        System.out.flush();
        final List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int id = t;
            ts.add(Thread.ofVirtual().start(() ->
            {
                for (long n = 0; ; n++)
                {
                    store.commit(Txn.builder()
                        .put("/crash/" + round + "/" + id + "/" + n, "v" + n)
                        .put("/crash/" + round + "/" + id + "/last", Long.toString(n))
                        .build());
                    synchronized (System.out)
                    {
                        System.out.println(id + " " + n);
                        System.out.flush();
                    }
                }
            }));
        }
        for (final Thread t : ts)
        {
            t.join();
        }
    }
}
