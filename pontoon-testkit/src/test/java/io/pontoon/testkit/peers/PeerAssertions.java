// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Commands;
import io.pontoon.testkit.Lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks that a closed peer left nothing: processes, mounts, cgroups, files, root-namespace links. */
final class PeerAssertions
{
    private PeerAssertions()
    {
    }

    /** Root-namespace link names now ({@code ip -o link show}). */
    static List<String> rootLinks()
    {
        return Commands.runOk(List.of("ip", "-o", "link", "show"), Lab.DEFAULT_TIMEOUT).stdout().lines()
            .map(l -> l.split(": ", 3)[1].split("@")[0]).sorted().toList();
    }

    static void assertRemoved(final String what, final List<Long> pids, final Path dir, final List<Path> cgroups, final List<String> rootLinksBefore)
    {
        for (final long pid : pids)
        {
            assertFalse(Commands.running(pid), what + ": process " + pid + " still runs");
        }
        assertEquals(List.of(), PeerFiles.mountsUnder(dir), what + ": mounts left below " + dir);
        assertFalse(Commands.runOk(List.of("cat", "/proc/mounts"), Lab.DEFAULT_TIMEOUT).stdout().contains(dir.toString()),
            what + ": " + dir + " still in /proc/mounts");
        assertFalse(Files.exists(dir), what + ": " + dir + " still exists");
        for (final Path c : cgroups)
        {
            assertFalse(Files.exists(c), what + ": cgroup " + c + " still exists");
        }
        final List<String> now = rootLinks();
        assertTrue(rootLinksBefore.containsAll(now), what + ": new root-namespace links " + now.stream().filter(l -> !rootLinksBefore.contains(l)).toList());
    }
}
