// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

/**
 * Per-route metrics (RTA_METRICS, nested RTAX_* attributes), as given after the destination in
 * {@code ip route add DST ... mtu N advmss N hoplimit N initcwnd N}. Zero means unset: the
 * kernel then uses the device's or the protocol's value, and the metric is neither sent nor
 * printed.
 *
 * @param mtu      path MTU towards the destination ({@code mtu}, RTAX_MTU)
 * @param advmss   TCP MSS advertised to the destination ({@code advmss}, RTAX_ADVMSS)
 * @param hoplimit TTL / hop limit of packets sent on this route ({@code hoplimit}, RTAX_HOPLIMIT), 1-255
 * @param initcwnd initial TCP congestion window in segments ({@code initcwnd}, RTAX_INITCWND)
 */
public record RouteMetrics(int mtu, int advmss, int hoplimit, int initcwnd)
{
    /** No metric set: what {@code ip route add} sends without any of these options. */
    public static final RouteMetrics NONE = new RouteMetrics(0, 0, 0, 0);

    public RouteMetrics
    {
        if (mtu < 0 || advmss < 0 || initcwnd < 0 || hoplimit < 0 || hoplimit > 255)
        {
            throw new IllegalArgumentException("bad route metrics: mtu " + mtu + " advmss " + advmss + " hoplimit "
                + hoplimit + " initcwnd " + initcwnd);
        }
    }

    public boolean isEmpty()
    {
        return equals(NONE);
    }

    public RouteMetrics withMtu(final int m)
    {
        return new RouteMetrics(m, advmss, hoplimit, initcwnd);
    }

    public RouteMetrics withAdvmss(final int m)
    {
        return new RouteMetrics(mtu, m, hoplimit, initcwnd);
    }

    public RouteMetrics withHoplimit(final int h)
    {
        return new RouteMetrics(mtu, advmss, h, initcwnd);
    }

    public RouteMetrics withInitcwnd(final int w)
    {
        return new RouteMetrics(mtu, advmss, hoplimit, w);
    }

    /** iproute2 text, e.g. {@code mtu 1400 advmss 1360}; empty when nothing is set. */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder();
        append(sb, "mtu", mtu);
        append(sb, "advmss", advmss);
        append(sb, "hoplimit", hoplimit);
        append(sb, "initcwnd", initcwnd);
        return sb.toString();
    }

    private static void append(final StringBuilder sb, final String name, final int v)
    {
        if (v > 0)
        {
            sb.append(sb.isEmpty() ? "" : " ").append(name).append(' ').append(v);
        }
    }
}
