// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import io.pontoon.api.rest.PortView;

/**
 * One parsed publish spec, Docker's {@code -p} syntax:
 * {@code [HOSTIP:][HOSTPORT[-END]:]CONTAINERPORT[-END][/tcp|/udp]}, IPv6 host addresses in
 * brackets ({@code [::1]:8080:80}). As with Docker:
 * <ul>
 * <li>no host port ({@code 80}, {@code 127.0.0.1::80}, {@code 8000-8002}) publishes each
 * container port on a free host port the daemon picks from its ephemeral range
 * ({@code hostPort} = {@code hostPortEnd} = 0);</li>
 * <li>a host range with one container port ({@code 8000-8010:80}) takes the first free port of
 * the range;</li>
 * <li>otherwise the two ranges must have the same length and pair up port by port.</li>
 * </ul>
 * Ports are 1-65535; the protocol defaults to tcp. {@code hostIp} is null when the spec names
 * none (publish on every host address).
 *
 * <p>The CLI and the daemon validate with this one parser, so both report the same message:
 * {@code invalid publish spec '80:': container port missing}.
 */
public record PortSpec(InetAddress hostIp, int hostPort, int hostPortEnd, int containerPort, int containerPortEnd,
                       String protocol)
{
    public static final String TCP = "tcp";
    public static final String UDP = "udp";

    public PortSpec
    {
        if (hostPort != 0 || hostPortEnd != 0)
        {
            checkPort(hostPort);
            checkPort(hostPortEnd);
        }
        checkPort(containerPort);
        checkPort(containerPortEnd);
        if (hostPortEnd < hostPort || containerPortEnd < containerPort)
        {
            throw new IllegalArgumentException("port range end below its start");
        }
        if (hostPort != 0 && containerPortEnd != containerPort && hostPortEnd - hostPort != containerPortEnd - containerPort)
        {
            throw new IllegalArgumentException("host and container port ranges must have equal length");
        }
        if (!TCP.equals(protocol) && !UDP.equals(protocol))
        {
            throw new IllegalArgumentException("protocol must be tcp or udp");
        }
    }

    /** Whether the daemon picks the host ports (the spec names none). */
    public boolean ephemeral()
    {
        return hostPort == 0;
    }

    /** Whether a host range serves one container port: the first free port of the range is taken. */
    public boolean hostRange()
    {
        return hostPort != 0 && containerPortEnd == containerPort && hostPortEnd > hostPort;
    }

    /** Parses one spec; {@link IllegalArgumentException} messages start "invalid publish spec 'SPEC': ". */
    public static PortSpec parse(final String spec)
    {
        if (spec == null || spec.isEmpty())
        {
            throw new IllegalArgumentException("invalid publish spec '': empty");
        }
        String rest = spec;
        String protocol = TCP;
        final int slash = rest.lastIndexOf('/');
        if (slash >= 0)
        {
            protocol = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (protocol.isEmpty())
            {
                throw bad(spec, "protocol missing after '/'");
            }
            if (!TCP.equals(protocol) && !UDP.equals(protocol))
            {
                throw bad(spec, "protocol '" + protocol + "' is not tcp or udp");
            }
        }
        InetAddress ip = null;
        if (rest.startsWith("["))
        {
            final int close = rest.indexOf(']');
            if (close < 0)
            {
                throw bad(spec, "missing ']' after the IPv6 host address");
            }
            ip = hostIp(spec, rest.substring(1, close), true);
            rest = rest.substring(close + 1);
            if (!rest.startsWith(":"))
            {
                throw bad(spec, "expected ':' after ']'");
            }
            rest = rest.substring(1);
        }
        final String[] parts = rest.split(":", -1);
        if (parts.length > 3 || (ip != null && parts.length > 2))
        {
            if (ip == null && (rest.contains("::") || parts.length > 4))
            {
                throw bad(spec, "an IPv6 host address must be in brackets, e.g. [::1]:8080:80");
            }
            throw bad(spec, "too many ':'");
        }
        if (parts.length == 3)
        {
            if (parts[0].isEmpty())
            {
                throw bad(spec, "host address missing before ':'");
            }
            ip = hostIp(spec, parts[0], false);
        }
        final String host = parts.length == 1 ? "" : parts[parts.length - 2];
        final String container = parts[parts.length - 1];
        if (container.isEmpty())
        {
            throw bad(spec, parts.length == 1 ? "ports missing" : "container port missing");
        }
        final int[] c = range(spec, container);
        if (host.isEmpty())
        {
            return new PortSpec(ip, 0, 0, c[0], c[1], protocol);
        }
        final int[] h = range(spec, host);
        if (c[1] != c[0] && h[1] - h[0] != c[1] - c[0])
        {
            throw bad(spec, "host range " + host + " (" + (h[1] - h[0] + 1) + " ports) and container range "
                + container + " (" + (c[1] - c[0] + 1) + " ports) must have equal length");
        }
        return new PortSpec(ip, h[0], h[1], c[0], c[1], protocol);
    }

    /** Parses every spec; the first bad one throws. */
    public static List<PortSpec> parseAll(final List<String> specs)
    {
        final List<PortSpec> out = new ArrayList<>(specs.size());
        for (final String s : specs)
        {
            out.add(parse(s));
        }
        return out;
    }

    /** Number of ports this spec publishes (one per container port). */
    public int count()
    {
        return containerPortEnd - containerPort + 1;
    }

    /**
     * One {@link PortView} per published port, in order ({@code HostIp} null when no host
     * address). The host port is 0 where the daemon picks it, and the first port of the range for
     * a {@link #hostRange() host range}.
     */
    public List<PortView> mappings()
    {
        final String ip = hostIp == null ? null : IpLiterals.format(hostIp);
        final List<PortView> out = new ArrayList<>(count());
        for (int k = 0; k < count(); k++)
        {
            out.add(new PortView(ip, hostPort == 0 || hostRange() ? hostPort : hostPort + k, containerPort + k, protocol));
        }
        return out;
    }

    /** The canonical spec text, e.g. {@code [::1]:8000-8001:9000-9001/udp}, {@code 8080:80/tcp} or {@code 127.0.0.1::80/tcp}. */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        if (hostIp instanceof Inet6Address)
        {
            sb.append('[').append(IpLiterals.format(hostIp)).append("]:");
        }
        else if (hostIp != null)
        {
            sb.append(IpLiterals.format(hostIp)).append(':');
        }
        if (hostPort != 0)
        {
            sb.append(hostPort);
            if (hostPortEnd != hostPort)
            {
                sb.append('-').append(hostPortEnd);
            }
            sb.append(':');
        }
        else if (hostIp != null)
        {
            sb.append(':');
        }
        sb.append(containerPort);
        if (containerPortEnd != containerPort)
        {
            sb.append('-').append(containerPortEnd);
        }
        return sb.append('/').append(protocol).toString();
    }

    private static InetAddress hostIp(final String spec, final String text, final boolean bracketed)
    {
        try
        {
            return bracketed ? IpLiterals.parseIpv6(text) : IpLiterals.parse(text);
        }
        catch (final IllegalArgumentException e)
        {
            throw bad(spec, e.getMessage());
        }
    }

    private static int[] range(final String spec, final String text)
    {
        final int dash = text.indexOf('-');
        if (dash < 0)
        {
            final int p = port(spec, text);
            return new int[] {p, p};
        }
        final int a = port(spec, text.substring(0, dash));
        final int b = port(spec, text.substring(dash + 1));
        if (b < a)
        {
            throw bad(spec, "port range " + text + " ends before it starts");
        }
        return new int[] {a, b};
    }

    private static int port(final String spec, final String text)
    {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9'))
        {
            throw bad(spec, "'" + text + "' is not a port number");
        }
        final int p = Integer.parseInt(text);
        if (p < 1 || p > 65535)
        {
            throw bad(spec, "port " + p + " is out of range 1-65535");
        }
        return p;
    }

    private static void checkPort(final int p)
    {
        if (p < 1 || p > 65535)
        {
            throw new IllegalArgumentException("port " + p + " is out of range 1-65535");
        }
    }

    private static IllegalArgumentException bad(final String spec, final String why)
    {
        return new IllegalArgumentException("invalid publish spec '" + spec + "': " + why);
    }
}
