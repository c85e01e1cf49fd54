// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

/** A lab could not be built, a command in it failed or timed out, or cleanup left something. */
public final class LabException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public LabException(final String message)
    {
        super(message);
    }

    public LabException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
