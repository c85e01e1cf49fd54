// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MainTest
{
    @Test
    void daemonIsDelegatedToTheDaemonMainWithTheRemainingArguments()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.daemon(FakeDaemonMain.class.getName(), new String[] {"--state-dir", "/x", "--socket", "/s"}, ps));
        assertEquals(List.of("--state-dir", "/x", "--socket", "/s"), FakeDaemonMain.seen);
        assertEquals(1, Main.daemon(FakeDaemonMain.class.getName(), new String[] {"--explode"}, ps));
        assertEquals("Error: state dir /nope is not writable\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingDaemonIsReported()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, Main.daemon("io.pontoon.daemon.NoSuchMain", new String[0],
            new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("Error: the daemon is not installed in this build\n", err.toString(StandardCharsets.UTF_8));
    }
}
