// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.util.List;
import java.util.Map;

import io.pontoon.api.json.JsonObject;

/**
 * {@code POST /v1/networks/{idOrName}/connect} body: {@code {"Sandbox", "IP", "Aliases"}}; Sandbox
 * (id, id prefix or name) is required, IP (a bare address, no prefix) optional.
 */
public record ConnectRequest(String sandbox, String ip, List<String> aliases)
{
    public ConnectRequest
    {
        ip = ip == null || ip.isEmpty() ? null : ip;
        aliases = Fields.copy(aliases);
    }

    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Fields.map();
        m.put("Sandbox", sandbox);
        m.put("IP", ip);
        m.put("Aliases", aliases);
        return m;
    }

    public static ConnectRequest fromJson(final JsonObject o)
    {
        return new ConnectRequest(o.requireString("Sandbox"), Fields.optional(o, "IP"), o.strings("Aliases"));
    }
}
