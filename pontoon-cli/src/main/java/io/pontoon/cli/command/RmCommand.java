// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.List;

import io.pontoon.cli.ApiException;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;

/** {@code pontoon rm [-f] SANDBOX...}: prints each removed argument; one "Error:" line per failure. */
public final class RmCommand implements Command
{
    @Override
    public String name()
    {
        return "rm";
    }

    @Override
    public String usage()
    {
        return "[OPTIONS] SANDBOX [SANDBOX...]";
    }

    @Override
    public String summary()
    {
        return "Remove one or more sandboxes";
    }

    @Override
    public List<Opt> options()
    {
        return List.of(Opt.flag("force", 'f', "Stop the sandbox's process and remove it even if others join it"));
    }

    @Override
    public int run(final CliContext ctx, final Parsed a, final String path) throws Exception
    {
        Cmds.atLeast(a, 1, path);
        int rc = 0;
        for (final String s : a.positionals())
        {
            try
            {
                ctx.api().sandboxRemove(s, a.flag("force"));
                ctx.out().println(s);
            }
            catch (final ApiException | IllegalArgumentException e)
            {
                ctx.err().println("Error: " + e.getMessage());
                rc = 1;
            }
        }
        return rc;
    }
}
