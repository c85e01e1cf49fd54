// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the daemon listens: a Unix socket, written {@code unix:///run/pontoon/pontoon.sock}.
 * Chosen from the {@code -H/--host} flag, else {@code PONTOON_HOST}, else {@link #DEFAULT_SOCKET}.
 */
public record DaemonHost(Path socket)
{
    public static final Path DEFAULT_SOCKET = Path.of("/run/pontoon/pontoon.sock");
    public static final String ENV = "PONTOON_HOST";
    private static final String SCHEME = "unix://";

    /** Parses {@code unix://PATH} (a bare absolute path is accepted too). */
    public static DaemonHost parse(final String text)
    {
        if (text == null || text.isEmpty())
        {
            throw new IllegalArgumentException("empty daemon host");
        }
        if (text.startsWith(SCHEME))
        {
            final String p = text.substring(SCHEME.length());
            if (p.isEmpty())
            {
                throw new IllegalArgumentException("invalid daemon host '" + text + "': socket path missing");
            }
            return new DaemonHost(Path.of(p));
        }
        if (text.startsWith("/"))
        {
            return new DaemonHost(Path.of(text));
        }
        throw new IllegalArgumentException("invalid daemon host '" + text + "': only unix://PATH is supported");
    }

    /** The flag's value if given, else the environment's {@code PONTOON_HOST}, else the default socket. */
    public static DaemonHost resolve(final String flag, final Map<String, String> env)
    {
        if (flag != null)
        {
            return parse(flag);
        }
        final String e = env.get(ENV);
        if (e != null && !e.isEmpty())
        {
            return parse(e);
        }
        return new DaemonHost(DEFAULT_SOCKET);
    }

    @Override
    public String toString()
    {
        return SCHEME + socket;
    }
}
