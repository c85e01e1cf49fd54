// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import java.util.Arrays;

/** Medians and percentiles of timed samples, in milliseconds. */
public final class Stats
{
    private Stats()
    {
    }

    public static double percentile(final double[] samplesMs, final double p)
    {
        final double[] s = samplesMs.clone();
        Arrays.sort(s);
        if (s.length == 0)
        {
            return Double.NaN;
        }
        final int i = (int) Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100.0 * s.length) - 1));
        return s[i];
    }

    public static double median(final double[] samplesMs)
    {
        return percentile(samplesMs, 50);
    }

    public static String fmt(final double ms)
    {
        return String.format("%.3f", ms);
    }
}
