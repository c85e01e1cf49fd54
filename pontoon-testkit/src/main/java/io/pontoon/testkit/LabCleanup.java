// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** How a lab removes what it made; failures are collected, not thrown, so cleanup goes on. */
final class LabCleanup
{
    private LabCleanup()
    {
    }

    /** Equals {@code ip netns pids NS | xargs kill -9}, then waits for them to be gone. */
    static void killProcessesIn(final String ns, final List<String> problems)
    {
        if (!Files.exists(Lab.NETNS_DIR.resolve(ns)))
        {
            return;
        }
        final ExecResult r = Commands.run(List.of("ip", "netns", "pids", ns), Lab.DEFAULT_TIMEOUT);
        if (!r.ok())
        {
            problems.add("ip netns pids " + ns + ": " + r.describe());
            return;
        }
        final long self = ProcessHandle.current().pid();
        final List<ProcessHandle> victims = new ArrayList<>();
        for (final String line : r.stdout().split("\n"))
        {
            if (!line.isBlank() && Long.parseLong(line.trim()) != self)
            {
                ProcessHandle.of(Long.parseLong(line.trim())).ifPresent(victims::add);
            }
        }
        for (final ProcessHandle h : victims)
        {
            Commands.killTree(h);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (final ProcessHandle h : victims)
        {
            while (Commands.running(h.pid()) && System.nanoTime() < deadline)
            {
                Await.pause(Duration.ofMillis(20));
            }
            if (Commands.running(h.pid()))
            {
                problems.add("process " + h.pid() + " in " + ns + " survived SIGKILL for 5 s");
            }
        }
    }

    /** Equals {@code ip netns del NS}; a namespace that is already gone is fine. */
    static void deleteNamespace(final String ns, final List<String> problems)
    {
        if (!Files.exists(Lab.NETNS_DIR.resolve(ns)))
        {
            return;
        }
        final ExecResult r = Commands.run(List.of("ip", "netns", "del", ns), Lab.DEFAULT_TIMEOUT);
        if (!r.ok() && Files.exists(Lab.NETNS_DIR.resolve(ns)))
        {
            problems.add("ip netns del " + ns + ": " + r.describe());
        }
    }
}
