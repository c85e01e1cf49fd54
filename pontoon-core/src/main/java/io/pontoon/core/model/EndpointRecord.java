// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.model;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import io.pontoon.kernel.net.IpPrefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A CNM endpoint as stored: a network attachment with its address ({@code ip}, with the subnet's
 * prefix length; null on networks without addresses), its MAC, the interface name inside the
 * sandbox ({@code eth0}) and on the host ({@code hostIfName}, the veth peer, null for drivers
 * without one), DNS aliases and published ports. {@code sandboxId} is null until it is joined.
 */
public record EndpointRecord(String id, String name, String networkId, String sandboxId, IpPrefix ip, String mac, String ifName,
    String hostIfName, List<String> aliases, List<PortMapping> ports, Instant created)
{
    public EndpointRecord
    {
        Ids.checkId("endpoint", id);
        Ids.checkName("endpoint", name);
        Ids.checkId("network", networkId);
        if (sandboxId != null)
        {
            Ids.checkId("sandbox", sandboxId);
        }
        if (mac != null && !Mac.isValid(mac))
        {
            throw PontoonException.invalid("invalid MAC address '%s' for endpoint '%s'", mac, name);
        }
        if (ifName != null && (ifName.isEmpty() || ifName.length() > 15 || ifName.contains("/") || ifName.contains(" ")))
        {
            throw PontoonException.invalid("invalid interface name '%s': at most 15 characters, no '/' or spaces", ifName);
        }
        if (created == null)
        {
            throw PontoonException.invalid("endpoint '%s' needs a creation time", name);
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** The same endpoint joined to {@code sandbox} (or left, with null). */
    public EndpointRecord withSandbox(final String sandbox)
    {
        return new EndpointRecord(id, name, networkId, sandbox, ip, mac, ifName, hostIfName, aliases, ports, created);
    }

    public Map<String, Object> toMap()
    {
        final List<Object> portList = new ArrayList<>();
        for (final PortMapping p : ports)
        {
            portList.add(p.toMap());
        }
        return Json.obj("id", id, "name", name, "networkId", networkId, "sandboxId", sandboxId, "ip", JsonFields.text(ip),
            "mac", mac, "ifName", ifName, "hostIfName", hostIfName, "aliases", aliases, "ports", portList,
            "created", created.toString());
    }

    public String toJson()
    {
        return Json.write(toMap());
    }

    public static EndpointRecord fromMap(final JsonObject o)
    {
        final List<PortMapping> ports = new ArrayList<>();
        for (final JsonObject p : o.objects("ports"))
        {
            ports.add(PortMapping.fromMap(p));
        }
        return new EndpointRecord(o.requireString("id"), o.requireString("name"), o.requireString("networkId"),
            o.string("sandboxId"), JsonFields.prefix(o, "ip"), o.string("mac"), o.string("ifName"), o.string("hostIfName"),
            o.strings("aliases"), ports, JsonFields.instant(o, "created"));
    }

    /** Parses the stored form; a malformed record is an INTERNAL error. */
    public static EndpointRecord fromJson(final String json)
    {
        return JsonFields.decode("endpoint", json, EndpointRecord::fromMap);
    }
}
