// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.ipam;

import io.pontoon.kernel.net.IpPrefix;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A default address pool in Docker's sense ({@code default-address-pools}): subnets of prefix
 * length {@code size} carved out of {@code base}, e.g. base 192.168.0.0/16 with size 20 gives
 * 192.168.0.0/20, 192.168.16.0/20, … 192.168.240.0/20.
 */
public record AddressPool(IpPrefix base, int size)
{
    public AddressPool
    {
        if (!base.address().equals(base.network().address()))
        {
            throw new IllegalArgumentException("address pool base " + base + " has host bits set");
        }
        if (size < base.length() || size > base.bits())
        {
            throw new IllegalArgumentException("address pool size /" + size + " does not fit in " + base);
        }
        if (size - base.length() > 24)
        {
            throw new IllegalArgumentException("address pool " + base + " split into /" + size + " gives too many subnets");
        }
    }

    /** Docker's defaults: 172.17.0.0/16 … 172.31.0.0/16, then 192.168.0.0/16 in /20 steps. */
    public static List<AddressPool> dockerDefaults()
    {
        final List<AddressPool> out = new ArrayList<>();
        for (int b = 17; b <= 31; b++)
        {
            out.add(new AddressPool(IpPrefix.parse("172." + b + ".0.0/16"), 16));
        }
        out.add(new AddressPool(IpPrefix.parse("192.168.0.0/16"), 20));
        return List.copyOf(out);
    }

    /** The candidate subnets, in address order. */
    public List<IpPrefix> subnets()
    {
        final int count = 1 << (size - base.length());
        final BigInteger step = BigInteger.ONE.shiftLeft(base.bits() - size);
        final List<IpPrefix> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            out.add(new IpPrefix(base.addressAt(step.multiply(BigInteger.valueOf(i))), size));
        }
        return out;
    }

    @Override
    public String toString()
    {
        return base + " (/" + size + ")";
    }
}
