// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.net.MacAddress;

/**
 * A link as the kernel reports it ({@code RTM_NEWLINK} from a get or dump), the data of
 * {@code ip -d link show}.
 *
 * @param index       ifindex in the link's namespace
 * @param name        interface name
 * @param kind        {@code IFLA_INFO_KIND} ("veth", "bridge", "vxlan", "tun", ...); null for
 *                    devices without one (loopback, physical NICs)
 * @param mtu         MTU
 * @param mac         link-layer address; null when it is not 6 bytes long (e.g. none at all)
 * @param flags       {@code ifi_flags} (IFF_UP, IFF_LOWER_UP, ...)
 * @param masterIndex ifindex of the master (bridge), 0 for none
 * @param operState   RFC 2863 operational state
 * @param vxlanId     the VNI when {@code kind} is "vxlan", else -1
 * @param linkIndex   {@code IFLA_LINK}: for a veth the peer's ifindex (in the peer's namespace),
 *                    0 when absent
 */
public record LinkInfo(int index, String name, String kind, int mtu, MacAddress mac, int flags, int masterIndex,
    OperState operState, int vxlanId, int linkIndex)
{
    /** Administratively up (IFF_UP). */
    public boolean up()
    {
        return (flags & RtConst.IFF_UP) != 0;
    }

    /** Carrier present (IFF_LOWER_UP). */
    public boolean lowerUp()
    {
        return (flags & RtConst.IFF_LOWER_UP) != 0;
    }

    /** {@code IF_OPER_*} from {@code <linux/if.h>}, in kernel order. */
    public enum OperState
    {
        UNKNOWN, NOTPRESENT, DOWN, LOWERLAYERDOWN, TESTING, DORMANT, UP;

        public static OperState of(final int v)
        {
            final OperState[] all = values();
            return v >= 0 && v < all.length ? all[v] : UNKNOWN;
        }
    }
}
