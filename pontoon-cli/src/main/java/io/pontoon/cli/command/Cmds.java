// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.pontoon.api.json.Json;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;
import io.pontoon.cli.args.UsageException;

/** Helpers shared by the commands: argument counts, --format, JSON output, help text. */
public final class Cmds
{
    /** The {@code --format json} option of listing commands. */
    public static final Opt FORMAT = Opt.value("format", (char) 0, "FORMAT", "Output format: \"json\" (default: a table)");

    private Cmds()
    {
    }

    public static void exactly(final Parsed a, final int n, final String path) throws UsageException
    {
        if (a.positionals().size() != n)
        {
            throw new UsageException("\"" + path + "\" requires exactly " + n + " argument" + (n == 1 ? "" : "s") + ".");
        }
    }

    public static void atLeast(final Parsed a, final int n, final String path) throws UsageException
    {
        if (a.positionals().size() < n)
        {
            throw new UsageException("\"" + path + "\" requires at least " + n + " argument" + (n == 1 ? "" : "s") + ".");
        }
    }

    public static void none(final Parsed a, final String path) throws UsageException
    {
        if (!a.positionals().isEmpty())
        {
            throw new UsageException("\"" + path + "\" accepts no arguments.");
        }
    }

    /** True for {@code --format json}, false when absent; anything else is a usage error. */
    public static boolean json(final Parsed a) throws UsageException
    {
        final String f = a.value(FORMAT.longName());
        if (f == null || f.equals("table"))
        {
            return false;
        }
        if (f.equals("json"))
        {
            return true;
        }
        throw new UsageException("unsupported format '" + f + "': use --format json");
    }

    /** Prints a JSON value with two-space indentation and a final newline. */
    public static void printJson(final PrintStream out, final Object v)
    {
        out.println(Json.pretty(v));
        out.flush();
    }

    /** The help text of a command. */
    public static String help(final String path, final Command c)
    {
        final List<Opt> opts = new ArrayList<>(c.options());
        opts.add(Opt.HELP);
        final StringBuilder sb = new StringBuilder();
        sb.append("Usage:  ").append(path).append(c.usage().isEmpty() ? "" : " " + c.usage()).append("\n\n");
        sb.append(c.summary()).append("\n\nOptions:\n");
        options(sb, opts);
        return sb.toString();
    }

    static void options(final StringBuilder sb, final List<Opt> opts)
    {
        int w = 0;
        for (final Opt o : opts)
        {
            w = Math.max(w, o.synopsis().length());
        }
        for (final Opt o : opts)
        {
            sb.append("  ").append(o.synopsis()).append(" ".repeat(w - o.synopsis().length() + 3)).append(o.help())
                .append('\n');
        }
    }
}
