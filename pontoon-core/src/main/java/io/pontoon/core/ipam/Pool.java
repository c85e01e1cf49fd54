// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.ipam;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import io.pontoon.kernel.net.IpPrefix;
import java.math.BigInteger;
import java.util.Map;

/**
 * A reserved subnet. {@code ipRange} (nullable) narrows dynamic allocation; {@code gateway}
 * (nullable) is an address of the subnet with the subnet's prefix length. The id is derived from
 * the subnet ({@code 10.1.0.0-24}): pools never overlap, so it is unique.
 */
public record Pool(String id, String networkId, String networkName, IpPrefix subnet, IpPrefix ipRange, IpPrefix gateway)
{
    /** The network name of pools a container runtime requests through Pontoon's IPAM plugin. */
    public static final String RUNTIME_NETWORK = "docker";

    /** The pool's owner for messages: {@code network 'db'}, or the runtime's pool by its subnet. */
    public String owner()
    {
        return RUNTIME_NETWORK.equals(networkName) && !RUNTIME_NETWORK.equals(networkId)
            ? "pool " + subnet + " (requested by Docker through Pontoon's IPAM plugin)"
            : "network '" + networkName + "'";
    }

    /** The prefix dynamic allocation draws from. */
    public IpPrefix range()
    {
        return ipRange != null ? ipRange : subnet;
    }

    /** True for addresses no one may have: IPv4 network and broadcast (prefix <= 30), IPv6 subnet-router anycast. */
    public boolean isReserved(final BigInteger offset)
    {
        return isReserved(subnet, offset);
    }

    static boolean isReserved(final IpPrefix subnet, final BigInteger offset)
    {
        if (offset.signum() == 0)
        {
            return subnet.isIpv4() ? subnet.length() <= 30 : subnet.length() < 128;
        }
        return subnet.isIpv4() && subnet.length() <= 30 && offset.equals(subnet.size().subtract(BigInteger.ONE));
    }

    static String idFor(final IpPrefix subnet)
    {
        return subnet.toString().replace('/', '-');
    }

    public Map<String, Object> toMap()
    {
        return Json.obj("id", id, "networkId", networkId, "networkName", networkName, "subnet", subnet.toString(),
            "ipRange", ipRange == null ? null : ipRange.toString(), "gateway", gateway == null ? null : gateway.toString());
    }

    public static Pool fromMap(final JsonObject o)
    {
        final String range = o.string("ipRange");
        final String gw = o.string("gateway");
        return new Pool(o.requireString("id"), o.requireString("networkId"), o.string("networkName", o.requireString("networkId")),
            IpPrefix.parse(o.requireString("subnet")), range == null ? null : IpPrefix.parse(range), gw == null ? null : IpPrefix.parse(gw));
    }

    static Pool decode(final String key, final String value)
    {
        try
        {
            return fromMap(Json.parseObject(value));
        }
        catch (final JsonException | IllegalArgumentException e)
        {
            throw PontoonException.internal("stored address pool " + key + " is malformed: " + e.getMessage(), e);
        }
    }
}
