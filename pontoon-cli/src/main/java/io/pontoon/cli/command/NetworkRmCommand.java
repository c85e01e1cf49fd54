// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.List;

import io.pontoon.cli.ApiException;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;

/** {@code pontoon network rm NAME|ID...}: prints each removed argument; one "Error:" line per failure. */
public final class NetworkRmCommand implements Command
{
    @Override
    public String name()
    {
        return "rm";
    }

    @Override
    public String usage()
    {
        return "NAME|ID [NAME|ID...]";
    }

    @Override
    public String summary()
    {
        return "Remove one or more networks";
    }

    @Override
    public List<Opt> options()
    {
        return List.of();
    }

    @Override
    public int run(final CliContext ctx, final Parsed a, final String path) throws Exception
    {
        Cmds.atLeast(a, 1, path);
        int rc = 0;
        for (final String n : a.positionals())
        {
            try
            {
                ctx.api().networkRemove(n);
                ctx.out().println(n);
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
