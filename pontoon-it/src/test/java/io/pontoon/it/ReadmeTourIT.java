// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.Launcher;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps README.md's five-minute tour true: every command of its first {@code sh} block runs, as a
 * user would type it, in a lab host with a Pontoon daemon ({@code pontoon} on the PATH,
 * {@code PONTOON_HOST} set). A command must exit 0, unless its trailing comment starts with
 * "fails"; any other trailing comment is text its output must contain.
 */
@Privileged
@LabHosts(count = 1)
class ReadmeTourIT
{
    private static final Duration STEP = Duration.ofSeconds(60);

    @Test
    void theFiveMinuteTourWorksAsWritten(final Lab lab) throws IOException
    {
        final List<String> steps = tour(Launcher.repoRoot().resolve("README.md"));
        assertTrue(steps.size() >= 10, "tour not found or too short: " + steps);
        final Lab.Host h1 = lab.host("h1");
        final Path bin = Files.createTempDirectory("pt-tour-bin");
        try (PontoonDaemon d = PontoonDaemon.start(h1))
        {
            Files.createSymbolicLink(bin.resolve("pontoon"), d.launcher());
            final String env = "export PONTOON_HOST=" + d.hostUri() + " PATH=" + bin + ":$PATH; ";
            for (final String step : steps)
            {
                final ExecResult r = h1.exec(STEP, "sh", "-c", env + step);
                final String expect = comment(step);
                if (expect.startsWith("fails"))
                {
                    assertNotEquals(0, r.exitCode(), "the tour says this fails: " + r.describe());
                    continue;
                }
                assertEquals(0, r.exitCode(), r.describe());
                if (!expect.isEmpty())
                {
                    assertTrue(r.stdout().contains(expect), "the tour promises '" + expect + "': " + r.describe());
                }
            }
            assertFalse(d.networks().stream().anyMatch(n -> "web".equals(n.name())), "the tour removes its network");
            assertTrue(d.sandboxes().isEmpty(), "the tour removes its sandboxes: " + d.sandboxes());
        }
        finally
        {
            h1.exec(STEP, "rm", "-rf", "/tmp/pontoon-tour");
            Files.deleteIfExists(bin.resolve("pontoon"));
            Files.deleteIfExists(bin);
        }
    }

    /** The commands of the first {@code ```sh} block after "## Five-minute tour". */
    static List<String> tour(final Path readme) throws IOException
    {
        final List<String> lines = Files.readAllLines(readme);
        final List<String> steps = new ArrayList<>();
        int i = lines.indexOf("## Five-minute tour");
        if (i < 0)
        {
            return steps;
        }
        while (i < lines.size() && !lines.get(i).equals("```sh"))
        {
            i++;
        }
        for (i++; i < lines.size() && !lines.get(i).equals("```"); i++)
        {
            final String l = lines.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("#"))
            {
                steps.add(l);
            }
        }
        return steps;
    }

    /** The trailing {@code # comment} of a command, or "". */
    private static String comment(final String step)
    {
        final int hash = step.indexOf(" #");
        return hash < 0 ? "" : step.substring(hash + 2).strip();
    }
}
