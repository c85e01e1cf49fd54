// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pontoon.api.client.DaemonHost;
import io.pontoon.api.json.JsonException;
import io.pontoon.cli.args.ArgParser;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;
import io.pontoon.cli.args.UsageException;
import io.pontoon.cli.command.Cmds;
import io.pontoon.cli.command.DebugCommand;
import io.pontoon.cli.command.Command;
import io.pontoon.cli.command.ExecCommand;
import io.pontoon.cli.command.InspectCommand;
import io.pontoon.cli.command.NetworkConnectCommand;
import io.pontoon.cli.command.NetworkCreateCommand;
import io.pontoon.cli.command.NetworkDisconnectCommand;
import io.pontoon.cli.command.NetworkInspectCommand;
import io.pontoon.cli.command.NetworkLsCommand;
import io.pontoon.cli.command.NetworkRmCommand;
import io.pontoon.cli.command.PsCommand;
import io.pontoon.cli.command.RmCommand;
import io.pontoon.cli.command.RunCommand;
import io.pontoon.cli.command.VersionCommand;

/**
 * The dispatch table of {@code pontoon}: global options, then a command (or {@code network} and a
 * subcommand). Exit codes: 0 success, 1 an error (one "Error: ..." line on stderr), 2 a usage
 * error (the line plus a --help hint); {@code run} and {@code exec} exit with CMD's code.
 */
public final class Cli
{
    static final Opt HOST = Opt.value("host", 'H', "unix://PATH",
        "Daemon socket (default $PONTOON_HOST, else unix://" + DaemonHost.DEFAULT_SOCKET + ")");
    private static final String NETWORK = "network";

    private final CliContext ctx;
    private final Map<String, Command> commands = table(new RunCommand(), new ExecCommand(), new PsCommand(),
        new InspectCommand(), new RmCommand(), new VersionCommand(), new DebugCommand());
    private final Map<String, Command> networkCommands = table(new NetworkCreateCommand(), new NetworkLsCommand(),
        new NetworkInspectCommand(), new NetworkRmCommand(), new NetworkConnectCommand(), new NetworkDisconnectCommand());

    public Cli(final CliContext ctx)
    {
        this.ctx = ctx;
    }

    private static Map<String, Command> table(final Command... cs)
    {
        final Map<String, Command> m = new LinkedHashMap<>();
        for (final Command c : cs)
        {
            m.put(c.name(), c);
        }
        return m;
    }

    /** Runs one command line and returns the exit code; never calls System.exit. */
    public int run(final String... argv)
    {
        String path = "pontoon";
        try
        {
            final Parsed g = ArgParser.parse(List.of(HOST, Opt.HELP), Arrays.asList(argv), true);
            if (g.flag("help") || g.positionals().isEmpty())
            {
                ctx.out().print(topHelp());
                return 0;
            }
            if (g.value("host") != null)
            {
                try
                {
                    ctx.host(DaemonHost.parse(g.value("host")));
                }
                catch (final IllegalArgumentException e)
                {
                    throw new UsageException(e.getMessage());
                }
            }
            final String name = g.positionals().get(0);
            List<String> rest = g.positionals().subList(1, g.positionals().size());
            Command c;
            if (name.equals("daemon"))
            {
                throw new UsageException("\"pontoon daemon\" takes no global options; see 'pontoon daemon --help'.");
            }
            if (name.equals(NETWORK))
            {
                path = "pontoon network";
                final Parsed n = ArgParser.parse(List.of(Opt.HELP), rest, true);
                if (n.flag("help") || n.positionals().isEmpty())
                {
                    ctx.out().print(groupHelp());
                    return 0;
                }
                c = networkCommands.get(n.positionals().get(0));
                if (c == null)
                {
                    throw new UsageException("unknown command \"" + n.positionals().get(0) + "\" for \"pontoon network\"");
                }
                rest = n.positionals().subList(1, n.positionals().size());
            }
            else
            {
                c = commands.get(name);
                if (c == null)
                {
                    throw new UsageException("unknown command \"" + name + "\" for \"pontoon\"");
                }
            }
            path = path + " " + c.name();
            final List<Opt> opts = new ArrayList<>(c.options());
            opts.add(Opt.HELP);
            final Parsed a = ArgParser.parse(opts, rest, c.stopAtFirstPositional());
            if (a.flag("help"))
            {
                ctx.out().print(Cmds.help(path, c));
                return 0;
            }
            return c.run(ctx, a, path);
        }
        catch (final UsageException e)
        {
            // one line, like every other error (scripts read the first line of stderr)
            ctx.err().println("Error: " + e.getMessage() + " (see '" + path + " --help')");
            return 2;
        }
        catch (final JsonException e)
        {
            return error("unexpected answer from the daemon: " + e.getMessage());
        }
        catch (final ApiException | IOException | IllegalArgumentException e)
        {
            return error(e.getMessage());
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return error("interrupted");
        }
        catch (final Exception e)
        {
            return error(e.toString());
        }
    }

    private int error(final String message)
    {
        ctx.err().println("Error: " + message);
        return 1;
    }

    private String topHelp()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("Usage:  pontoon [OPTIONS] COMMAND\n\nDocker-style container networking on Linux.\n\nOptions:\n");
        sb.append("  -H, --host unix://PATH   ").append(HOST.help()).append('\n');
        sb.append("  -h, --help               Print usage\n\nCommands:\n");
        sb.append(String.format("  %-10s %s%n", "daemon", "Run the Pontoon daemon (see 'pontoon daemon --help')"));
        sb.append(String.format("  %-10s %s%n", NETWORK, "Manage networks"));
        for (final Command c : commands.values())
        {
            sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        sb.append("\nRun 'pontoon COMMAND --help' for more information on a command.\n");
        return sb.toString();
    }

    private String groupHelp()
    {
        final StringBuilder sb = new StringBuilder("Usage:  pontoon network COMMAND\n\nManage networks\n\nCommands:\n");
        for (final Command c : networkCommands.values())
        {
            sb.append(String.format("  %-11s %s%n", c.name(), c.summary()));
        }
        sb.append("\nRun 'pontoon network COMMAND --help' for more information on a command.\n");
        return sb.toString();
    }
}
