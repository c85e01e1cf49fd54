// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.List;

import io.pontoon.api.rest.RestPaths;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;

/** {@code pontoon inspect SANDBOX}: the sandbox as the daemon reports it, a JSON object. */
public final class InspectCommand implements Command
{
    @Override
    public String name()
    {
        return "inspect";
    }

    @Override
    public String usage()
    {
        return "SANDBOX";
    }

    @Override
    public String summary()
    {
        return "Show a sandbox as JSON";
    }

    @Override
    public List<Opt> options()
    {
        return List.of();
    }

    @Override
    public int run(final CliContext ctx, final Parsed a, final String path) throws Exception
    {
        Cmds.exactly(a, 1, path);
        Cmds.printJson(ctx.out(), ctx.api().raw("GET", RestPaths.sandbox(a.positionals().get(0))));
        return 0;
    }
}
