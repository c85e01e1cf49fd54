// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.List;

import io.pontoon.api.ApiVersion;
import io.pontoon.api.rest.VersionView;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;

/** {@code pontoon version}: the client's version, then the daemon's (an error when it is unreachable). */
public final class VersionCommand implements Command
{
    @Override
    public String name()
    {
        return "version";
    }

    @Override
    public String usage()
    {
        return "";
    }

    @Override
    public String summary()
    {
        return "Show the Pontoon version information";
    }

    @Override
    public List<Opt> options()
    {
        return List.of();
    }

    @Override
    public int run(final CliContext ctx, final Parsed a, final String path) throws Exception
    {
        Cmds.none(a, path);
        ctx.out().print("Client:\n Version:      " + ApiVersion.pontoonVersion() + "\n API version:  "
            + ApiVersion.API_VERSION + "\n Java:         " + Runtime.version() + "\n\n");
        ctx.out().flush();
        final VersionView v = ctx.api().version();
        ctx.out().print("Server:\n Version:      " + v.version() + "\n API version:  " + v.apiVersion() + "\n");
        return 0;
    }
}
