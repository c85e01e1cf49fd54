// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.ArrayList;
import java.util.List;

import io.pontoon.api.rest.RestPaths;
import io.pontoon.cli.ApiException;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;

/** {@code pontoon network inspect NAME|ID...}: a JSON array; one "Error:" line per network not found. */
public final class NetworkInspectCommand implements Command
{
    @Override
    public String name()
    {
        return "inspect";
    }

    @Override
    public String usage()
    {
        return "NAME|ID [NAME|ID...]";
    }

    @Override
    public String summary()
    {
        return "Show one or more networks as a JSON array";
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
        final List<Object> found = new ArrayList<>();
        int rc = 0;
        for (final String n : a.positionals())
        {
            try
            {
                found.add(ctx.api().raw("GET", RestPaths.network(n)));
            }
            catch (final ApiException | IllegalArgumentException e)
            {
                ctx.err().println("Error: " + e.getMessage());
                rc = 1;
            }
        }
        Cmds.printJson(ctx.out(), found);
        return rc;
    }
}
