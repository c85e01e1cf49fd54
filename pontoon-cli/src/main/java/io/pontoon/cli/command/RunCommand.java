// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.command;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pontoon.api.PortSpec;
import io.pontoon.api.rest.SandboxCreateRequest;
import io.pontoon.api.rest.SandboxView;
import io.pontoon.cli.ApiException;
import io.pontoon.cli.CliContext;
import io.pontoon.cli.args.Opt;
import io.pontoon.cli.args.Parsed;
import io.pontoon.cli.args.UsageException;

/**
 * {@code pontoon run [--name NAME] [--network NET] [-p PUBLISH]... [--ip IP] [-d] [--rm] -- CMD [ARG...]}.
 * Without {@code -d}: creates the sandbox, runs CMD in its network namespace through
 * {@code nsenter --net=NETNS -- CMD...} (directly in host mode), exits with CMD's code, and with
 * {@code --rm} deletes the sandbox afterwards. With {@code -d}: the daemon starts CMD; prints the id.
 */
public final class RunCommand implements Command
{
    @Override
    public String name()
    {
        return "run";
    }

    @Override
    public String usage()
    {
        return "[OPTIONS] [--] CMD [ARG...]";
    }

    @Override
    public String summary()
    {
        return "Create a sandbox and run a command in its network namespace";
    }

    @Override
    public List<Opt> options()
    {
        return List.of(
            Opt.value("name", (char) 0, "NAME", "Name of the sandbox (default: generated)"),
            Opt.value("network", (char) 0, "NET", "bridge (default), host, none, container:SANDBOX, or a network name"),
            Opt.list("publish", 'p', "PUBLISH", "Publish a port: [HOSTIP:][HOSTPORT[-END]:]CONTAINERPORT[-END][/tcp|/udp] (no host port: a free one is picked)"),
            Opt.value("ip", (char) 0, "IP", "Address of the sandbox on its network"),
            Opt.flag("detach", 'd', "Let the daemon run CMD in the background; print the sandbox id"),
            Opt.flag("rm", (char) 0, "Remove the sandbox when CMD exits"));
    }

    @Override
    public boolean stopAtFirstPositional()
    {
        return true;
    }

    @Override
    public int run(final CliContext ctx, final Parsed a, final String path) throws Exception
    {
        final List<String> cmd = a.positionals();
        final boolean detach = a.flag("detach");
        if (cmd.isEmpty() && !detach)
        {
            throw new UsageException("\"" + path + "\" requires a command (CMD [ARG...]); use -d to create a sandbox without one.");
        }
        final List<String> publish = a.values("publish");
        try
        {
            PortSpec.parseAll(publish);
        }
        catch (final IllegalArgumentException e)
        {
            throw new UsageException(e.getMessage());
        }
        final SandboxView s = ctx.api().sandboxCreate(new SandboxCreateRequest(a.value("name"), a.value("network"),
            a.value("ip"), publish, cmd, detach && !cmd.isEmpty(), a.flag("rm")));
        if (detach)
        {
            ctx.out().println(s.id());
            return 0;
        }
        final Runnable cleanup = a.flag("rm") ? once(() -> remove(ctx, s.id())) : null;
        try
        {
            return foreground(ctx, s, cmd, cleanup);
        }
        finally
        {
            if (cleanup != null)
            {
                cleanup.run();
            }
        }
    }

    /** Runs CMD in the sandbox's network namespace; shared with {@code exec}. */
    static int foreground(final CliContext ctx, final SandboxView s, final List<String> cmd, final Runnable onAbort)
        throws InterruptedException
    {
        final List<String> argv = argv(s, cmd);
        try
        {
            ctx.out().flush();
            return ctx.runner().run(argv, onAbort);
        }
        catch (final IOException e)
        {
            ctx.err().println("Error: cannot run " + argv.get(0) + ": " + reason(e));
            return 127;
        }
    }

    /** {@code nsenter --net=NETNS -- CMD...}, or CMD itself when the sandbox has no namespace (host mode). */
    static List<String> argv(final SandboxView s, final List<String> cmd)
    {
        if (s.netnsPath() == null)
        {
            return cmd;
        }
        final List<String> argv = new ArrayList<>(cmd.size() + 3);
        argv.add("nsenter");
        argv.add("--net=" + s.netnsPath());
        argv.add("--");
        argv.addAll(cmd);
        return argv;
    }

    private static String reason(final IOException e)
    {
        final String m = String.valueOf(e.getMessage());
        final int k = m.indexOf("error=");
        final int comma = k < 0 ? -1 : m.indexOf(", ", k);
        return comma < 0 ? m : m.substring(comma + 2);
    }

    private static void remove(final CliContext ctx, final String id)
    {
        try
        {
            ctx.api().sandboxRemove(id, true);
        }
        catch (final IOException | ApiException e)
        {
            ctx.err().println("Error: removing sandbox " + id + ": " + e.getMessage());
        }
    }

    private static Runnable once(final Runnable r)
    {
        final AtomicBoolean done = new AtomicBoolean();
        return () ->
        {
            if (done.compareAndSet(false, true))
            {
                r.run();
            }
        };
    }
}
