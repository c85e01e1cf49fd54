// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of {@code pontoon}. {@code pontoon daemon ARGS...} is handed to
 * {@code io.pontoon.daemon.Main.main(ARGS)} when that class is on the class path (the daemon's own
 * main decides what happens next; this one does not call System.exit after it returns); every
 * other command line goes to {@link Cli}.
 */
public final class Main
{
    /** The daemon's entry point, looked up reflectively so the CLI does not depend on the daemon. */
    public static final String DAEMON_MAIN = "io.pontoon.daemon.Main";

    private Main()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length > 0 && args[0].equals("daemon"))
        {
            final int rc = daemon(DAEMON_MAIN, Arrays.copyOfRange(args, 1, args.length), System.err);
            if (rc != 0)
            {
                System.exit(rc);
            }
            return;
        }
        final int rc = new Cli(CliContext.system()).run(args);
        System.out.flush();
        System.err.flush();
        System.exit(rc);
    }

    /**
     * Calls {@code className.main(args)}; returns 0 when it returns normally, 1 (after an "Error:"
     * line) when the class is missing or its main throws.
     */
    static int daemon(final String className, final String[] args, final PrintStream err)
    {
        final Method main;
        try
        {
            main = Class.forName(className).getMethod("main", String[].class);
        }
        catch (final ClassNotFoundException | NoSuchMethodException e)
        {
            err.println("Error: the daemon is not installed in this build");
            return 1;
        }
        try
        {
            main.invoke(null, (Object) args);
            return 0;
        }
        catch (final InvocationTargetException e)
        {
            final Throwable t = e.getCause();
            err.println("Error: " + (t.getMessage() != null ? t.getMessage() : t.toString()));
            return 1;
        }
        catch (final IllegalAccessException e)
        {
            err.println("Error: cannot start the daemon: " + e.getMessage());
            return 1;
        }
    }
}
