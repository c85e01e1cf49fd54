// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A command running in the background inside a lab host, started by {@link Lab.Host#spawn}.
 * Its stdout and stderr go to {@link #log()}. The lab kills it (and everything it started) when
 * it closes; {@link #kill()} does so earlier.
 */
public record Spawned(String host, List<String> command, Process process, Path log)
{
    public Spawned
    {
        command = List.copyOf(command);
    }

    /** Everything the process has written so far. */
    public String output()
    {
        return Commands.read(log);
    }

    public boolean alive()
    {
        return process.isAlive();
    }

    /** The process id of the command itself ({@code nsenter} execs it, so it is the same). */
    public long pid()
    {
        return process.pid();
    }

    /** Kills the process and its descendants with SIGKILL and waits up to 5 s for it to be gone. */
    public void kill()
    {
        Commands.killTree(process.toHandle());
        Commands.waitFor(process, Duration.ofSeconds(5));
    }

    @Override
    public String toString()
    {
        return host + ": " + String.join(" ", command) + " (pid " + process.pid() + ", log " + log + ")";
    }
}
