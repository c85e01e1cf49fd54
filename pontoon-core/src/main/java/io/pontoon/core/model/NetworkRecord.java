// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.model;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import io.pontoon.kernel.net.IpPrefix;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CNM network as stored. {@code subnet}, {@code gateway} (an address with the subnet's prefix
 * length), {@code ipRange} and {@code poolId} (the IPAM pool) are null for networks without
 * addresses ({@code host}, {@code none}). {@code bridgeName} is the bridge driver's Linux bridge,
 * null for other drivers. Options and labels are kept sorted, so equal records encode equally.
 */
public record NetworkRecord(String id, String name, String driver, String scope, boolean internal, IpPrefix subnet,
    IpPrefix gateway, IpPrefix ipRange, String poolId, Map<String, String> options, Map<String, String> labels,
    Instant created, String bridgeName)
{
    public static final String SCOPE_LOCAL = "local";
    public static final String SCOPE_GLOBAL = "global";

    public NetworkRecord
    {
        Ids.checkId("network", id);
        Ids.checkName("network", name);
        if (driver == null || driver.isEmpty())
        {
            throw PontoonException.invalid("network '%s' needs a driver", name);
        }
        if (!SCOPE_LOCAL.equals(scope) && !SCOPE_GLOBAL.equals(scope))
        {
            throw PontoonException.invalid("invalid scope '%s' for network '%s': use local or global", scope, name);
        }
        if (created == null)
        {
            throw PontoonException.invalid("network '%s' needs a creation time", name);
        }
        if (subnet != null && gateway != null && !subnet.contains(gateway.address()))
        {
            throw PontoonException.invalid("gateway %s of network '%s' is not inside subnet %s", gateway, name, subnet);
        }
        options = sorted(options);
        labels = sorted(labels);
    }

    static Map<String, String> sorted(final Map<String, String> m)
    {
        return m == null || m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(m));
    }

    public Map<String, Object> toMap()
    {
        return Json.obj("id", id, "name", name, "driver", driver, "scope", scope, "internal", internal,
            "subnet", JsonFields.text(subnet), "gateway", JsonFields.text(gateway), "ipRange", JsonFields.text(ipRange),
            "poolId", poolId, "options", options, "labels", labels, "created", created.toString(), "bridgeName", bridgeName);
    }

    public String toJson()
    {
        return Json.write(toMap());
    }

    public static NetworkRecord fromMap(final JsonObject o)
    {
        return new NetworkRecord(o.requireString("id"), o.requireString("name"), o.requireString("driver"),
            o.string("scope", SCOPE_LOCAL), o.bool("internal", false), JsonFields.prefix(o, "subnet"),
            JsonFields.prefix(o, "gateway"), JsonFields.prefix(o, "ipRange"), o.string("poolId"), o.stringMap("options"),
            o.stringMap("labels"), JsonFields.instant(o, "created"), o.string("bridgeName"));
    }

    /** Parses the stored form; a malformed record is an INTERNAL error. */
    public static NetworkRecord fromJson(final String json)
    {
        return JsonFields.decode("network", json, NetworkRecord::fromMap);
    }
}
