// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.ipam;

import io.pontoon.kernel.net.IpPrefix;
import java.net.InetAddress;
import java.util.List;

/**
 * What a network asks of {@link Ipam#requestPool}. {@code subnet} null means "choose one from the
 * default pools"; {@code ipRange} (a narrower prefix for dynamic allocation) and {@code gateway}
 * need an explicit subnet. With {@code reserveGateway} the gateway (default: the first usable
 * address) is reserved in the pool; without it no gateway is chosen (Docker's IPAM plugin
 * protocol asks for the gateway separately, as an address). {@code avoid} lists prefixes already
 * routed on the host, which automatic choice must not overlap.
 *
 * <p>{@code networkName} is only used in messages ("overlaps network 'db'").
 */
public record PoolRequest(String networkId, String networkName, IpPrefix subnet, IpPrefix ipRange, InetAddress gateway,
    boolean reserveGateway, List<IpPrefix> avoid)
{
    public PoolRequest
    {
        if (networkId == null || networkId.isEmpty())
        {
            throw new IllegalArgumentException("a pool request needs a network id");
        }
        networkName = networkName == null || networkName.isEmpty() ? networkId : networkName;
        avoid = avoid == null ? List.of() : List.copyOf(avoid);
    }

    /** A request for an automatically chosen subnet with a default gateway. */
    public static PoolRequest of(final String networkId, final String networkName)
    {
        return new PoolRequest(networkId, networkName, null, null, null, true, List.of());
    }

    public PoolRequest withSubnet(final IpPrefix s)
    {
        return new PoolRequest(networkId, networkName, s, ipRange, gateway, reserveGateway, avoid);
    }

    public PoolRequest withIpRange(final IpPrefix r)
    {
        return new PoolRequest(networkId, networkName, subnet, r, gateway, reserveGateway, avoid);
    }

    public PoolRequest withGateway(final InetAddress g)
    {
        return new PoolRequest(networkId, networkName, subnet, ipRange, g, reserveGateway, avoid);
    }

    public PoolRequest withoutGateway()
    {
        return new PoolRequest(networkId, networkName, subnet, ipRange, null, false, avoid);
    }

    public PoolRequest avoiding(final List<IpPrefix> prefixes)
    {
        return new PoolRequest(networkId, networkName, subnet, ipRange, gateway, reserveGateway, prefixes);
    }
}
