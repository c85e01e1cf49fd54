// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Commands;
import io.pontoon.testkit.LabException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cgroups of one peer, found by name in every hierarchy. A peer's daemons run in the cgroup2
 * group {@code JVMPATH/NAME} (the "tracking" group; everything they start inherits it), and
 * Docker puts containers under {@code --cgroup-parent NAME}, which runc resolves to
 * {@code JVMPATH/NAME} in every v1 hierarchy too. So "every process of the peer" is every
 * process listed below {@code NAME} in any hierarchy, and removing the peer ends with
 * {@code rmdir} of those directories, deepest first.
 */
final class PeerCgroups
{
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final Path SELF_CGROUP = Path.of("/proc/self/cgroup");

    private PeerCgroups()
    {
    }

    /**
     * Creates the tracking group {@code JVMPATH/NAME} in the cgroup2 hierarchy and returns its
     * directory. Equals {@code mkdir /sys/fs/cgroup[/unified]/JVMPATH/NAME}.
     */
    static Path createTracking(final String name)
    {
        final Path dir = trackingDir(name);
        try
        {
            Files.createDirectory(dir);
            return dir;
        }
        catch (final IOException e)
        {
            throw new LabException("cannot create cgroup " + dir + ": " + e, e);
        }
    }

    /** {@code JVMPATH/NAME} in the cgroup2 hierarchy, whether or not it exists. */
    static Path trackingDir(final String name)
    {
        return dirs(name).stream().filter(d -> Files.exists(d.getParent().resolve("cgroup.subtree_control")))
            .findFirst().orElseThrow(() -> new LabException("no cgroup2 hierarchy is mounted (see /proc/self/mountinfo)"));
    }

    /** {@code MOUNT/JVMPATH/NAME} for every mounted cgroup hierarchy (v1 and v2). */
    static List<Path> dirs(final String name)
    {
        final Map<String, String> own = ownPaths();
        final List<Path> out = new ArrayList<>();
        for (final String line : lines(MOUNTINFO))
        {
            final String[] halves = line.split(" - ", 2);
            if (halves.length < 2)
            {
                continue;
            }
            final String[] left = halves[0].split(" ");
            final String[] right = halves[1].split(" ");
            final String type = right[0];
            final String root = left[3];
            final Path mount = Path.of(left[4]);
            String key = null;
            if ("cgroup2".equals(type))
            {
                key = "";
            }
            else if ("cgroup".equals(type) && right.length >= 3)
            {
                key = own.keySet().stream().filter(k -> !k.isEmpty() && optionsMatch(right[2], k)).findFirst().orElse(null);
            }
            if (key != null && own.containsKey(key))
            {
                final String path = own.get(key);
                final String relative = path.startsWith(root) ? path.substring(root.length()) : path;
                out.add(mount.resolve(relative.replaceFirst("^/+", "")).resolve(name));
            }
        }
        return out;
    }

    /** Every pid listed in {@code cgroup.procs} anywhere below any of {@code dirs}. */
    static List<Long> pids(final List<Path> dirs)
    {
        final List<Long> pids = new ArrayList<>();
        for (final Path d : dirs)
        {
            for (final Path procs : walk(d).stream().map(p -> p.resolve("cgroup.procs")).filter(Files::exists).toList())
            {
                for (final String l : lines(procs))
                {
                    if (!l.isBlank() && !pids.contains(Long.parseLong(l.trim())))
                    {
                        pids.add(Long.parseLong(l.trim()));
                    }
                }
            }
        }
        return pids;
    }

    /**
     * SIGKILLs every process below {@code dirs} (cgroup2 {@code cgroup.kill} where there is one,
     * which also catches processes forking meanwhile) until none is left or {@code timeout}
     * passes; describes survivors in {@code problems}.
     */
    static void killAll(final List<Path> dirs, final Duration timeout, final List<String> problems)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> left = pids(dirs);
        while (!left.isEmpty())
        {
            for (final Path d : dirs)
            {
                final Path kill = d.resolve("cgroup.kill");
                if (Files.exists(kill))
                {
                    write(kill, "1");
                }
            }
            for (final long pid : left)
            {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (System.nanoTime() > deadline)
            {
                problems.add("processes " + left + " survived SIGKILL in cgroups " + dirs);
                return;
            }
            pause();
            left = pids(dirs).stream().filter(Commands::running).toList();
        }
    }

    /** {@code rmdir} of every directory below {@code dirs}, deepest first; failures go to {@code problems}. */
    static void remove(final List<Path> dirs, final List<String> problems)
    {
        for (final Path d : dirs)
        {
            for (final Path sub : walk(d).stream().sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList())
            {
                rmdir(sub, problems);
            }
        }
    }

    /** {@code rmdir DIR}, retried for 2 s while the kernel still counts exiting tasks (EBUSY). */
    private static void rmdir(final Path dir, final List<String> problems)
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (true)
        {
            try
            {
                Files.deleteIfExists(dir);
                return;
            }
            catch (final IOException e)
            {
                if (System.nanoTime() > deadline)
                {
                    problems.add("rmdir " + dir + ": " + e + " (pids " + pids(List.of(dir)) + ")");
                    return;
                }
                pause();
            }
        }
    }

    /** The shell line that moves the running shell into {@code tracking}: {@code echo $$ > DIR/cgroup.procs}. */
    static String joinLine(final Path tracking)
    {
        return "echo $$ > '" + tracking.resolve("cgroup.procs") + "'";
    }

    /** Controller list ({@code "cpu,cpuacct"}, {@code "name=systemd"}, {@code ""} for v2) to path, from /proc/self/cgroup. */
    private static Map<String, String> ownPaths()
    {
        final Map<String, String> m = new HashMap<>();
        for (final String line : lines(SELF_CGROUP))
        {
            final String[] f = line.split(":", 3);
            if (f.length == 3)
            {
                m.put(f[1], f[2]);
            }
        }
        return m;
    }

    private static boolean optionsMatch(final String superOptions, final String controllers)
    {
        final List<String> opts = List.of(superOptions.split(","));
        return Stream.of(controllers.split(",")).allMatch(opts::contains);
    }

    private static List<Path> walk(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir))
        {
            return s.filter(Files::isDirectory).toList();
        }
        catch (final IOException | RuntimeException e)
        {
            return List.of(dir);
        }
    }

    private static List<String> lines(final Path file)
    {
        try
        {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            return List.of();
        }
    }

    private static void write(final Path file, final String text)
    {
        try
        {
            Files.writeString(file, text);
        }
        catch (final IOException ignored)
        {
            // the group went away meanwhile; the pid loop below still kills what is listed
        }
    }

    private static void pause()
    {
        try
        {
            Thread.sleep(Duration.ofMillis(20));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
