// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Child processes of the CNI benchmark: a given environment and stdin, stderr appended to a log. */
final class CniProcs
{
    private CniProcs()
    {
    }

    /** Runs {@code cmd} with only PATH plus {@code env}; returns stdout, or null when it fails. */
    static String run(final List<String> cmd, final List<String> env, final String stdin, final Path log)
    {
        try
        {
            final ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            final String path = pb.environment().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            pb.environment().clear();
            pb.environment().put("PATH", path);
            for (final String kv : env == null ? List.<String>of() : env)
            {
                final int eq = kv.indexOf('=');
                pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            final Process p = pb.start();
            try (OutputStream in = p.getOutputStream())
            {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            catch (final IOException e)
            {
                // exited without reading stdin; its status says why
            }
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : null;
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot run " + cmd, e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
    }

    /** {@link #run} that throws unless the command succeeds. */
    static String ok(final List<String> cmd, final List<String> env, final String stdin, final Path log)
    {
        final String out = run(cmd, env, stdin, log);
        if (out == null)
        {
            throw new IllegalStateException("failed: " + env + " " + cmd + " (stdin " + stdin + "); see " + log);
        }
        return out;
    }
}
