// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.daemon;

import io.pontoon.testkit.MountTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What {@link PontoonDaemon#close()} does after the daemon stopped; problems are collected, not thrown. */
final class DaemonCleanup
{
    private DaemonCleanup()
    {
    }

    /**
     * Kills every process still inside a namespace bind-mounted under {@code runDir} (a sandbox
     * process the daemon started and did not remove), then unmounts those namespaces. Equals
     * {@code grep RUN /proc/mounts}, {@code kill -9} of each pid whose {@code /proc/PID/ns/net}
     * is one of them, {@code umount -l MOUNT}.
     */
    static void releaseRunDir(final Path runDir, final List<String> problems)
    {
        final List<Path> mounts = mountsUnder(runDir);
        if (mounts.isEmpty())
        {
            return;
        }
        final Set<String> inodes = new HashSet<>();
        for (final Path m : mounts)
        {
            try
            {
                inodes.add("net:[" + Files.getAttribute(m, "unix:ino") + "]");
            }
            catch (final IOException | UnsupportedOperationException e)
            {
                problems.add("cannot stat " + m + ": " + e);
            }
        }
        for (final ProcessHandle p : ProcessHandle.allProcesses().toList())
        {
            try
            {
                final String ns = Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/ns/net")).toString();
                if (inodes.contains(ns))
                {
                    p.destroyForcibly();
                    p.onExit().get(5, TimeUnit.SECONDS);
                }
            }
            catch (final IOException e)
            {
                // the process is gone, or it is a kernel thread
            }
            catch (final Exception e)
            {
                problems.add("process " + p.pid() + " in a sandbox namespace did not die: " + e);
            }
        }
        for (final Path m : mounts.reversed())
        {
            try
            {
                final Process u = new ProcessBuilder("umount", "-l", m.toString()).redirectErrorStream(true).start();
                final String out = new String(u.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (u.waitFor() != 0)
                {
                    problems.add("umount -l " + m + ": " + out.strip());
                }
            }
            catch (final IOException e)
            {
                problems.add("umount -l " + m + ": " + e);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                problems.add("interrupted unmounting " + m);
                return;
            }
        }
    }

    /** Mount points at or below {@code dir}, in mount order. */
    static List<Path> mountsUnder(final Path dir)
    {
        return MountTable.under(dir);
    }

    /** {@code rm -rf DIR}, keeping going past files that cannot be removed. */
    static void deleteTree(final Path dir, final List<String> problems)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> s = Files.walk(dir))
        {
            for (final Path p : s.sorted(Comparator.reverseOrder()).toList())
            {
                try
                {
                    Files.deleteIfExists(p);
                }
                catch (final IOException e)
                {
                    problems.add("cannot delete " + p + ": " + e);
                }
            }
        }
        catch (final IOException e)
        {
            problems.add("cannot walk " + dir + ": " + e);
        }
    }
}
