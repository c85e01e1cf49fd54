// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Commands;
import io.pontoon.testkit.Privileged;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Privileged
class StalePeersTest
{
    @Test
    void reapKillsAndRemovesPeersWhoseJvmIsGoneAndKeepsLiveOnes() throws Exception
    {
        final Process gone = new ProcessBuilder("true").start();
        assertTrue(Commands.waitFor(gone, Duration.ofSeconds(10)));
        final long deadPid = gone.pid();
        assertTrue(ProcessHandle.of(deadPid).isEmpty());

        final String dockerName = "pt-dk-" + deadPid + "n1";
        final Path dockerDir = Files.createDirectory(PeerFiles.BASE.resolve(dockerName));
        Files.writeString(dockerDir.resolve("marker"), "x");
        final Path tracking = PeerCgroups.createTracking(dockerName);
        final Process inGroup = new ProcessBuilder("sh", "-c", PeerCgroups.joinLine(tracking) + " && exec sleep 600").start();
        final Path etcdDir = Files.createDirectory(Path.of("/dev/shm", "pt-et-" + deadPid + "n1"));
        Files.writeString(etcdDir.resolve("log"), "x");
        final Process etcdLike = new ProcessBuilder("tail", "-f", etcdDir.resolve("log").toString()).start();
        final String liveName = "pt-dk-" + ProcessHandle.current().pid() + "n999999";
        final Path live = Files.createDirectory(PeerFiles.BASE.resolve(liveName));
        try
        {
            final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (PeerCgroups.pids(List.of(tracking)).isEmpty() && System.nanoTime() < deadline)
            {
                Thread.sleep(20);
            }
            assertEquals(List.of(inGroup.pid()), PeerCgroups.pids(List.of(tracking)));

            assertEquals(List.of(), StalePeers.reap());

            assertTrue(Commands.waitFor(inGroup, Duration.ofSeconds(5)), "the process in the stale cgroup survived");
            assertTrue(Commands.waitFor(etcdLike, Duration.ofSeconds(5)), "the process using the stale etcd directory survived");
            assertFalse(Files.exists(dockerDir));
            assertFalse(Files.exists(etcdDir));
            assertTrue(PeerCgroups.dirs(dockerName).stream().noneMatch(Files::exists));
            assertTrue(Files.isDirectory(live), "a directory of this (live) JVM was removed");
        }
        finally
        {
            inGroup.destroyForcibly();
            etcdLike.destroyForcibly();
            Files.deleteIfExists(live);
        }
    }
}
