// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@code METHOD /path/{param}/...} patterns to routes. Matching is by segments; a
 * {@code {name}} segment captures one URL-decoded segment. Unknown paths are 404, a known path
 * with another method is 405.
 */
public final class Router
{
    /** A route body. Exceptions are mapped to replies by the server's error mapper. */
    @FunctionalInterface
    public interface Route
    {
        HttpReply handle(HttpCall call) throws Exception;
    }

    private record Entry(String method, String[] segments, Route route)
    {
    }

    /** The outcome of a lookup: a route with its parameters, or the status to answer. */
    public record Match(Route route, Map<String, String> params, int status)
    {
    }

    private final List<Entry> entries = new ArrayList<>();

    public Router add(final String method, final String pattern, final Route route)
    {
        entries.add(new Entry(method, split(pattern), route));
        return this;
    }

    public Match match(final String method, final String path)
    {
        final String[] segs = split(path);
        boolean pathKnown = false;
        for (final Entry e : entries)
        {
            final Map<String, String> params = matchSegments(e.segments, segs);
            if (params == null)
            {
                continue;
            }
            pathKnown = true;
            if (e.method.equals(method))
            {
                return new Match(e.route, params, 200);
            }
        }
        return new Match(null, Map.of(), pathKnown ? 405 : 404);
    }

    private static Map<String, String> matchSegments(final String[] pattern, final String[] segs)
    {
        if (pattern.length != segs.length)
        {
            return null;
        }
        final Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++)
        {
            final String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}"))
            {
                params.put(p.substring(1, p.length() - 1), URLDecoder.decode(segs[i], StandardCharsets.UTF_8));
            }
            else if (!p.equals(segs[i]))
            {
                return null;
            }
        }
        return params;
    }

    private static String[] split(final String path)
    {
        final String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty())
        {
            return new String[0];
        }
        return p.endsWith("/") ? p.substring(0, p.length() - 1).split("/", -1) : p.split("/", -1);
    }

    /** Parses a query string into a map (last value wins). */
    public static Map<String, String> parseQuery(final String query)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty())
        {
            return out;
        }
        for (final String kv : query.split("&"))
        {
            final int eq = kv.indexOf('=');
            final String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
