// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

import io.pontoon.api.client.DaemonHost;
import io.pontoon.api.client.UdsHttpClient;

/**
 * What a command may touch: its output streams, the environment, the process runner, the clock,
 * and (created on first use) the daemon client for the chosen {@link DaemonHost}.
 */
public final class CliContext
{
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final ProcessRunner runner;
    private final Clock clock;
    private DaemonHost host;
    private ApiClient api;

    public CliContext(final PrintStream out, final PrintStream err, final Map<String, String> env,
                      final ProcessRunner runner, final Clock clock)
    {
        this.out = out;
        this.err = err;
        this.env = env;
        this.runner = runner;
        this.clock = clock;
    }

    /** The context of a real process: System streams and environment, real child processes. */
    public static CliContext system()
    {
        return new CliContext(System.out, System.err, System.getenv(), new SystemProcessRunner(), Clock.systemUTC());
    }

    public PrintStream out()
    {
        return out;
    }

    public PrintStream err()
    {
        return err;
    }

    public Map<String, String> env()
    {
        return env;
    }

    public ProcessRunner runner()
    {
        return runner;
    }

    public Clock clock()
    {
        return clock;
    }

    /** The daemon address: {@code -H} if given, else {@code PONTOON_HOST}, else the default socket. */
    public DaemonHost host()
    {
        if (host == null)
        {
            host = DaemonHost.resolve(null, env);
        }
        return host;
    }

    void host(final DaemonHost h)
    {
        host = h;
        api = null;
    }

    public ApiClient api()
    {
        if (api == null)
        {
            api = new ApiClient(new UdsHttpClient(host()));
        }
        return api;
    }
}
