// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.http;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

import java.util.Map;

/**
 * One request as a route sees it: path parameters, query parameters, the raw body, and the
 * request headers (names in lower case; empty where the server does not pass them).
 */
public record HttpCall(String method, String path, Map<String, String> params, Map<String, String> query, String body,
                       Map<String, String> headers)
{
    /** A call without headers. */
    public HttpCall(final String method, final String path, final Map<String, String> params,
        final Map<String, String> query, final String body)
    {
        this(method, path, params, query, body, Map.of());
    }

    /** The header {@code name} (any case), or null. */
    public String header(final String name)
    {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String param(final String name)
    {
        return params.get(name);
    }

    /** The body as a JSON object; an empty body is an empty object. */
    public JsonObject json()
    {
        if (body == null || body.isBlank())
        {
            return JsonObject.empty();
        }
        try
        {
            return Json.parseObject(body);
        }
        catch (final JsonException e)
        {
            throw new JsonException("request body is not valid JSON: " + e.getMessage());
        }
    }

    /** The body parsed as any JSON value (object, array …); null for an empty body. */
    public Object jsonValue()
    {
        return body == null || body.isBlank() ? null : Json.parse(body);
    }

    public boolean queryFlag(final String name)
    {
        final String v = query.get(name);
        return v != null && (v.isEmpty() || v.equals("1") || v.equalsIgnoreCase("true"));
    }
}
