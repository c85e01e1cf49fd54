// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real launcher script, as a runtime would exec it, for VERSION (no AOT cache present). */
class LauncherScriptTest
{
    @TempDir
    Path dir;

    @Test
    void launcherAnswersVersion() throws Exception
    {
        final Path script = Path.of("src/main/sh/pontoon-cni").toAbsolutePath();
        final String cp = Path.of(CniMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            + File.pathSeparator + Path.of(Json.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString());
        final Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME");
        env.put("CNI_COMMAND", "VERSION");
        env.put("PONTOON_CNI_JVM", "1");
        env.put("PONTOON_CNI_CLASSPATH", cp);
        env.put("PONTOON_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("PONTOON_CNI_AOT", dir.resolve("absent.aot").toString());
        pb.redirectError(dir.resolve("stderr").toFile());
        final Process p = pb.start();
        p.getOutputStream().write("{\"cniVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
        assertEquals(0, p.exitValue(), out);
        final JsonObject o = Json.parseObject(out);
        assertEquals("1.0.0", o.string("cniVersion"));
        assertEquals(CniVersions.SUPPORTED, o.strings("supportedVersions"));
    }
}
