// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the source tree the benchmarks run from (the scripts {@code cd} to its root). */
final class Repo
{
    private static final String LAUNCHER = "pontoon-cli/src/main/sh/pontoon";

    private Repo()
    {
    }

    /** The repository root: the first directory upwards from the working directory holding the launcher. */
    static Path root()
    {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(LAUNCHER)))
        {
            dir = dir.getParent();
        }
        if (dir == null)
        {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The {@code pontoon} launcher script (runs the packaged CLI, or the daemon with {@code daemon}). */
    static Path launcher()
    {
        return root().resolve(LAUNCHER);
    }
}
