// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Privileged
class LabShutdownHookTest
{
    @Test
    void aJvmKilledWithSigtermRemovesItsOpenLabs() throws Exception
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), LabCrashProbe.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        List<String> names = List.of();
        try
        {
            final BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            final String line = out.readLine();
            assertNotNull(line, "the probe JVM died before building its lab");
            assertTrue(line.startsWith("namespaces "), line);
            names = List.of(line.substring("namespaces ".length()).split(" "));
            assertEquals(3, names.size());
            final List<String> before = Leftovers.snapshot().namespaces();
            assertTrue(before.containsAll(names), before.toString());
        }
        finally
        {
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not exit on SIGTERM");
        }
        final List<String> after = Leftovers.snapshot().namespaces();
        for (final String n : names)
        {
            assertFalse(after.contains(n), n + " survived the JVM's shutdown: " + after);
        }
    }
}
