// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.IOException;
import java.util.List;

/** Runs a child command in the foreground (stdin, stdout, stderr inherited) and returns its exit code. */
public interface ProcessRunner
{
    /**
     * Runs {@code argv} and waits for it. If the JVM is stopped meanwhile (Ctrl-C, SIGTERM), the
     * implementation waits briefly for the child, stops it, and then runs {@code onAbort} (may be null).
     * A child killed by signal N reports 128+N.
     */
    int run(List<String> argv, Runnable onAbort) throws IOException, InterruptedException;
}
