// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses options the way Docker's CLI does: {@code --name VALUE}, {@code --name=VALUE},
 * {@code -p VALUE}, {@code -pVALUE}, clustered short flags ({@code -fd}), {@code --flag=false};
 * {@code --} ends the options. Options may follow positionals unless {@code stopAtFirstPositional}
 * (then the first positional and everything after it are positionals, as for {@code run CMD ARG...}).
 */
public final class ArgParser
{
    private ArgParser()
    {
    }

    public static Parsed parse(final List<Opt> opts, final List<String> args, final boolean stopAtFirstPositional)
        throws UsageException
    {
        final Map<String, List<String>> values = new LinkedHashMap<>();
        final List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++)
        {
            final String a = args.get(i);
            if (a.equals("--"))
            {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (a.startsWith("--"))
            {
                final int eq = a.indexOf('=');
                final String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                final Opt o = byLong(opts, name);
                if (o == null)
                {
                    throw new UsageException("unknown flag: --" + name);
                }
                String v = eq < 0 ? null : a.substring(eq + 1);
                if (o.isFlag())
                {
                    v = v == null ? "true" : bool(v, "--" + name);
                }
                else if (v == null)
                {
                    if (i + 1 >= args.size())
                    {
                        throw new UsageException("flag needs an argument: --" + name);
                    }
                    v = args.get(++i);
                }
                put(values, o, v);
            }
            else if (a.startsWith("-") && a.length() > 1)
            {
                i = shorts(opts, args, i, values);
            }
            else if (stopAtFirstPositional)
            {
                positionals.addAll(args.subList(i, args.size()));
                break;
            }
            else
            {
                positionals.add(a);
            }
        }
        return new Parsed(values, positionals);
    }

    /** Parses one cluster of short options at {@code args[i]}; returns the index of the last argument used. */
    private static int shorts(final List<Opt> opts, final List<String> args, final int i,
                              final Map<String, List<String>> values) throws UsageException
    {
        final String a = args.get(i);
        for (int j = 1; j < a.length(); j++)
        {
            final char c = a.charAt(j);
            final Opt o = byShort(opts, c);
            if (o == null)
            {
                throw new UsageException("unknown shorthand flag: '" + c + "' in " + a);
            }
            if (o.isFlag())
            {
                put(values, o, "true");
                continue;
            }
            String v = a.substring(j + 1);
            if (v.startsWith("="))
            {
                v = v.substring(1);
            }
            else if (v.isEmpty())
            {
                if (i + 1 >= args.size())
                {
                    throw new UsageException("flag needs an argument: '" + c + "' in -" + c);
                }
                put(values, o, args.get(i + 1));
                return i + 1;
            }
            put(values, o, v);
            return i;
        }
        return i;
    }

    private static String bool(final String v, final String name) throws UsageException
    {
        if (v.equals("true") || v.equals("false"))
        {
            return v;
        }
        throw new UsageException("invalid argument \"" + v + "\" for \"" + name + "\" flag: expected true or false");
    }

    private static void put(final Map<String, List<String>> values, final Opt o, final String v)
    {
        final List<String> l = values.computeIfAbsent(o.longName(), k -> new ArrayList<>());
        if (!o.repeatable())
        {
            l.clear();
        }
        l.add(v);
    }

    private static Opt byLong(final List<Opt> opts, final String name)
    {
        for (final Opt o : opts)
        {
            if (o.longName().equals(name))
            {
                return o;
            }
        }
        return null;
    }

    private static Opt byShort(final List<Opt> opts, final char c)
    {
        for (final Opt o : opts)
        {
            if (o.shortName() == c)
            {
                return o;
            }
        }
        return null;
    }
}
