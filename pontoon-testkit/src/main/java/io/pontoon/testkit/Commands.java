// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands for the lab and its peers. Output goes to temporary files rather than
 * pipes, so a command that leaves a background child holding its stdout still returns when it
 * exits. Commands run in the namespaces of the JVM; {@link Lab.Host#exec} runs them in a host.
 */
public final class Commands
{
    private static final File DEV_NULL = new File("/dev/null");

    private Commands()
    {
    }

    /** Runs {@code command} to completion; on timeout kills its whole process tree and throws. */
    public static ExecResult run(final List<String> command, final Duration timeout)
    {
        Path out = null;
        Path err = null;
        try
        {
            out = Files.createTempFile("pt-lab-out", ".txt");
            err = Files.createTempFile("pt-lab-err", ".txt");
            final Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            final boolean finished = waitFor(p, timeout);
            if (!finished)
            {
                killTree(p.toHandle());
                waitFor(p, Duration.ofSeconds(5));
                throw new LabException("timed out after " + timeout + ": " + String.join(" ", command)
                    + "\n--- stdout ---\n" + read(out) + "\n--- stderr ---\n" + read(err));
            }
            return new ExecResult(p.exitValue(), read(out), read(err));
        }
        catch (final IOException e)
        {
            throw new LabException("cannot run " + String.join(" ", command) + ": " + e, e);
        }
        finally
        {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Like {@link #run} but throws with the full output unless the command exits with 0. */
    public static ExecResult runOk(final List<String> command, final Duration timeout)
    {
        final ExecResult r = run(command, timeout);
        if (!r.ok())
        {
            throw new LabException("command failed: " + String.join(" ", command) + "\n" + r.describe());
        }
        return r;
    }

    /** Starts {@code command} in the background, stdout and stderr appended to {@code log}. */
    public static Process start(final List<String> command, final Path log)
    {
        try
        {
            Files.createDirectories(log.getParent());
            return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        }
        catch (final IOException e)
        {
            throw new LabException("cannot start " + String.join(" ", command) + ": " + e, e);
        }
    }

    /**
     * Kills a process and everything below it with SIGKILL. The descendants are listed before
     * the root dies, because once it is gone its orphans are no longer its descendants.
     */
    public static void killTree(final ProcessHandle root)
    {
        final List<ProcessHandle> below = root.descendants().toList();
        root.destroyForcibly();
        for (final ProcessHandle h : below)
        {
            h.destroyForcibly();
        }
    }

    /** Whether {@code pid} exists and is not a zombie (state Z or X in {@code /proc/PID/stat}). */
    public static boolean running(final long pid)
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
            final char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        }
        catch (final IOException | IndexOutOfBoundsException e)
        {
            return false;
        }
    }

    /** Waits up to {@code timeout} for {@code p} to exit, keeping the interrupt flag; whether it did. */
    public static boolean waitFor(final Process p, final Duration timeout)
    {
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (final InterruptedException e)
                {
                    interrupted = true;
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The file's content as UTF-8, or a note saying why it cannot be read. */
    public static String read(final Path file)
    {
        try
        {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void deleteQuietly(final Path p)
    {
        if (p == null)
        {
            return;
        }
        try
        {
            Files.deleteIfExists(p);
        }
        catch (final IOException ignored)
        {
            // a stray temporary file is harmless
        }
    }
}
