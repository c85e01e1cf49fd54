// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * Strict IP address literals: dotted-quad IPv4 without leading zeros, IPv6 without a zone. Never
 * resolves a host name (parsing goes through {@link InetAddress#ofLiteral}, which does no DNS).
 * {@link #format} writes the canonical text (RFC 5952 for IPv6: lowercase, longest zero run
 * compressed).
 */
public final class IpLiterals
{
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiterals()
    {
    }

    /** Parses an IPv4 or IPv6 literal; throws {@link IllegalArgumentException} naming the text. */
    public static InetAddress parse(final String text)
    {
        if (text == null || text.isEmpty())
        {
            throw new IllegalArgumentException("empty IP address");
        }
        if (text.indexOf(':') >= 0)
        {
            return parseIpv6(text);
        }
        if (!IPV4.matcher(text).matches())
        {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        try
        {
            return InetAddress.ofLiteral(text);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("'" + text + "' is not an IP address", e);
        }
    }

    /** Parses an IPv6 literal (no brackets, no zone); IPv4-mapped addresses are refused. */
    public static InetAddress parseIpv6(final String text)
    {
        if (text == null || text.indexOf(':') < 0 || !IPV6_CHARS.matcher(text).matches())
        {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        }
        final InetAddress a;
        try
        {
            a = InetAddress.ofLiteral(text);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address", e);
        }
        if (!(a instanceof Inet6Address))
        {
            throw new IllegalArgumentException("'" + text + "' is an IPv4-mapped IPv6 address; write the IPv4 address");
        }
        return a;
    }

    /** Canonical text: dotted quad for IPv4, RFC 5952 for IPv6. */
    public static String format(final InetAddress a)
    {
        if (a instanceof Inet4Address)
        {
            return a.getHostAddress();
        }
        final byte[] b = a.getAddress();
        final int[] g = new int[8];
        for (int k = 0; k < 8; k++)
        {
            g[k] = ((b[2 * k] & 0xff) << 8) | (b[2 * k + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; k++)
        {
            int len = 0;
            while (k + len < 8 && g[k + len] == 0)
            {
                len++;
            }
            if (len > bestLen)
            {
                bestStart = k;
                bestLen = len;
            }
        }
        final StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++)
        {
            if (k == bestStart)
            {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':')
            {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
}
