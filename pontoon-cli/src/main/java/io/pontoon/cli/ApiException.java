// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

/** The daemon answered a request with a non-2xx status; the message is the daemon's. */
public final class ApiException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(final int status, final String message)
    {
        super(message);
        this.status = status;
    }

    public int status()
    {
        return status;
    }
}
