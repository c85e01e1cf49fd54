// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.net;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address with a prefix length, e.g. {@code 10.88.0.5/16}. Parsing accepts only literals
 * (never a host name, so nothing ever triggers a DNS lookup). {@link #address()} keeps the host
 * bits as given; {@link #network()} clears them.
 */
public record IpPrefix(InetAddress address, int length)
{
    public IpPrefix
    {
        final int max = address instanceof Inet4Address ? 32 : 128;
        if (length < 0 || length > max)
        {
            throw new IllegalArgumentException("prefix length " + length + " is out of range 0-" + max);
        }
    }

    /** Parses {@code ADDR/LEN} or a bare address (a host prefix, /32 or /128). */
    public static IpPrefix parse(final String text)
    {
        if (text == null || text.isBlank())
        {
            throw new IllegalArgumentException("empty address");
        }
        final int slash = text.indexOf('/');
        final InetAddress a = Ip.parse(slash < 0 ? text : text.substring(0, slash));
        final int max = a instanceof Inet4Address ? 32 : 128;
        if (slash < 0)
        {
            return new IpPrefix(a, max);
        }
        final String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit))
        {
            throw new IllegalArgumentException("invalid prefix length in '" + text + "'");
        }
        final int l = Integer.parseInt(len);
        if (l > max)
        {
            throw new IllegalArgumentException("prefix length " + l + " is out of range 0-" + max + " in '" + text + "'");
        }
        return new IpPrefix(a, l);
    }

    /** Parses a CIDR that must name a network: host bits set is an error ("10.0.0.1/24"). */
    public static IpPrefix parseNetwork(final String text)
    {
        final IpPrefix p = parse(text);
        if (!p.address().equals(p.network().address()))
        {
            throw new IllegalArgumentException("'" + text + "' has host bits set; did you mean " + p.network() + "?");
        }
        return p;
    }

    public boolean isIpv4()
    {
        return address instanceof Inet4Address;
    }

    public int bits()
    {
        return isIpv4() ? 32 : 128;
    }

    /** The prefix with host bits cleared. */
    public IpPrefix network()
    {
        return new IpPrefix(Ip.fromBig(Ip.toBig(address).and(mask()), isIpv4()), length);
    }

    /** The highest address of the prefix (IPv4 broadcast). */
    public InetAddress last()
    {
        final BigInteger hostMask = BigInteger.ONE.shiftLeft(bits() - length).subtract(BigInteger.ONE);
        return Ip.fromBig(Ip.toBig(address).and(mask()).or(hostMask), isIpv4());
    }

    /** Number of addresses in the prefix. */
    public BigInteger size()
    {
        return BigInteger.ONE.shiftLeft(bits() - length);
    }

    private BigInteger mask()
    {
        final BigInteger all = BigInteger.ONE.shiftLeft(bits()).subtract(BigInteger.ONE);
        return all.xor(BigInteger.ONE.shiftLeft(bits() - length).subtract(BigInteger.ONE));
    }

    public boolean contains(final InetAddress a)
    {
        return a.getClass() == address.getClass() && Ip.toBig(a).and(mask()).equals(Ip.toBig(address).and(mask()));
    }

    public boolean contains(final IpPrefix other)
    {
        return other.length >= length && contains(other.address);
    }

    public boolean overlaps(final IpPrefix other)
    {
        return contains(other) || other.contains(this);
    }

    /** The address at offset {@code n} from the network address. */
    public InetAddress addressAt(final BigInteger n)
    {
        return Ip.fromBig(Ip.toBig(network().address()).add(n), isIpv4());
    }

    /** Offset of {@code a} from the network address. */
    public BigInteger offsetOf(final InetAddress a)
    {
        return Ip.toBig(a).subtract(Ip.toBig(network().address()));
    }

    /** The same address with another prefix length. */
    public IpPrefix withLength(final int newLength)
    {
        return new IpPrefix(address, newLength);
    }

    @Override
    public String toString()
    {
        return address.getHostAddress() + "/" + length;
    }

    /** Literal address parsing and integer conversions. */
    public static final class Ip
    {
        private Ip()
        {
        }

        /** Parses an IPv4 or IPv6 literal; never resolves names. */
        public static InetAddress parse(final String text)
        {
            try
            {
                return InetAddress.ofLiteral(text.trim());
            }
            catch (final IllegalArgumentException e)
            {
                throw new IllegalArgumentException("'" + text + "' is not an IP address", e);
            }
        }

        public static BigInteger toBig(final InetAddress a)
        {
            return new BigInteger(1, a.getAddress());
        }

        public static InetAddress fromBig(final BigInteger v, final boolean v4)
        {
            final int n = v4 ? 4 : 16;
            final byte[] raw = v.toByteArray();
            final byte[] out = new byte[n];
            final int copy = Math.min(raw.length, n);
            System.arraycopy(raw, raw.length - copy, out, n - copy, copy);
            try
            {
                return InetAddress.getByAddress(out);
            }
            catch (final UnknownHostException e)
            {
                throw new IllegalArgumentException(e);
            }
        }
    }
}
