// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.model;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import io.pontoon.kernel.net.IpPrefix;
import java.net.InetAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/** Shared JSON conversions of the model records. */
final class JsonFields
{
    private JsonFields()
    {
    }

    /** Parses a stored record; a malformed one is an INTERNAL error naming the record kind. */
    static <T> T decode(final String what, final String json, final Function<JsonObject, T> fromMap)
    {
        try
        {
            return fromMap.apply(Json.parseObject(json));
        }
        catch (final JsonException | IllegalArgumentException | DateTimeParseException | PontoonException e)
        {
            throw PontoonException.internal("stored " + what + " record is malformed: " + e.getMessage(), e);
        }
    }

    static String text(final IpPrefix p)
    {
        return p == null ? null : p.toString();
    }

    static String text(final InetAddress a)
    {
        return a == null ? null : a.getHostAddress();
    }

    static IpPrefix prefix(final JsonObject o, final String key)
    {
        final String s = o.string(key);
        return s == null ? null : IpPrefix.parse(s);
    }

    static InetAddress address(final JsonObject o, final String key)
    {
        final String s = o.string(key);
        return s == null ? null : IpPrefix.Ip.parse(s);
    }

    static Instant instant(final JsonObject o, final String key)
    {
        return Instant.parse(o.requireString(key));
    }

    static int port(final JsonObject o, final String key)
    {
        final long v = o.integer(key, 0);
        if (v < 0 || v > 65535)
        {
            throw new JsonException("field '" + key + "' must be a port number");
        }
        return (int) v;
    }
}
