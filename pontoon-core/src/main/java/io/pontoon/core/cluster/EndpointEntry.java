// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;

import java.net.InetAddress;

/**
 * An address published on a global network ({@code endpoints/NET/ID}, bound to its host's
 * lease): a container endpoint ({@link #CONTAINER}) or a host's own source address
 * ({@link #HOST}, id {@code host-NAME}).
 */
public record EndpointEntry(String id, String host, String kind, IpPrefix ip, String mac, InetAddress vtep)
{
    public static final String CONTAINER = "container";
    public static final String HOST = "host";

    /** The id under which a host publishes its own address on a network. */
    public static String hostEndpointId(final String hostName)
    {
        return "host-" + hostName;
    }

    public boolean isHost()
    {
        return HOST.equals(kind);
    }

    public String toJson()
    {
        return Json.write(Json.obj("id", id, "host", host, "kind", kind, "ip", ip.toString(), "mac", mac, "vtep",
            vtep.getHostAddress()));
    }

    public static EndpointEntry fromJson(final String json)
    {
        try
        {
            final JsonObject o = Json.parseObject(json);
            return new EndpointEntry(o.requireString("id"), o.requireString("host"), o.string("kind", CONTAINER),
                IpPrefix.parse(o.requireString("ip")), o.requireString("mac"), IpPrefix.Ip.parse(o.requireString("vtep")));
        }
        catch (final RuntimeException e)
        {
            throw PontoonException.internal("stored endpoint entry is malformed: " + e.getMessage() + ": " + json, e);
        }
    }

    /** What the data plane is told. */
    public RemoteEndpoint remote()
    {
        return new RemoteEndpoint(id, host, ip.address(), MacAddress.parse(mac), vtep);
    }
}
