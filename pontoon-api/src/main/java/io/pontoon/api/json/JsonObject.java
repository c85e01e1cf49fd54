// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed view of a JSON object for reading requests: each accessor checks the field's type and
 * throws {@link JsonException} naming the field ("field 'Subnet' must be a string").
 */
public final class JsonObject
{
    private final Map<String, Object> map;

    private JsonObject(final Map<String, Object> map)
    {
        this.map = map;
    }

    @SuppressWarnings("unchecked")
    public static JsonObject wrap(final Map<?, ?> m)
    {
        return new JsonObject((Map<String, Object>) m);
    }

    public static JsonObject empty()
    {
        return new JsonObject(new LinkedHashMap<>());
    }

    public Map<String, Object> map()
    {
        return map;
    }

    public boolean has(final String key)
    {
        return map.get(key) != null;
    }

    public Object raw(final String key)
    {
        return map.get(key);
    }

    /** A string field, or null when absent or JSON null. */
    public String string(final String key)
    {
        final Object v = map.get(key);
        if (v == null || v instanceof String)
        {
            return (String) v;
        }
        throw new JsonException("field '" + key + "' must be a string");
    }

    public String string(final String key, final String dflt)
    {
        final String v = string(key);
        return v == null ? dflt : v;
    }

    /** A string field that must be present and non-empty. */
    public String requireString(final String key)
    {
        final String v = string(key);
        if (v == null || v.isEmpty())
        {
            throw new JsonException("field '" + key + "' is required");
        }
        return v;
    }

    public long integer(final String key, final long dflt)
    {
        final Object v = map.get(key);
        if (v == null)
        {
            return dflt;
        }
        if (v instanceof Long l)
        {
            return l;
        }
        throw new JsonException("field '" + key + "' must be an integer");
    }

    public boolean bool(final String key, final boolean dflt)
    {
        final Object v = map.get(key);
        if (v == null)
        {
            return dflt;
        }
        if (v instanceof Boolean b)
        {
            return b;
        }
        throw new JsonException("field '" + key + "' must be true or false");
    }

    /** A nested object, or null when absent. */
    public JsonObject object(final String key)
    {
        final Object v = map.get(key);
        if (v == null)
        {
            return null;
        }
        if (v instanceof Map<?, ?> m)
        {
            return wrap(m);
        }
        throw new JsonException("field '" + key + "' must be an object");
    }

    /** A nested object, or an empty one when absent. */
    public JsonObject objectOrEmpty(final String key)
    {
        final JsonObject o = object(key);
        return o == null ? empty() : o;
    }

    /** An array, or an empty list when absent. */
    public List<Object> array(final String key)
    {
        final Object v = map.get(key);
        if (v == null)
        {
            return List.of();
        }
        if (v instanceof List<?> l)
        {
            return new ArrayList<>(l);
        }
        throw new JsonException("field '" + key + "' must be an array");
    }

    /** An array of objects, or an empty list when absent. */
    public List<JsonObject> objects(final String key)
    {
        final List<JsonObject> out = new ArrayList<>();
        for (final Object o : array(key))
        {
            if (!(o instanceof Map<?, ?> m))
            {
                throw new JsonException("field '" + key + "' must be an array of objects");
            }
            out.add(wrap(m));
        }
        return out;
    }

    /** An array of strings, or an empty list when absent. */
    public List<String> strings(final String key)
    {
        final List<String> out = new ArrayList<>();
        for (final Object o : array(key))
        {
            if (!(o instanceof String str))
            {
                throw new JsonException("field '" + key + "' must be an array of strings");
            }
            out.add(str);
        }
        return out;
    }

    /** A map of string to string (e.g. options, labels), or empty when absent. */
    public Map<String, String> stringMap(final String key)
    {
        final JsonObject o = object(key);
        final Map<String, String> out = new LinkedHashMap<>();
        if (o == null)
        {
            return out;
        }
        for (final Map.Entry<String, Object> e : o.map.entrySet())
        {
            if (e.getValue() instanceof String str)
            {
                out.put(e.getKey(), str);
            }
            else if (e.getValue() instanceof Boolean || e.getValue() instanceof Number)
            {
                out.put(e.getKey(), String.valueOf(e.getValue()));
            }
            else if (e.getValue() != null)
            {
                throw new JsonException("field '" + key + "." + e.getKey() + "' must be a string");
            }
        }
        return out;
    }

    @Override
    public String toString()
    {
        return Json.write(map);
    }
}
