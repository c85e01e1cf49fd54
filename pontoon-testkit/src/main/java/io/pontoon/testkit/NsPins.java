// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Network namespaces pinned by a bind mount anywhere (what {@code NetNs.create} and
 * {@code ip netns add} leave): the {@code nsfs} mounts of {@code /proc/self/mountinfo}, and which
 * of them a live process outside this JVM's process tree still uses.
 */
final class NsPins
{
    private NsPins()
    {
    }

    /** Every {@code nsfs} mount point in this mount namespace, except under {@code excludedDirs}. */
    static List<String> snapshot(final List<Path> excludedDirs)
    {
        return pins(MountTable.read(), excludedDirs);
    }

    /** The {@code nsfs} mount points of mountinfo text, each once, except under {@code excludedDirs}. */
    static List<String> parse(final String mountinfo, final List<Path> excludedDirs)
    {
        return pins(MountTable.parse(mountinfo), excludedDirs);
    }

    private static List<String> pins(final List<MountTable.Mount> mounts, final List<Path> excludedDirs)
    {
        final Set<String> pins = new LinkedHashSet<>();
        for (final MountTable.Mount m : mounts)
        {
            if ("nsfs".equals(m.fsType()) && excludedDirs.stream().noneMatch(d -> m.mountPoint().startsWith(d)))
            {
                pins.add(m.mountPoint().toString());
            }
        }
        return List.copyOf(pins);
    }

    /** Whether any path element (a directory or the file) has a Pontoon prefix: {@code /tmp/pt-rtnl1/pt1-5-2}, {@code /tmp/pt-d-1/run/netns/ID}. */
    static boolean looksOurs(final String mountPoint)
    {
        for (final Path element : Path.of(mountPoint))
        {
            if (Leftovers.hasPrefix(element.toString()))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The pins whose namespace a live process outside this JVM and its descendants is in or holds
     * a descriptor on: another build's or a benchmark's namespace in use right now, not a
     * leftover. A pin nobody else holds, or only this JVM's tree, is kept out of the result.
     */
    static Set<String> heldElsewhere(final List<String> pins)
    {
        final Set<String> wanted = new HashSet<>();
        final List<String> inodes = new ArrayList<>();
        for (final String pin : pins)
        {
            final String ns = nsOf(Path.of(pin));
            inodes.add(ns);
            if (ns != null)
            {
                wanted.add(ns);
            }
        }
        final Set<String> held = wanted.isEmpty() ? Set.of() : heldByOthers(wanted);
        final Set<String> out = new HashSet<>();
        for (int i = 0; i < pins.size(); i++)
        {
            if (inodes.get(i) != null && held.contains(inodes.get(i)))
            {
                out.add(pins.get(i));
            }
        }
        return out;
    }

    /** "{@code net:[INODE]}" of the namespace pinned at {@code pin}, null if it is gone. */
    private static String nsOf(final Path pin)
    {
        try
        {
            return "net:[" + Files.getAttribute(pin, "unix:ino") + "]";
        }
        catch (final IOException | UnsupportedOperationException e)
        {
            return null;
        }
    }

    private static Set<String> heldByOthers(final Set<String> wanted)
    {
        final Set<Long> mine = new HashSet<>();
        mine.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(p -> mine.add(p.pid()));
        final Set<String> held = new HashSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc")))
        {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                .filter(p -> !mine.contains(Long.parseLong(p.getFileName().toString())))
                .forEach(p ->
                {
                    collect(p.resolve("ns/net"), wanted, held);
                    try (DirectoryStream<Path> fds = Files.newDirectoryStream(p.resolve("fd")))
                    {
                        fds.forEach(fd -> collect(fd, wanted, held));
                    }
                    catch (final IOException | SecurityException e)
                    {
                        // the process exited meanwhile
                    }
                });
        }
        catch (final IOException e)
        {
            throw new LabException("cannot list /proc: " + e, e);
        }
        return held;
    }

    private static void collect(final Path link, final Set<String> wanted, final Set<String> held)
    {
        try
        {
            final String target = Files.readSymbolicLink(link).toString();
            if (wanted.contains(target))
            {
                held.add(target);
            }
        }
        catch (final IOException | UnsupportedOperationException e)
        {
            // gone, or not a link
        }
    }
}
