// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import io.pontoon.kernel.net.IpPrefix;

import java.net.InetAddress;
import java.time.Instant;

/**
 * A host's registration in the cluster ({@code hosts/NAME}, bound to {@code lease}).
 *
 * @param name    the host's unique name
 * @param address its advertised underlay address (VTEP)
 * @param lease   the store lease its registration and endpoints are bound to
 * @param started when this registration was first written
 */
public record HostRecord(String name, InetAddress address, long lease, Instant started)
{
    public String toJson()
    {
        return Json.write(Json.obj("name", name, "address", address.getHostAddress(), "lease", lease, "started",
            started.toString()));
    }

    public static HostRecord fromJson(final String json)
    {
        try
        {
            final JsonObject o = Json.parseObject(json);
            return new HostRecord(o.requireString("name"), IpPrefix.Ip.parse(o.requireString("address")),
                o.integer("lease", 0), Instant.parse(o.string("started", Instant.EPOCH.toString())));
        }
        catch (final RuntimeException e)
        {
            throw PontoonException.internal("stored host record is malformed: " + e.getMessage() + ": " + json, e);
        }
    }
}
