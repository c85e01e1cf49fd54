// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** What a benchmark ran on: CPUs, kernel, and the load average when it started and ended. */
final class Machine
{
    private final String loadAtStart = load();

    /** The 1-, 5- and 15-minute load averages, e.g. {@code 2.76 2.59 2.78}. */
    static String load()
    {
        final String[] f = read("/proc/loadavg").split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    /** {@code 2 vCPU (AMD EPYC ...), kernel 6.18.44, 7.8 GiB}. */
    static String describe()
    {
        final String model = read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        final long memKb = read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal:"))
            .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
        return Runtime.getRuntime().availableProcessors() + " vCPU (" + model + "), kernel " + System.getProperty("os.version")
            + String.format(java.util.Locale.ROOT, ", %.1f GiB", memKb / 1048576.0);
    }

    /** One line for the top of a report: date (UTC), machine, load at start and now. */
    String header()
    {
        return "Date " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
            + "; " + describe() + "; load average (1/5/15 min) " + loadAtStart + " at start, " + load() + " at end.";
    }

    private static String read(final String file)
    {
        try
        {
            return Files.readString(Path.of(file));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
