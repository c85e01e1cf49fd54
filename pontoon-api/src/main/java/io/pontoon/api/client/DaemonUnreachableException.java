// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.client;

import java.io.IOException;

/**
 * Connecting to the daemon's socket failed (no socket file, nobody listening, no permission, or
 * connect timed out). The message is the one line the CLI prints after "Error: ".
 */
public final class DaemonUnreachableException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final transient DaemonHost host;

    public DaemonUnreachableException(final DaemonHost host, final IOException cause)
    {
        super(message(host, cause), cause);
        this.host = host;
    }

    public DaemonHost host()
    {
        return host;
    }

    private static String message(final DaemonHost host, final IOException cause)
    {
        final String why = cause == null ? null : cause.getMessage();
        if (why != null && why.contains("Permission denied"))
        {
            return "permission denied connecting to " + host + " (the daemon socket is root-only; try sudo)";
        }
        return "cannot reach the Pontoon daemon at " + host + " (is \"pontoon daemon\" running?)";
    }
}
