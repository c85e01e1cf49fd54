// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.model;

import io.pontoon.core.PontoonException;
import io.pontoon.kernel.net.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Docker's {@code -p} notation into {@link PortMapping}s:
 * {@code [hostIp:][hostPort[-end]:]containerPort[-end][/tcp|udp]}, with IPv6 host addresses in
 * brackets ({@code [::1]:8080:80}). Equal-sized host and container ranges pair up port by port; a
 * host range with one container port stays a range ("first free port of it"); no host port means
 * an ephemeral one.
 */
public final class PortSpec
{
    private PortSpec()
    {
    }

    public static List<PortMapping> parse(final String spec)
    {
        if (spec == null || spec.isBlank())
        {
            throw PontoonException.invalid("empty port specification");
        }
        String rest = spec.trim();
        PortMapping.Protocol proto = PortMapping.Protocol.TCP;
        final int slash = rest.lastIndexOf('/');
        if (slash >= 0)
        {
            proto = PortMapping.Protocol.parse(rest.substring(slash + 1));
            rest = rest.substring(0, slash);
        }
        InetAddress hostIp = null;
        if (rest.startsWith("["))
        {
            final int close = rest.indexOf("]:");
            if (close < 0)
            {
                throw invalid(spec, "an IPv6 host address in brackets must be followed by ':'");
            }
            hostIp = address(spec, rest.substring(1, close));
            rest = rest.substring(close + 2);
        }
        final String[] parts = rest.split(":", -1);
        final String hostPart;
        final String containerPart;
        switch (parts.length)
        {
            case 1 ->
            {
                hostPart = "";
                containerPart = parts[0];
            }
            case 2 ->
            {
                hostPart = parts[0];
                containerPart = parts[1];
            }
            case 3 ->
            {
                if (hostIp != null)
                {
                    throw invalid(spec, "too many ':'");
                }
                hostIp = address(spec, parts[0]);
                hostPart = parts[1];
                containerPart = parts[2];
            }
            default -> throw invalid(spec, "too many ':' (write IPv6 host addresses in brackets)");
        }
        return expand(spec, proto, hostIp, range(spec, hostPart, true), range(spec, containerPart, false));
    }

    private static List<PortMapping> expand(final String spec, final PortMapping.Protocol proto, final InetAddress ip,
        final int[] host, final int[] container)
    {
        final int n = container[1] - container[0] + 1;
        final int hn = host[1] - host[0] + 1;
        final List<PortMapping> out = new ArrayList<>(n);
        if (host[0] != 0 && n > 1 && hn != n)
        {
            throw invalid(spec, "host range " + host[0] + "-" + host[1] + " and container range " + container[0] + "-" + container[1]
                + " differ in size");
        }
        for (int i = 0; i < n; i++)
        {
            final int c = container[0] + i;
            if (host[0] == 0)
            {
                out.add(new PortMapping(proto, ip, 0, 0, c));
            }
            else if (n == 1)
            {
                out.add(new PortMapping(proto, ip, host[0], host[1], c));
            }
            else
            {
                out.add(new PortMapping(proto, ip, host[0] + i, host[0] + i, c));
            }
        }
        return out;
    }

    /** {@code "80"} -> [80, 80]; {@code "80-90"} -> [80, 90]; {@code ""} -> [0, 0] if allowed. */
    private static int[] range(final String spec, final String s, final boolean emptyOk)
    {
        if (s.isEmpty())
        {
            if (emptyOk)
            {
                return new int[] {0, 0};
            }
            throw invalid(spec, "no container port");
        }
        final int dash = s.indexOf('-');
        final int lo = port(spec, dash < 0 ? s : s.substring(0, dash));
        final int hi = dash < 0 ? lo : port(spec, s.substring(dash + 1));
        if (hi < lo)
        {
            throw invalid(spec, "range " + s + " ends before it starts");
        }
        return new int[] {lo, hi};
    }

    private static int port(final String spec, final String s)
    {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit))
        {
            throw invalid(spec, "'" + s + "' is not a port number");
        }
        final int p = Integer.parseInt(s);
        if (p < 1 || p > 65535)
        {
            throw invalid(spec, "port " + p + " is out of range 1-65535");
        }
        return p;
    }

    private static InetAddress address(final String spec, final String s)
    {
        try
        {
            return IpPrefix.Ip.parse(s);
        }
        catch (final IllegalArgumentException e)
        {
            throw invalid(spec, "'" + s + "' is not an IP address");
        }
    }

    private static PontoonException invalid(final String spec, final String why)
    {
        return PontoonException.invalid("invalid port specification '%s': %s", spec, why);
    }
}
