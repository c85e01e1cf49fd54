// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.util.Map;

import io.pontoon.api.json.JsonObject;

/**
 * {@code POST /v1/networks} body:
 * {@code {"Name", "Driver", "Subnet", "Gateway", "IPRange", "Internal", "Options"}}. Only Name is
 * required; Driver defaults to "bridge"; empty strings mean absent. Addresses are checked by the
 * daemon, not here.
 */
public record NetworkCreateRequest(String name, String driver, String subnet, String gateway, String ipRange,
                                   boolean internal, Map<String, String> options)
{
    public static final String DEFAULT_DRIVER = "bridge";

    public NetworkCreateRequest
    {
        driver = driver == null || driver.isEmpty() ? DEFAULT_DRIVER : driver;
        subnet = blankToNull(subnet);
        gateway = blankToNull(gateway);
        ipRange = blankToNull(ipRange);
        options = Fields.copy(options);
    }

    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Fields.map();
        m.put("Name", name);
        m.put("Driver", driver);
        m.put("Subnet", subnet);
        m.put("Gateway", gateway);
        m.put("IPRange", ipRange);
        m.put("Internal", internal);
        m.put("Options", options);
        return m;
    }

    public static NetworkCreateRequest fromJson(final JsonObject o)
    {
        return new NetworkCreateRequest(o.requireString("Name"), Fields.optional(o, "Driver"),
            Fields.optional(o, "Subnet"), Fields.optional(o, "Gateway"), Fields.optional(o, "IPRange"),
            o.bool("Internal", false), o.stringMap("Options"));
    }

    private static String blankToNull(final String s)
    {
        return s == null || s.isEmpty() ? null : s;
    }
}
