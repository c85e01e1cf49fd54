// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest
{
    @Test
    void capturesExitCodeAndBothStreams()
    {
        assertEquals(new ExecResult(4, "a\nb\n", "c\n"),
            Commands.run(List.of("sh", "-c", "echo a; echo c >&2; echo b; exit 4"), Duration.ofSeconds(10)));
    }

    @Test
    void runOkThrowsWithTheWholeOutput()
    {
        final LabException e = assertThrows(LabException.class,
            () -> Commands.runOk(List.of("sh", "-c", "echo to-out; echo to-err >&2; exit 1"), Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("exit 1") && e.getMessage().contains("to-out") && e.getMessage().contains("to-err"), e.getMessage());
    }

    @Test
    void aTimeoutKillsTheWholeTreeAndKeepsPartialOutput()
    {
        final LabException e = assertThrows(LabException.class,
            () -> Commands.run(List.of("sh", "-c", "sleep 600 & echo child $!; wait"), Duration.ofMillis(500)));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        final long child = Long.parseLong(e.getMessage().replaceAll("(?s).*child (\\d+).*", "$1"));
        Await.until("the killed child to be reaped", Duration.ofSeconds(10), () -> !Commands.running(child));
    }

    @Test
    void aBackgroundChildHoldingStdoutDoesNotBlockTheCaller()
    {
        final ExecResult r = Commands.run(List.of("sh", "-c", "sleep 600 & echo $!"), Duration.ofSeconds(10));
        final long child = Long.parseLong(r.stdout().trim());
        assertTrue(Commands.running(child));
        Commands.killTree(ProcessHandle.of(child).orElseThrow());
        Await.until("the child to be gone", Duration.ofSeconds(10), () -> !Commands.running(child));
        assertFalse(Commands.running(child));
    }
}
