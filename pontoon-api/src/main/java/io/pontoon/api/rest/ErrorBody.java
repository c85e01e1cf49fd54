// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.util.Map;

import io.pontoon.api.json.JsonObject;

/** The body of every non-2xx answer: {@code {"message": "..."}} (lowercase key, as Docker's). */
public record ErrorBody(String message)
{
    public ErrorBody
    {
        message = message == null ? "" : message;
    }

    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Fields.map();
        m.put("message", message);
        return m;
    }

    public static ErrorBody fromJson(final JsonObject o)
    {
        return new ErrorBody(o.requireString("message"));
    }
}
