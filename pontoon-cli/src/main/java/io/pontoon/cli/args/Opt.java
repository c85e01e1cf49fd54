// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.args;

/**
 * One command-line option. {@code shortName} is 0 when there is none; {@code valueName} is null
 * for a boolean flag; a repeatable option collects every value in order (others keep the last).
 */
public record Opt(String longName, char shortName, String valueName, boolean repeatable, String help)
{
    /** The {@code --help} flag every command has. */
    public static final Opt HELP = flag("help", 'h', "Print usage");

    public static Opt flag(final String longName, final char shortName, final String help)
    {
        return new Opt(longName, shortName, null, false, help);
    }

    public static Opt value(final String longName, final char shortName, final String valueName, final String help)
    {
        return new Opt(longName, shortName, valueName, false, help);
    }

    public static Opt list(final String longName, final char shortName, final String valueName, final String help)
    {
        return new Opt(longName, shortName, valueName, true, help);
    }

    public boolean isFlag()
    {
        return valueName == null;
    }

    /** The left column of help output, e.g. {@code -p, --publish PUBLISH}. */
    public String synopsis()
    {
        final String names = (shortName != 0 ? "-" + shortName + ", " : "    ") + "--" + longName;
        return valueName == null ? names : names + " " + valueName;
    }
}
