// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.util.List;
import java.util.Map;

import io.pontoon.api.json.JsonObject;

/**
 * A sandbox's endpoint on one network: {@code {"Network", "NetworkId", "EndpointId", "Interface",
 * "IPAddress", "Gateway", "MacAddress", "Aliases"}}. IPAddress is CIDR ("10.200.0.2/24"); Gateway a
 * bare address; both may be null (e.g. a network without IPAM).
 */
public record EndpointView(String network, String networkId, String endpointId, String iface, String ipAddress,
                           String gateway, String macAddress, List<String> aliases)
{
    public EndpointView
    {
        aliases = Fields.copy(aliases);
    }

    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Fields.map();
        m.put("Network", network);
        m.put("NetworkId", networkId);
        m.put("EndpointId", endpointId);
        m.put("Interface", iface);
        m.put("IPAddress", ipAddress);
        m.put("Gateway", gateway);
        m.put("MacAddress", macAddress);
        m.put("Aliases", aliases);
        return m;
    }

    public static EndpointView fromJson(final JsonObject o)
    {
        return new EndpointView(o.requireString("Network"), o.requireString("NetworkId"),
            o.requireString("EndpointId"), Fields.optional(o, "Interface"), Fields.optional(o, "IPAddress"),
            Fields.optional(o, "Gateway"), Fields.optional(o, "MacAddress"), o.strings("Aliases"));
    }
}
