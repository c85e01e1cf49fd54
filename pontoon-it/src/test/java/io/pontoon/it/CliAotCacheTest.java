// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.pontoon.testkit.daemon.Launcher;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code pontoon} CLI starts with the JDK 25 AOT cache that {@code mvn package} builds
 * ({@code pontoon-cli/target/pontoon.aot}, trained by {@code CliTraining}). Needs no privilege.
 */
class CliAotCacheTest
{
    @Test
    void theLauncherStartsTheCliWithThePackagedCache() throws Exception
    {
        final Path root = Launcher.repoRoot();
        final Path cache = root.resolve("pontoon-cli/target/pontoon.aot");
        assertTrue(Files.isRegularFile(cache), cache + " was not built by mvn package");
        // AOTMode=on: the JVM refuses to start unless the launcher passed a cache it can map
        final ProcessBuilder pb = new ProcessBuilder(root.resolve("pontoon-cli/src/main/sh/pontoon").toString(), "--help");
        pb.environment().put("PONTOON_JAVA_OPTS", "-XX:AOTMode=on");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("PONTOON_CDS_ARCHIVE");
        pb.redirectErrorStream(true);
        final Process p = pb.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("network"), out);
    }
}
