// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real launcher script (src/main/sh/pontoon) as a child process against a fake daemon. */
class LauncherTest
{
    @TempDir
    Path dir;

    private static final Path SCRIPT = Path.of("src/main/sh/pontoon");

    private record Out(int code, String out, String err)
    {
    }

    private Out launch(final Path socket, final String... args) throws IOException, InterruptedException
    {
        final String[] argv = new String[args.length + 1];
        argv[0] = SCRIPT.toAbsolutePath().toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        final ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("PONTOON_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("PONTOON_HOST", "unix://" + socket);
        pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        final Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
        return new Out(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
            Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void launcherRunsTheCliWithItsExitCodeAndOutput() throws Exception
    {
        assertTrue(Files.isExecutable(SCRIPT), "the launcher must be executable in git");
        try (FakeDaemon d = new FakeDaemon(dir))
        {
            d.on("GET", "/v1/version", 200, "{\"Version\":\"stub\",\"ApiVersion\":\"v1\"}");
            final Out v = launch(d.socket(), "version");
            assertEquals(0, v.code(), v.err());
            assertTrue(v.out().contains("Server:\n Version:      stub\n"), v.out());
            assertEquals("", v.err());
            final Out bad = launch(d.socket(), "network", "create", "-o", "x", "n");
            assertEquals(2, bad.code());
            assertEquals("Error: invalid option 'x': expected KEY=VALUE (see 'pontoon network create --help')\n", bad.err());
        }
        final Out down = launch(dir.resolve("gone.sock"), "ps");
        assertEquals(1, down.code());
        assertEquals("Error: cannot reach the Pontoon daemon at unix://" + dir.resolve("gone.sock")
            + " (is \"pontoon daemon\" running?)\n", down.err());
        final Out noDaemon = launch(dir.resolve("gone.sock"), "daemon", "--state-dir", "/tmp/x");
        assertEquals(new Out(1, "", "Error: the daemon is not installed in this build\n"), noDaemon);
    }
}
