// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.ipam;

import io.pontoon.core.PontoonException;
import io.pontoon.kernel.net.IpPrefix;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/** Validates a {@link PoolRequest} against the existing pools and turns it into a {@link Pool}. */
final class PoolPlanner
{
    private PoolPlanner()
    {
    }

    static Pool plan(final PoolRequest req, final List<Pool> existing, final List<AddressPool> defaults)
    {
        final IpPrefix subnet = req.subnet() != null ? explicitSubnet(req, existing) : chooseSubnet(req, existing, defaults);
        if (req.ipRange() != null)
        {
            checkRange(req.ipRange(), subnet);
        }
        IpPrefix gateway = null;
        if (req.gateway() != null || req.reserveGateway())
        {
            final InetAddress gw = req.gateway() != null ? req.gateway() : firstUsable(subnet);
            checkInSubnet("gateway", gw, subnet);
            gateway = new IpPrefix(gw, subnet.length());
        }
        return new Pool(Pool.idFor(subnet), req.networkId(), req.networkName(), subnet, req.ipRange(), gateway);
    }

    private static IpPrefix explicitSubnet(final PoolRequest req, final List<Pool> existing)
    {
        final IpPrefix s = req.subnet();
        if (!s.address().equals(s.network().address()))
        {
            throw PontoonException.invalid("subnet %s has host bits set; did you mean %s?", s, s.network());
        }
        for (final Pool p : existing)
        {
            if (p.subnet().overlaps(s))
            {
                throw PontoonException.conflict("subnet %s overlaps %s (%s)", s, p.owner(), p.subnet());
            }
        }
        return s;
    }

    private static IpPrefix chooseSubnet(final PoolRequest req, final List<Pool> existing, final List<AddressPool> defaults)
    {
        if (req.ipRange() != null)
        {
            throw PontoonException.invalid("ip-range %s needs an explicit subnet", req.ipRange());
        }
        if (req.gateway() != null)
        {
            throw PontoonException.invalid("gateway %s needs an explicit subnet", req.gateway().getHostAddress());
        }
        for (final AddressPool ap : defaults)
        {
            for (final IpPrefix candidate : ap.subnets())
            {
                final boolean taken = existing.stream().anyMatch(p -> p.subnet().overlaps(candidate))
                    || req.avoid().stream().anyMatch(a -> a.isIpv4() == candidate.isIpv4() && a.network().overlaps(candidate));
                if (!taken)
                {
                    return candidate;
                }
            }
        }
        throw PontoonException.unavailable("no free subnet left in the default address pools (%s): every candidate overlaps an"
            + " existing network or a route of this host; give a subnet explicitly",
            defaults.stream().map(AddressPool::toString).collect(Collectors.joining(", ")));
    }

    private static void checkRange(final IpPrefix range, final IpPrefix subnet)
    {
        if (!range.address().equals(range.network().address()))
        {
            throw PontoonException.invalid("ip-range %s has host bits set; did you mean %s?", range, range.network());
        }
        if (range.isIpv4() != subnet.isIpv4() || !subnet.contains(range))
        {
            throw PontoonException.invalid("ip-range %s is not inside subnet %s", range, subnet);
        }
    }

    /** Checks that {@code a} is a usable host address of {@code subnet}. */
    static void checkInSubnet(final String what, final InetAddress a, final IpPrefix subnet)
    {
        if (!subnet.contains(a))
        {
            throw PontoonException.invalid("%s %s is not inside subnet %s", what, a.getHostAddress(), subnet);
        }
        final BigInteger offset = subnet.offsetOf(a);
        if (Pool.isReserved(subnet, offset))
        {
            throw PontoonException.invalid("%s %s is the %s address of subnet %s", what, a.getHostAddress(),
                offset.signum() == 0 ? "network" : "broadcast", subnet);
        }
    }

    /** The first address that is neither network nor broadcast (offset 1, or 0 for /31 and /32). */
    static InetAddress firstUsable(final IpPrefix subnet)
    {
        final boolean noReserved = subnet.isIpv4() ? subnet.length() >= 31 : subnet.length() == 128;
        return subnet.addressAt(noReserved ? BigInteger.ZERO : BigInteger.ONE);
    }
}
