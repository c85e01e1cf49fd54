// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@link ProcessRunner}: {@link ProcessBuilder} with inherited I/O and a shutdown hook. */
public final class SystemProcessRunner implements ProcessRunner
{
    private static final long GRACE_SECONDS = 10;

    @Override
    public int run(final List<String> argv, final Runnable onAbort) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(argv).inheritIO().start();
        // A terminal's Ctrl-C reaches the child too (same process group); give it time to finish.
        final Thread hook = new Thread(() ->
        {
            try
            {
                if (!p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS))
                {
                    p.destroy();
                    if (!p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS))
                    {
                        p.destroyForcibly();
                    }
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            if (onAbort != null)
            {
                onAbort.run();
            }
        }, "pontoon-child-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        final int code = p.waitFor();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException e)
        {
            // Shutdown already under way: the hook does the cleanup.
        }
        return code;
    }
}
