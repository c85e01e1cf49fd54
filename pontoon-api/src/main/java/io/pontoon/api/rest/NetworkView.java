// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pontoon.api.json.JsonObject;

/**
 * A network as the daemon reports it: {@code {"Id", "Name", "Driver", "Scope", "Internal",
 * "Subnet", "Gateway", "IPRange", "Options", "Created", "Endpoints"}}. Id, Name, Driver, Scope and
 * Created are required; Subnet, Gateway and IPRange may be null.
 */
public record NetworkView(String id, String name, String driver, String scope, boolean internal, String subnet,
                          String gateway, String ipRange, Map<String, String> options, Instant created,
                          List<NetworkEndpointView> endpoints)
{
    public static final String SCOPE_LOCAL = "local";
    public static final String SCOPE_GLOBAL = "global";

    public NetworkView
    {
        options = Fields.copy(options);
        endpoints = Fields.copy(endpoints);
    }

    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Fields.map();
        m.put("Id", id);
        m.put("Name", name);
        m.put("Driver", driver);
        m.put("Scope", scope);
        m.put("Internal", internal);
        m.put("Subnet", subnet);
        m.put("Gateway", gateway);
        m.put("IPRange", ipRange);
        m.put("Options", options);
        m.put("Created", created == null ? null : created.toString());
        m.put("Endpoints", Fields.maps(endpoints, NetworkEndpointView::toJson));
        return m;
    }

    public static NetworkView fromJson(final JsonObject o)
    {
        return new NetworkView(o.requireString("Id"), o.requireString("Name"), o.requireString("Driver"),
            o.requireString("Scope"), o.bool("Internal", false), Fields.optional(o, "Subnet"),
            Fields.optional(o, "Gateway"), Fields.optional(o, "IPRange"), o.stringMap("Options"),
            Fields.instant(o, "Created"), Fields.list(o, "Endpoints", NetworkEndpointView::fromJson));
    }
}
