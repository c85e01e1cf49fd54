// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.util.List;

import io.pontoon.api.rest.SandboxView;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;
import io.pontoon.cli.args.UsageException;

/** {@code pontoon exec SANDBOX [--] CMD [ARG...]}: runs CMD in the sandbox's network namespace; exits with its code. */
public final class ExecCommand implements Command
{
    @Override
    public String name()
    {
        return "exec";
    }

    @Override
    public String usage()
    {
        return "SANDBOX [--] CMD [ARG...]";
    }

    @Override
    public String summary()
    {
        return "Run a command in an existing sandbox's network namespace";
    }

    @Override
    public List<Opt> options()
    {
        return List.of();
    }

    @Override
    public boolean stopAtFirstPositional()
    {
        return true;
    }

    @Override
    public int run(final CliContext ctx, final Parsed a, final String path) throws Exception
    {
        final List<String> p = a.positionals();
        final int from = p.size() > 1 && p.get(1).equals("--") ? 2 : 1;
        if (p.size() <= from)
        {
            throw new UsageException("\"" + path + "\" requires a sandbox and a command.");
        }
        final SandboxView s = ctx.api().sandbox(p.get(0));
        return RunCommand.foreground(ctx, s, p.subList(from, p.size()), null);
    }
}
