// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.ipam;

import io.pontoon.core.store.LocalStore;
import io.pontoon.kernel.net.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Latency of one dynamic address allocation on a {@link LocalStore} (not a test; run by hand):
 * {@code java -cp <test classpath> io.pontoon.core.ipam.IpamBench [dir]}.
 */
public final class IpamBench
{
    private IpamBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir")), "ptipam");
        try (LocalStore store = LocalStore.open(dir))
        {
            final StoreIpam ipam = new StoreIpam(store, "/pontoon/v1/", AddressPool.dockerDefaults());
            final Pool pool = ipam.requestPool(PoolRequest.of("bench", "bench").withSubnet(IpPrefix.parse("10.200.0.0/16")));
            final int n = 5000;
            final double[] ms = new double[n];
            for (int i = 0; i < n; i++)
            {
                final long t0 = System.nanoTime();
                final IpPrefix a = ipam.allocate(pool.id(), null);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (i % 2 == 0)
                {
                    ipam.release(pool.id(), a.address());
                }
            }
            final double[] measured = Arrays.copyOfRange(ms, 1000, n);
            Arrays.sort(measured);
            System.out.printf("allocate (dynamic, /16 pool): median=%.3f ms p99=%.3f ms%n", measured[measured.length / 2],
                measured[(int) Math.ceil(measured.length * 0.99) - 1]);
        }
    }
}
