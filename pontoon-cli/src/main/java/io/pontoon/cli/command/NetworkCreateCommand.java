// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pontoon.api.rest.NetworkCreateRequest;
import io.pontoon.api.rest.NetworkView;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;
import io.pontoon.cli.args.UsageException;

/** {@code pontoon network create [-d DRIVER] [--subnet CIDR] [--gateway IP] [--ip-range CIDR] [--internal] [-o K=V]... NAME}. */
public final class NetworkCreateCommand implements Command
{
    @Override
    public String name()
    {
        return "create";
    }

    @Override
    public String usage()
    {
        return "[OPTIONS] NAME";
    }

    @Override
    public String summary()
    {
        return "Create a network; prints its id";
    }

    @Override
    public List<Opt> options()
    {
        return List.of(
            Opt.value("driver", 'd', "DRIVER", "Driver that manages the network (default \"bridge\")"),
            Opt.value("subnet", (char) 0, "CIDR", "Subnet, e.g. 10.200.0.0/24 (default: the daemon picks one)"),
            Opt.value("gateway", (char) 0, "IP", "Gateway address inside the subnet"),
            Opt.value("ip-range", (char) 0, "CIDR", "Allocate sandbox addresses from this sub-range"),
            Opt.flag("internal", (char) 0, "Restrict external access to the network"),
            Opt.list("opt", 'o', "KEY=VALUE", "Driver option (repeatable)"));
    }

    @Override
    public int run(final CliContext ctx, final Parsed a, final String path) throws Exception
    {
        Cmds.exactly(a, 1, path);
        final NetworkCreateRequest req = new NetworkCreateRequest(a.positionals().get(0), a.value("driver"),
            a.value("subnet"), a.value("gateway"), a.value("ip-range"), a.flag("internal"), options(a.values("opt")));
        final NetworkView n = ctx.api().networkCreate(req);
        ctx.out().println(n.id());
        return 0;
    }

    static Map<String, String> options(final List<String> kvs) throws UsageException
    {
        final Map<String, String> m = new LinkedHashMap<>();
        for (final String kv : kvs)
        {
            final int eq = kv.indexOf('=');
            if (eq <= 0)
            {
                throw new UsageException("invalid option '" + kv + "': expected KEY=VALUE");
            }
            if (m.put(kv.substring(0, eq), kv.substring(eq + 1)) != null)
            {
                throw new UsageException("option '" + kv.substring(0, eq) + "' given more than once");
            }
        }
        return m;
    }
}
