// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.cni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK 25 AOT cache of {@code pontoon-cni} is built by {@code mvn package} of pontoon-cli (the
 * exec of {@code build-cni-aot} in its pom), and the launcher really starts the plugin with it.
 * Runs after that package step in the reactor; needs no privilege.
 */
class CniAotCacheTest
{
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAUNCHER = REPO.resolve("pontoon-cli/src/main/sh/pontoon-cni");
    private static final Path CACHE = REPO.resolve("pontoon-cli/target/pontoon-cni.aot");

    @TempDir
    Path dir;

    @Test
    void packageBuildsACacheNewerThanTheJarsThatTheJvmAccepts() throws Exception
    {
        assertTrue(Files.isRegularFile(CACHE), CACHE + " was not built by mvn package");
        for (final Path jar : jars())
        {
            assertTrue(Files.getLastModifiedTime(CACHE).compareTo(Files.getLastModifiedTime(jar)) > 0,
                CACHE + " is not newer than " + jar + ": the launcher would ignore it");
        }
        // AOTMode=on: the JVM exits with "Unable to use AOT cache" unless it maps this cache
        final Result r = version(Map.of("PONTOON_CNI_JAVA_OPTS", "-XX:AOTMode=on"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("\"supportedVersions\""), r.toString());
        assertFalse(r.stderr().contains("ignoring"), r.toString());
    }

    @Test
    void anUnusableCacheIsRefusedByTheJvmSoTheCheckAboveMeansSomething() throws Exception
    {
        final Path bad = dir.resolve("bad.aot");
        Files.write(bad, new byte[4096]);
        final Result r = version(Map.of("PONTOON_CNI_AOT", bad.toString(), "PONTOON_CNI_JAVA_OPTS", "-XX:AOTMode=on"));
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("AOT cache"), r.toString());
    }

    @Test
    void aCacheOlderThanAJarIsIgnoredAndThePluginStillAnswers() throws Exception
    {
        for (final Path f : jars())
        {
            Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.copy(CACHE, dir.resolve(CACHE.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        final Path api = dir.resolve(jars().get(1).getFileName());
        Files.setLastModifiedTime(api,
            FileTime.fromMillis(Files.getLastModifiedTime(CACHE).toMillis() + 60_000));
        final Result r = version(Map.of("PONTOON_CNI_LIB", dir.toString()));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("\"supportedVersions\""), r.toString());
        assertTrue(r.stderr().contains("ignoring " + dir.resolve("pontoon-cni.aot") + ", older than " + api),
            r.toString());
    }

    /** The pontoon-cli and pontoon-api jars of this build, in that order. */
    private static List<Path> jars() throws IOException
    {
        return List.of(jar("pontoon-cli"), jar("pontoon-api"));
    }

    private static Path jar(final String module) throws IOException
    {
        try (Stream<Path> s = Files.list(REPO.resolve(module).resolve("target")))
        {
            return s.filter(p -> p.getFileName().toString().matches(module + "-[0-9].*\\.jar"))
                .filter(p -> !p.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar"))
                .findFirst().orElseThrow(() -> new AssertionError(module + " jar not built"));
        }
    }

    private record Result(int exit, String stdout, String stderr)
    {
    }

    private Result version(final Map<String, String> extra) throws Exception
    {
        final ProcessBuilder pb = new ProcessBuilder("/bin/sh", LAUNCHER.toString());
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("CNI_COMMAND", "VERSION");
        // the JVM transport (the default curl transport answers VERSION without a JVM)
        pb.environment().put("PONTOON_CNI_JVM", "1");
        pb.environment().put("PONTOON_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().putAll(extra);
        final Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(err.toFile());
        final Process p = pb.start();
        p.getOutputStream().write("{\"cniVersion\": \"1.1.0\"}".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
        return new Result(p.exitValue(), out, Files.readString(err));
    }
}
