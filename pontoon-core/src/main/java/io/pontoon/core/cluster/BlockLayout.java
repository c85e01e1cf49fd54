// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.core.model.NetworkRecord;
import io.pontoon.kernel.net.IpPrefix;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * How a global network's address range is cut into blocks that hosts claim (Calico-style
 * affinity): a host allocates inside its own blocks without asking the cluster, and claims a new
 * block only when its blocks are full. Blocks are {@code /26} (64 addresses) for ranges of
 * {@code /22} and larger; smaller ranges get smaller blocks (down to {@code /29}) so that at least
 * 16 hosts can take part: {@code length = clamp(range + 4, 26, 29)}, never longer than the range
 * is wide. The subnet's network and broadcast addresses and the gateway are never allocated.
 */
public record BlockLayout(IpPrefix subnet, IpPrefix range, int blockLength, InetAddress gateway)
{
    public static final int LARGEST_BLOCK = 26;
    public static final int SMALLEST_BLOCK = 29;

    /** The layout of a global network. */
    public static BlockLayout of(final NetworkRecord n)
    {
        final IpPrefix range = (n.ipRange() != null ? n.ipRange() : n.subnet()).network();
        final int len = Math.max(range.length(), Math.min(SMALLEST_BLOCK, Math.max(LARGEST_BLOCK, range.length() + 4)));
        return new BlockLayout(n.subnet().network(), range, len, n.gateway() == null ? null : n.gateway().address());
    }

    /** How many blocks the range has. */
    public int count()
    {
        return 1 << (blockLength - range.length());
    }

    /** Block number {@code i} (0-based). */
    public IpPrefix block(final int i)
    {
        final BigInteger size = BigInteger.ONE.shiftLeft(range.bits() - blockLength);
        return new IpPrefix(range.addressAt(size.multiply(BigInteger.valueOf(i))), blockLength);
    }

    /** The block holding {@code a}, or null when {@code a} is outside the range. */
    public IpPrefix blockOf(final InetAddress a)
    {
        if (!range.contains(a))
        {
            return null;
        }
        return new IpPrefix(a, blockLength).network();
    }

    /** Whether {@code a} may be handed out: inside the range, not the network, broadcast or gateway address. */
    public boolean usable(final InetAddress a)
    {
        if (!range.contains(a) || a.equals(gateway))
        {
            return false;
        }
        final BigInteger off = subnet.offsetOf(a);
        final boolean edges = subnet.length() <= 30;
        return !(edges && (off.signum() == 0 || off.equals(subnet.size().subtract(BigInteger.ONE))));
    }

    /** The usable addresses of {@code block}, in order. */
    public List<InetAddress> usableIn(final IpPrefix block)
    {
        final List<InetAddress> out = new ArrayList<>();
        final long size = block.size().longValueExact();
        for (long i = 0; i < size; i++)
        {
            final InetAddress a = block.addressAt(BigInteger.valueOf(i));
            if (usable(a))
            {
                out.add(a);
            }
        }
        return out;
    }

    /** The address with the subnet's prefix length, as endpoints carry it. */
    public IpPrefix withSubnetLength(final InetAddress a)
    {
        return new IpPrefix(a, subnet.length());
    }
}
