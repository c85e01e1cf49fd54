// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.List;

import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;

/** One subcommand: its name, help text, options, and what it does. */
public interface Command
{
    /** The word that selects it, e.g. "create". */
    String name();

    /** The usage after the command path, e.g. "[OPTIONS] NAME". */
    String usage();

    /** One line for help listings. */
    String summary();

    /** Its options ({@code --help} is added by the dispatcher). */
    List<Opt> options();

    /** True when the first positional ends option parsing (it and the rest are a command line). */
    default boolean stopAtFirstPositional()
    {
        return false;
    }

    /**
     * Runs with parsed arguments; {@code path} is the command's full name ("pontoon network create")
     * for messages. Returns the process exit code.
     */
    int run(CliContext ctx, Parsed args, String path) throws Exception;
}
