// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.List;

import io.pontoon.api.rest.NetworkView;
import io.pontoon.api.rest.RestPaths;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.Formats;
import io.pontoon.cli.Table;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;

/** {@code pontoon network ls [--format json]}: NETWORK ID, NAME, DRIVER, SCOPE, SUBNET. */
public final class NetworkLsCommand implements Command
{
    @Override
    public String name()
    {
        return "ls";
    }

    @Override
    public String usage()
    {
        return "[OPTIONS]";
    }

    @Override
    public String summary()
    {
        return "List networks";
    }

    @Override
    public List<Opt> options()
    {
        return List.of(Cmds.FORMAT);
    }

    @Override
    public int run(final CliContext ctx, final Parsed a, final String path) throws Exception
    {
        Cmds.none(a, path);
        final boolean json = Cmds.json(a);
        if (json)
        {
            Cmds.printJson(ctx.out(), ctx.api().raw("GET", RestPaths.NETWORKS));
            return 0;
        }
        final Table t = new Table("NETWORK ID", "NAME", "DRIVER", "SCOPE", "SUBNET");
        for (final NetworkView n : ctx.api().networks())
        {
            t.row(Formats.shortId(n.id()), n.name(), n.driver(), n.scope(), n.subnet());
        }
        t.print(ctx.out());
        return 0;
    }
}
