// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.util.Map;

import io.pontoon.api.json.JsonObject;

/** {@code GET /v1/version}: {@code {"Version": "0.1.0", "ApiVersion": "v1"}}. */
public record VersionView(String version, String apiVersion)
{
    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Fields.map();
        m.put("Version", version);
        m.put("ApiVersion", apiVersion);
        return m;
    }

    public static VersionView fromJson(final JsonObject o)
    {
        return new VersionView(o.requireString("Version"), o.requireString("ApiVersion"));
    }
}
