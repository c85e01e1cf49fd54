// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

/** Field readers shared by the wire records; every failure names the field. */
final class Fields
{
    private Fields()
    {
    }

    /** A string, or null when absent, JSON null or empty. */
    static String optional(final JsonObject o, final String key)
    {
        final String s = o.string(key);
        return s == null || s.isEmpty() ? null : s;
    }

    /** An integer in [min, max]; {@code required} makes absence an error, else absent gives dflt. */
    static int intIn(final JsonObject o, final String key, final int min, final int max, final Integer dflt)
    {
        if (!o.has(key))
        {
            if (dflt == null)
            {
                throw new JsonException("field '" + key + "' is required");
            }
            return dflt;
        }
        final long v = o.integer(key, 0);
        if (v < min || v > max)
        {
            throw new JsonException("field '" + key + "' must be between " + min + " and " + max);
        }
        return (int) v;
    }

    /** An integer, or null when absent or JSON null. */
    static Integer nullableInt(final JsonObject o, final String key)
    {
        if (!o.has(key))
        {
            return null;
        }
        final long v = o.integer(key, 0);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)
        {
            throw new JsonException("field '" + key + "' is out of range");
        }
        return (int) v;
    }

    /** An RFC 3339 UTC timestamp ("2026-11-29T10:15:30.123Z"). */
    static Instant instant(final JsonObject o, final String key)
    {
        final String s = o.requireString(key);
        try
        {
            return Instant.parse(s);
        }
        catch (final DateTimeParseException e)
        {
            throw new JsonException("field '" + key + "' must be an RFC 3339 UTC timestamp");
        }
    }

    /** An array of objects mapped element by element; errors name {@code key[i].Field}. */
    static <T> List<T> list(final JsonObject o, final String key, final Function<JsonObject, T> f)
    {
        final List<JsonObject> items = o.objects(key);
        final List<T> out = new ArrayList<>(items.size());
        for (int k = 0; k < items.size(); k++)
        {
            try
            {
                out.add(f.apply(items.get(k)));
            }
            catch (final JsonException e)
            {
                throw new JsonException(e.getMessage().replaceFirst("field '", "field '" + key + "[" + k + "]."));
            }
        }
        return out;
    }

    /** A JSON array of toJson() maps. */
    static <T> List<Map<String, Object>> maps(final List<T> items, final Function<T, Map<String, Object>> f)
    {
        final List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (final T t : items)
        {
            out.add(f.apply(t));
        }
        return out;
    }

    static Map<String, Object> map()
    {
        return new LinkedHashMap<>();
    }

    static <T> List<T> copy(final List<T> l)
    {
        return l == null ? List.of() : List.copyOf(l);
    }

    static Map<String, String> copy(final Map<String, String> m)
    {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
