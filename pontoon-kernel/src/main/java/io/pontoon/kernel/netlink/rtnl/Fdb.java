// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.net.MacAddress;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A forwarding-database entry, as {@code bridge fdb} shows it.
 *
 * @param dev       device name: a VXLAN device ({@code self}) or a bridge port ({@code master})
 * @param mac       destination MAC; {@link MacAddress#ZERO} with {@code dst} is a VXLAN flood
 *                  (head-end replication) entry
 * @param dst       remote VTEP address for a VXLAN entry; null otherwise
 * @param self      the entry lives in the device's own table ({@code NTF_SELF}); if neither
 *                  flag is set, self is assumed, as {@code bridge fdb} does
 * @param master    the entry lives in the master bridge's table ({@code NTF_MASTER})
 * @param permanent {@code NUD_PERMANENT}; on a bridge port ({@code master}) that makes it a
 *                  <em>local</em> entry (frames are delivered to the bridge itself), so bridge
 *                  port entries are normally not permanent: they are then {@code static}
 *                  ({@code NUD_NOARP}, never aged out)
 */
public record Fdb(String dev, MacAddress mac, InetAddress dst, boolean self, boolean master, boolean permanent)
{
    public Fdb
    {
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(mac, "mac");
    }

    /** {@code bridge fdb append MAC dev VXLAN dst VTEP self permanent}. */
    public static Fdb vxlan(final String dev, final MacAddress mac, final InetAddress vtep)
    {
        return new Fdb(dev, mac, Objects.requireNonNull(vtep, "vtep"), true, false, true);
    }

    /** {@code bridge fdb append 00:00:00:00:00:00 dev VXLAN dst VTEP self permanent}: flood to VTEP. */
    public static Fdb flood(final String dev, final InetAddress vtep)
    {
        return vxlan(dev, MacAddress.ZERO, vtep);
    }

    /** {@code bridge fdb replace MAC dev PORT master static}. */
    public static Fdb bridgePort(final String dev, final MacAddress mac)
    {
        return new Fdb(dev, mac, null, false, true, false);
    }

    /** iproute2-style text, e.g. {@code 02:00:00:00:00:02 dev vx0 dst 198.18.0.2 self permanent}. */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder().append(mac).append(" dev ").append(dev);
        if (dst != null)
        {
            sb.append(" dst ").append(dst.getHostAddress());
        }
        if (self || !master)
        {
            sb.append(" self");
        }
        if (master)
        {
            sb.append(" master");
        }
        return sb.append(permanent ? " permanent" : " static").toString();
    }
}
