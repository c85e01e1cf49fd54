// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes peers whose JVM died without closing them (SIGKILL, OOM, a crashed build): their ids
 * carry the JVM's pid, so a peer directory {@code /tmp/pt-KIND-PIDnSEQ} or
 * {@code /dev/shm/pt-et-PIDnSEQ} whose pid no longer exists is stale. Its processes (found through
 * its cgroups, or for etcd through its data directory in their command line) are killed, then its
 * cgroups and directory removed. A pid that exists again (reused) keeps its peers: this never
 * touches anything that might be alive. Runs once per JVM, before the first peer starts.
 */
public final class StalePeers
{
    private static final Pattern NAME = Pattern.compile("pt-(dk|pm|et)-(\\d+)n\\d+");
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private StalePeers()
    {
    }

    /** {@link #reap()} unless this JVM already did. */
    static void reapOnce()
    {
        if (DONE.compareAndSet(false, true))
        {
            final List<String> problems = reap();
            if (!problems.isEmpty())
            {
                System.err.println("pt-peers: stale peer cleanup left things behind:\n" + String.join("\n", problems));
            }
        }
    }

    /** Removes every stale peer now; returns what could not be removed. */
    public static List<String> reap()
    {
        final List<String> problems = new ArrayList<>();
        for (final Path dir : stale(PeerFiles.BASE))
        {
            final String name = dir.getFileName().toString();
            final List<Path> cgroups = new ArrayList<>(PeerCgroups.dirs(name));
            for (final String c : PodmanConfig.storedContainers(dir))
            {
                cgroups.addAll(PeerCgroups.dirs("libpod_parent/libpod-" + c));
            }
            PeerCgroups.killAll(cgroups, Duration.ofSeconds(10), problems);
            PeerCgroups.remove(cgroups, problems);
            PeerFiles.removeDir(dir, problems);
        }
        for (final Path dir : stale(Path.of("/dev/shm")))
        {
            for (final long pid : PeerProcesses.pidsWithArgumentContaining(dir.toString()))
            {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            PeerFiles.removeDir(dir, problems);
        }
        return problems;
    }

    /** Entries of {@code base} named like a peer whose JVM pid does not exist. */
    static List<Path> stale(final Path base)
    {
        try (Stream<Path> s = Files.list(base))
        {
            return s.filter(p ->
            {
                final Matcher m = NAME.matcher(p.getFileName().toString());
                return m.matches() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty();
            }).toList();
        }
        catch (final IOException e)
        {
            return List.of();
        }
    }
}
