// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.util.List;
import java.util.Map;

import io.pontoon.api.json.JsonObject;

/**
 * An endpoint as listed in a network:
 * {@code {"Id", "Sandbox", "SandboxName", "IPAddress", "MacAddress", "Aliases"}}; IPAddress is
 * CIDR ("10.200.0.2/24") or null, MacAddress lowercase colon-separated or null.
 */
public record NetworkEndpointView(String id, String sandbox, String sandboxName, String ipAddress,
                                  String macAddress, List<String> aliases)
{
    public NetworkEndpointView
    {
        aliases = Fields.copy(aliases);
    }

    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Fields.map();
        m.put("Id", id);
        m.put("Sandbox", sandbox);
        m.put("SandboxName", sandboxName);
        m.put("IPAddress", ipAddress);
        m.put("MacAddress", macAddress);
        m.put("Aliases", aliases);
        return m;
    }

    public static NetworkEndpointView fromJson(final JsonObject o)
    {
        return new NetworkEndpointView(o.requireString("Id"), o.requireString("Sandbox"),
            Fields.optional(o, "SandboxName"), Fields.optional(o, "IPAddress"), Fields.optional(o, "MacAddress"),
            o.strings("Aliases"));
    }
}
