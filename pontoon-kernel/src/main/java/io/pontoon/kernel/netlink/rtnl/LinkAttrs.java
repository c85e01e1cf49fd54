// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netns.NetNs;

/**
 * Attributes every link kind shares.
 *
 * @param name   interface name (validated by {@link LinkNames} before any syscall)
 * @param mtu    MTU in bytes; 0 leaves the kernel's default
 * @param mac    link-layer address; null lets the kernel pick a random one
 * @param master name of the bridge to enslave the link to, in the same namespace; null for none
 * @param up     bring the link up as part of the same request
 * @param ns     namespace to create the link in ({@code IFLA_NET_NS_FD}); null for the namespace
 *               of the {@link Rtnl} handle
 */
public record LinkAttrs(String name, int mtu, MacAddress mac, String master, boolean up, NetNs ns)
{
    public LinkAttrs
    {
        if (mtu < 0)
        {
            throw new IllegalArgumentException("mtu must be >= 0 (0 = kernel default): " + mtu);
        }
    }

    /** Just a name: default MTU, random MAC, no master, down, in the handle's namespace. */
    public static LinkAttrs named(final String name)
    {
        return new LinkAttrs(name, 0, null, null, false, null);
    }

    public LinkAttrs withName(final String newName)
    {
        return new LinkAttrs(newName, mtu, mac, master, up, ns);
    }

    public LinkAttrs withMtu(final int newMtu)
    {
        return new LinkAttrs(name, newMtu, mac, master, up, ns);
    }

    public LinkAttrs withMac(final MacAddress newMac)
    {
        return new LinkAttrs(name, mtu, newMac, master, up, ns);
    }

    public LinkAttrs withMaster(final String newMaster)
    {
        return new LinkAttrs(name, mtu, mac, newMaster, up, ns);
    }

    public LinkAttrs withUp(final boolean newUp)
    {
        return new LinkAttrs(name, mtu, mac, master, newUp, ns);
    }

    public LinkAttrs withNs(final NetNs newNs)
    {
        return new LinkAttrs(name, mtu, mac, master, up, newNs);
    }
}
