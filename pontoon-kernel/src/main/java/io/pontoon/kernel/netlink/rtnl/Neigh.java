// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.net.MacAddress;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A neighbour (ARP / NDP) entry, as {@code ip neigh} shows it.
 *
 * @param dev   device name
 * @param ip    the neighbour's address (IPv4 or IPv6)
 * @param mac   its link-layer address; null for proxy entries and unresolved entries
 * @param state {@code NUD_*} bits, e.g. {@link RtConst#NUD_PERMANENT}; 0 for proxy entries
 * @param proxy a proxy entry ({@code NTF_PROXY}, {@code ip neigh add proxy IP dev DEV}): this
 *              host answers ARP/ND for {@code ip} on {@code dev}
 */
public record Neigh(String dev, InetAddress ip, MacAddress mac, int state, boolean proxy)
{
    public Neigh
    {
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(ip, "ip");
    }

    /** {@code ip neigh replace IP lladdr MAC dev DEV nud permanent}. */
    public static Neigh permanent(final String dev, final InetAddress ip, final MacAddress mac)
    {
        return new Neigh(dev, ip, Objects.requireNonNull(mac, "mac"), RtConst.NUD_PERMANENT, false);
    }

    /** {@code ip neigh replace proxy IP dev DEV}. */
    public static Neigh proxyFor(final String dev, final InetAddress ip)
    {
        return new Neigh(dev, ip, null, 0, true);
    }

    public boolean isPermanent()
    {
        return (state & RtConst.NUD_PERMANENT) != 0;
    }

    /** iproute2-style text, e.g. {@code 10.0.0.2 lladdr 02:00:00:00:00:02 dev eth0 nud permanent}. */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder();
        if (proxy)
        {
            sb.append("proxy ");
        }
        sb.append(ip.getHostAddress());
        if (mac != null)
        {
            sb.append(" lladdr ").append(mac);
        }
        sb.append(" dev ").append(dev);
        if (!proxy)
        {
            sb.append(" nud ").append(stateName(state == 0 ? RtConst.NUD_PERMANENT : state));
        }
        return sb.toString();
    }

    /** iproute2's name for a NUD state ("permanent", "reachable", ...), or hex when it has none. */
    public static String stateName(final int state)
    {
        return switch (state)
        {
            case RtConst.NUD_PERMANENT -> "permanent";
            case RtConst.NUD_NOARP -> "noarp";
            case RtConst.NUD_REACHABLE -> "reachable";
            case RtConst.NUD_STALE -> "stale";
            case RtConst.NUD_DELAY -> "delay";
            case RtConst.NUD_PROBE -> "probe";
            case RtConst.NUD_FAILED -> "failed";
            case RtConst.NUD_INCOMPLETE -> "incomplete";
            default -> "0x" + Integer.toHexString(state);
        };
    }
}
