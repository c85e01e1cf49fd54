// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

/** What a finished command left: its exit code and everything it wrote, decoded as UTF-8. */
public record ExecResult(int exitCode, String stdout, String stderr)
{
    /** Whether the command exited with status 0. */
    public boolean ok()
    {
        return exitCode == 0;
    }

    /** Exit code, stdout and stderr laid out for an error message. */
    public String describe()
    {
        return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
