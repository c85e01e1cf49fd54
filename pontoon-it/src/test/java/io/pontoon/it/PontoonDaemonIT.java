// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness itself: closing a daemon that was killed still leaves no process, mount or file behind. */
@Privileged
@LabHosts(count = 1)
class PontoonDaemonIT
{
    @Test
    void closeAfterKillNineCleansUpWhatTheDeadDaemonLeft(final Lab lab) throws Exception
    {
        final PontoonDaemon d = PontoonDaemon.start(lab.host("h1"));
        final Path dir = d.socket().getParent();
        d.cliOk("network", "create", "--subnet", "10.200.110.0/24", "n1");
        d.cliOk("run", "-d", "--name", "orphan", "--network", "n1", "sleep", "3600");
        final SandboxView s = d.inspect("orphan");
        assertTrue(mounted(s.netnsPath()));
        d.kill9();
        assertTrue(ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false), "the sandbox process outlives the daemon");
        d.close();
        assertFalse(mounted(s.netnsPath()), "the sandbox namespace is unmounted");
        assertFalse(ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false), "its process is killed");
        assertFalse(Files.exists(dir), "the daemon's directory is deleted");
    }

    private static boolean mounted(final String path) throws java.io.IOException
    {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(path));
    }
}
