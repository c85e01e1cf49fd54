// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.net.IpPrefix;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A route, as given to {@code ip route add|replace|del} and printed by {@code ip route show}.
 *
 * @param dst      destination prefix; null on input means the default route of the gateway's
 *                 family (IPv4 when there is no gateway). Dumps always return a prefix
 *                 ({@code 0.0.0.0/0}, {@code ::/0}) so the family is never lost.
 * @param gateway  next hop ({@code via}); null for a device route
 * @param oif      output device name ({@code dev}); null when the gateway alone decides
 * @param table    routing table; 0 = main (254)
 * @param protocol {@code proto}: who installed it; 0 = boot (3) as {@code ip route} does.
 *                 Pontoon marks its own routes with a dedicated number so prune can find them.
 * @param scope    {@code scope}; {@link #SCOPE_AUTO} picks as iproute2 does: host for local
 *                 routes, link for device routes without a gateway, universe otherwise
 * @param metric   {@code metric} (RTA_PRIORITY); 0 = none (IPv6 then uses 1024)
 * @param type     route type
 * @param src      preferred source address ({@code src}, RTA_PREFSRC); null for none
 * @param metrics  {@code mtu}, {@code advmss}, ... (RTA_METRICS); null on input means
 *                 {@link RouteMetrics#NONE}
 */
public record Route(IpPrefix dst, InetAddress gateway, String oif, int table, int protocol, int scope, int metric,
    Type type, InetAddress src, RouteMetrics metrics)
{
    public static final int SCOPE_AUTO = -1;

    public Route
    {
        if (type == null)
        {
            type = Type.UNICAST;
        }
        if (metrics == null)
        {
            metrics = RouteMetrics.NONE;
        }
        if (table < 0 || protocol < 0 || protocol > 255 || scope < SCOPE_AUTO || scope > 255 || metric < 0)
        {
            throw new IllegalArgumentException("bad table/protocol/scope/metric: " + table + "/" + protocol + "/"
                + scope + "/" + metric);
        }
        if (dst != null && gateway != null && dst.isIpv4() != gateway instanceof Inet4Address)
        {
            throw new IllegalArgumentException("gateway " + gateway.getHostAddress() + " is not of the family of " + dst);
        }
    }

    /** A route without metrics. */
    public Route(final IpPrefix dst, final InetAddress gateway, final String oif, final int table, final int protocol,
        final int scope, final int metric, final Type type, final InetAddress src)
    {
        this(dst, gateway, oif, table, protocol, scope, metric, type, src, RouteMetrics.NONE);
    }

    /** {@code ip route add DST via GW}; DST null = default. */
    public static Route via(final IpPrefix dst, final InetAddress gateway)
    {
        return new Route(dst, gateway, null, 0, 0, SCOPE_AUTO, 0, Type.UNICAST, null);
    }

    /** {@code ip route add DST dev OIF} (scope link). */
    public static Route dev(final IpPrefix dst, final String oif)
    {
        return new Route(dst, null, oif, 0, 0, SCOPE_AUTO, 0, Type.UNICAST, null);
    }

    /** {@code ip route add blackhole DST}. */
    public static Route blackhole(final IpPrefix dst)
    {
        return new Route(dst, null, null, 0, 0, SCOPE_AUTO, 0, Type.BLACKHOLE, null);
    }

    public Route withOif(final String dev)
    {
        return new Route(dst, gateway, dev, table, protocol, scope, metric, type, src, metrics);
    }

    public Route withTable(final int t)
    {
        return new Route(dst, gateway, oif, t, protocol, scope, metric, type, src, metrics);
    }

    public Route withProtocol(final int p)
    {
        return new Route(dst, gateway, oif, table, p, scope, metric, type, src, metrics);
    }

    /** {@code scope SCOPE} (RT_SCOPE_*: 0 global, 253 link, 254 host); {@link #SCOPE_AUTO} to let Route pick. */
    public Route withScope(final int s)
    {
        return new Route(dst, gateway, oif, table, protocol, s, metric, type, src, metrics);
    }

    public Route withMetric(final int m)
    {
        return new Route(dst, gateway, oif, table, protocol, scope, m, type, src, metrics);
    }

    public Route withType(final Type t)
    {
        return new Route(dst, gateway, oif, table, protocol, scope, metric, t, src, metrics);
    }

    public Route withSrc(final InetAddress s)
    {
        return new Route(dst, gateway, oif, table, protocol, scope, metric, type, s, metrics);
    }

    /** {@code mtu N advmss N ...}: the route's metrics, replacing any given before. */
    public Route withMetrics(final RouteMetrics m)
    {
        return new Route(dst, gateway, oif, table, protocol, scope, metric, type, src, m);
    }

    /** IPv6 when any address in the route is IPv6. */
    public boolean isIpv6()
    {
        return dst != null ? !dst.isIpv4() : gateway instanceof Inet6Address || src instanceof Inet6Address;
    }

    /** The table actually used: 0 means main. */
    public int effectiveTable()
    {
        return table == 0 ? RtConst.RT_TABLE_MAIN : table;
    }

    /** iproute2-style text, e.g. {@code default via 10.0.0.1 dev eth0 table 254}. */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder();
        if (type != Type.UNICAST)
        {
            sb.append(type.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        sb.append(dst == null || dst.length() == 0 ? "default" : dst.toString());
        if (gateway != null)
        {
            sb.append(" via ").append(gateway.getHostAddress());
        }
        if (oif != null)
        {
            sb.append(" dev ").append(oif);
        }
        if (src != null)
        {
            sb.append(" src ").append(src.getHostAddress());
        }
        if (metric > 0)
        {
            sb.append(" metric ").append(metric);
        }
        if (!metrics.isEmpty())
        {
            sb.append(' ').append(metrics.describe());
        }
        return sb.append(" table ").append(effectiveTable()).toString();
    }

    /** {@code RTN_*} route types. */
    public enum Type
    {
        UNSPEC(0), UNICAST(1), LOCAL(2), BROADCAST(3), ANYCAST(4), MULTICAST(5), BLACKHOLE(6), UNREACHABLE(7),
        PROHIBIT(8), THROW(9), NAT(10), XRESOLVE(11);

        private final int code;

        Type(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        public static Type of(final int code)
        {
            for (final Type t : values())
            {
                if (t.code == code)
                {
                    return t;
                }
            }
            return UNSPEC;
        }
    }
}
