// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.args;

/** A command line that cannot be run as written; the CLI prints the message, a --help hint, and exits 2. */
public final class UsageException extends Exception
{
    private static final long serialVersionUID = 1L;

    public UsageException(final String message)
    {
        super(message);
    }
}
