// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.LabException;

import java.util.List;

/** Cleanup goes on after a failed step: each step's failure becomes a line, thrown together at the end. */
final class Problems
{
    private Problems()
    {
    }

    /** Runs {@code step}; if it throws, adds "{@code what}: message" to {@code problems} instead. */
    static void attempt(final List<String> problems, final String what, final Runnable step)
    {
        try
        {
            step.run();
        }
        catch (final RuntimeException e)
        {
            problems.add(what + ": " + e.getMessage());
        }
    }

    /** Throws one {@link LabException} listing {@code problems}, if there are any. */
    static void throwIfAny(final Object owner, final List<String> problems)
    {
        if (!problems.isEmpty())
        {
            throw new LabException(owner + ": cleanup left things behind:\n" + String.join("\n", problems));
        }
    }
}
