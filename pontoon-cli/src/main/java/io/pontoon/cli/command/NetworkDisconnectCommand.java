// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.List;

import io.pontoon.api.rest.DisconnectRequest;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;

/** {@code pontoon network disconnect [-f] NETWORK SANDBOX}. */
public final class NetworkDisconnectCommand implements Command
{
    @Override
    public String name()
    {
        return "disconnect";
    }

    @Override
    public String usage()
    {
        return "[OPTIONS] NETWORK SANDBOX";
    }

    @Override
    public String summary()
    {
        return "Disconnect a sandbox from a network";
    }

    @Override
    public List<Opt> options()
    {
        return List.of(Opt.flag("force", 'f', "Force the sandbox to disconnect"));
    }

    @Override
    public int run(final CliContext ctx, final Parsed a, final String path) throws Exception
    {
        Cmds.exactly(a, 2, path);
        ctx.api().networkDisconnect(a.positionals().get(0), new DisconnectRequest(a.positionals().get(1), a.flag("force")));
        return 0;
    }
}
