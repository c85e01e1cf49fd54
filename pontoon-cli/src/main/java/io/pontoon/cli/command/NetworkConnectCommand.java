// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.List;

import io.pontoon.api.rest.ConnectRequest;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;

/** {@code pontoon network connect [--ip IP] [--alias NAME]... NETWORK SANDBOX}. */
public final class NetworkConnectCommand implements Command
{
    @Override
    public String name()
    {
        return "connect";
    }

    @Override
    public String usage()
    {
        return "[OPTIONS] NETWORK SANDBOX";
    }

    @Override
    public String summary()
    {
        return "Connect a sandbox to a network";
    }

    @Override
    public List<Opt> options()
    {
        return List.of(Opt.value("ip", (char) 0, "IP", "Address for the sandbox on this network"),
            Opt.list("alias", (char) 0, "NAME", "Network-scoped alias for the sandbox (repeatable)"));
    }

    @Override
    public int run(final CliContext ctx, final Parsed a, final String path) throws Exception
    {
        Cmds.exactly(a, 2, path);
        ctx.api().networkConnect(a.positionals().get(0),
            new ConnectRequest(a.positionals().get(1), a.value("ip"), a.values("alias")));
        return 0;
    }
}
