// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pontoon.core.PontoonException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill -9: a child JVM commits in a loop and reports each acknowledged commit; we kill it
 * mid-stream (several times, at different points), reopen, and every acknowledged commit must be
 * there, with no gap in any committer's sequence.
 */
@Timeout(180)
class LocalStoreKillTest
{
    private static final int THREADS = 4;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCommitSurvivesKillDashNine() throws Exception
    {
        final int[] killAfter = {150, 1200, 3000, 1};
        final Map<String, Long> acked = new HashMap<>();
        for (int round = 0; round < killAfter.length; round++)
        {
            runAndKill("r" + round, killAfter[round], acked);
            try (LocalStore s = LocalStore.open(dir))
            {
                for (final Map.Entry<String, Long> e : acked.entrySet())
                {
                    final String base = "/crash/" + e.getKey() + "/";
                    final long last = Long.parseLong(s.get(base + "last").orElseThrow().value());
                    assertTrue(last >= e.getValue(), base + ": acknowledged " + e.getValue() + " but only " + last + " survived");
                    for (long n = 0; n <= last; n++)
                    {
                        assertEquals("v" + n, s.get(base + n).orElseThrow().value(), base + n);
                    }
                    assertFalse(s.get(base + (last + 1)).isPresent(), "nothing beyond the last complete transaction");
                }
            }
        }
    }

    private void runAndKill(final String round, final int lines, final Map<String, Long> acked) throws Exception
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(), dir.toString(), round, Integer.toString(THREADS));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        final Process child = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
        {
            assertEquals("ready", out.readLine());
            final PontoonException busy = assertThrows(PontoonException.class, () -> LocalStore.open(dir));
            assertTrue(busy.getMessage().contains("(pid " + child.pid() + ")"), busy.getMessage());
            int seen = 0;
            String line;
            while (seen < lines && (line = out.readLine()) != null)
            {
                record(line, round, acked);
                seen++;
            }
            // SIGKILL via the handle: Process.destroyForcibly() would also close our end of the pipe.
            assertTrue(child.toHandle().destroyForcibly());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            while ((line = out.readLine()) != null)
            {
                if (line.indexOf(' ') > 0 && line.length() > 2)
                {
                    record(line, round, acked);
                }
            }
        }
        finally
        {
            child.destroyForcibly();
        }
    }

    private static void record(final String line, final String round, final Map<String, Long> acked)
    {
        final String[] f = line.split(" ");
        if (f.length != 2)
        {
            return;
        }
        acked.merge(round + "/" + f[0], Long.parseLong(f[1]), Math::max);
    }
}
