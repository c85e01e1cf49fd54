// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.args;

import java.util.List;
import java.util.Map;

/** The result of {@link ArgParser#parse}: option values by long name, and positional arguments. */
public record Parsed(Map<String, List<String>> values, List<String> positionals)
{
    public Parsed
    {
        values = Map.copyOf(values);
        positionals = List.copyOf(positionals);
    }

    /** True when a boolean flag was given (its last value is "true"). */
    public boolean flag(final String longName)
    {
        return "true".equals(value(longName));
    }

    /** The last value of an option, or null. */
    public String value(final String longName)
    {
        final List<String> v = values.get(longName);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    /** Every value of a repeatable option, in order. */
    public List<String> values(final String longName)
    {
        return values.getOrDefault(longName, List.of());
    }
}
