// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.util.List;

/** Stands in for io.pontoon.daemon.Main in delegation tests. */
public final class FakeDaemonMain
{
    static volatile List<String> seen;

    private FakeDaemonMain()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length > 0 && args[0].equals("--explode"))
        {
            throw new IllegalStateException("state dir /nope is not writable");
        }
        seen = List.of(args);
    }
}
