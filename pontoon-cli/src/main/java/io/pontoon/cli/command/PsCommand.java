// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.time.Instant;
import java.util.List;

import io.pontoon.api.rest.RestPaths;
import io.pontoon.api.rest.SandboxView;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.Formats;
import io.pontoon.cli.Table;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;

/** {@code pontoon ps [--format json]}: SANDBOX ID, NAME, NETWORK, IP, PORTS, STATUS, CREATED, COMMAND. */
public final class PsCommand implements Command
{
    @Override
    public String name()
    {
        return "ps";
    }

    @Override
    public String usage()
    {
        return "[OPTIONS]";
    }

    @Override
    public String summary()
    {
        return "List sandboxes";
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
        if (Cmds.json(a))
        {
            Cmds.printJson(ctx.out(), ctx.api().raw("GET", RestPaths.SANDBOXES));
            return 0;
        }
        final Instant now = ctx.clock().instant();
        final Table t = new Table("SANDBOX ID", "NAME", "NETWORK", "IP", "PORTS", "STATUS", "CREATED", "COMMAND");
        for (final SandboxView s : ctx.api().sandboxes())
        {
            t.row(Formats.shortId(s.id()), s.name(), Formats.networks(s), Formats.addresses(s), Formats.ports(s.ports()),
                Formats.status(s), Formats.ago(s.created(), now), Formats.command(s.command()));
        }
        t.print(ctx.out());
        return 0;
    }
}
