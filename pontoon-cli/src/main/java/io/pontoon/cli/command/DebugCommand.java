// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.List;
import java.util.Map;

import io.pontoon.api.ApiVersion;
import io.pontoon.api.rest.RestPaths;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;
import io.pontoon.cli.args.UsageException;

/**
 * {@code pontoon debug store [PREFIX]}: the daemon's local store, key by key ({@code GET
 * /v1/debug/store?prefix=PREFIX}), as {@code KEY VALUE} lines or {@code --format json}. Read-only;
 * keys and values are internal and may change between versions.
 */
public final class DebugCommand implements Command
{
    @Override
    public String name()
    {
        return "debug";
    }

    @Override
    public String usage()
    {
        return "store [PREFIX]";
    }

    @Override
    public String summary()
    {
        return "Show the daemon's internal state (store keys), for debugging";
    }

    @Override
    public List<Opt> options()
    {
        return List.of(Cmds.FORMAT);
    }

    @Override
    public int run(final CliContext ctx, final Parsed a, final String path) throws Exception
    {
        final List<String> p = a.positionals();
        if (p.isEmpty() || !p.get(0).equals("store") || p.size() > 2)
        {
            throw new UsageException("\"" + path + "\" requires \"store\" and at most one PREFIX.");
        }
        final boolean json = Cmds.json(a);
        final String prefix = p.size() == 2 ? p.get(1) : "";
        final Object answer = ctx.api().raw("GET", ApiVersion.API_PREFIX + "/debug/store"
            + (prefix.isEmpty() ? "" : "?prefix=" + RestPaths.encode(prefix)));
        if (json)
        {
            Cmds.printJson(ctx.out(), answer);
            return 0;
        }
        if (answer instanceof List<?> l)
        {
            for (final Object o : l)
            {
                if (o instanceof Map<?, ?> m)
                {
                    ctx.out().println(m.get("key") + " " + m.get("value"));
                }
            }
        }
        ctx.out().flush();
        return 0;
    }
}
