// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.util.Map;

import io.pontoon.api.json.JsonObject;

/** {@code POST /v1/networks/{idOrName}/disconnect} body: {@code {"Sandbox", "Force"}}; Sandbox required. */
public record DisconnectRequest(String sandbox, boolean force)
{
    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Fields.map();
        m.put("Sandbox", sandbox);
        m.put("Force", force);
        return m;
    }

    public static DisconnectRequest fromJson(final JsonObject o)
    {
        return new DisconnectRequest(o.requireString("Sandbox"), o.bool("Force", false));
    }
}
