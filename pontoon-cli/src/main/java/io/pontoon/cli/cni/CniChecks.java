// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Syntax checks for the values a runtime hands us, written out by hand (no regex, no DNS) so the
 * plugin loads few classes. Each returns false/-1 instead of throwing.
 */
final class CniChecks
{
    private CniChecks()
    {
    }

    /** A container ID or network name: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}. */
    static boolean isName(final String s)
    {
        if (s == null || s.isEmpty() || !alnum(s.charAt(0)))
        {
            return false;
        }
        for (int i = 1; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (!alnum(c) && c != '_' && c != '.' && c != '-')
            {
                return false;
            }
        }
        return true;
    }

    /** Why {@code s} is not a valid interface name (the kernel's rules), or null when it is. */
    static String ifNameProblem(final String s)
    {
        if (s.isEmpty())
        {
            return "is empty";
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > 15)
        {
            return "is longer than 15 bytes";
        }
        if (s.equals(".") || s.equals(".."))
        {
            return "may not be '.' or '..'";
        }
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c))
            {
                return "may not contain '/', ':' or whitespace";
            }
        }
        return null;
    }

    /** A literal IPv4 (dotted quad) or IPv6 address; never resolves names. */
    static boolean isIp(final String s)
    {
        return ipVersion(s) > 0;
    }

    /** 4 or 6 for a literal address, else -1. */
    static int ipVersion(final String s)
    {
        if (s == null || s.isEmpty())
        {
            return -1;
        }
        if (s.indexOf(':') < 0)
        {
            return isIpv4(s) ? 4 : -1;
        }
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.'))
            {
                return -1;
            }
        }
        try
        {
            InetAddress.ofLiteral(s);
            return 6;
        }
        catch (final IllegalArgumentException e)
        {
            return -1;
        }
    }

    /** An address with a prefix length, {@code 10.1.2.3/24} or {@code 2001:db8::5/64}. */
    static boolean isCidr(final String s)
    {
        return cidrVersion(s) > 0;
    }

    /** 4 or 6 for a valid CIDR, else -1. */
    static int cidrVersion(final String s)
    {
        final int slash = s == null ? -1 : s.indexOf('/');
        if (slash < 0)
        {
            return -1;
        }
        final int v = ipVersion(s.substring(0, slash));
        final int len = number(s.substring(slash + 1), 128);
        if (v < 0 || len < 0 || (v == 4 && len > 32))
        {
            return -1;
        }
        return v;
    }

    /** An address with or without prefix (the {@code ips} capability accepts both). */
    static boolean isIpOrCidr(final String s)
    {
        return s != null && (s.indexOf('/') >= 0 ? isCidr(s) : isIp(s));
    }

    /** A unicast Ethernet MAC in colon form, {@code c2:11:22:33:44:55}. */
    static boolean isUnicastMac(final String s)
    {
        if (s == null || s.length() != 17)
        {
            return false;
        }
        for (int i = 0; i < 17; i++)
        {
            final char c = s.charAt(i);
            if (i % 3 == 2 ? c != ':' : Character.digit(c, 16) < 0)
            {
                return false;
            }
        }
        return (Character.digit(s.charAt(1), 16) & 1) == 0;
    }

    /** A version {@code MAJOR.MINOR.PATCH} of digits. */
    static boolean isSemver(final String s)
    {
        if (s == null)
        {
            return false;
        }
        final String[] p = s.split("\\.", -1);
        if (p.length != 3)
        {
            return false;
        }
        for (final String x : p)
        {
            if (number(x, Integer.MAX_VALUE) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /** Compares two {@link #isSemver} versions numerically. */
    static int compareVersions(final String a, final String b)
    {
        final String[] x = a.split("\\.");
        final String[] y = b.split("\\.");
        for (int i = 0; i < 3; i++)
        {
            final int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }

    /** A decimal number 0..max without sign or leading zeros, or -1. */
    private static int number(final String s, final int max)
    {
        if (s.isEmpty() || s.length() > 10 || (s.length() > 1 && s.charAt(0) == '0'))
        {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > max ? -1 : (int) v;
    }

    private static boolean isIpv4(final String s)
    {
        final String[] p = s.split("\\.", -1);
        if (p.length != 4)
        {
            return false;
        }
        for (final String x : p)
        {
            if (x.length() > 3 || number(x, 255) < 0)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean alnum(final char c)
    {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
