// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

/**
 * A network interface to create, one record per kind. All kinds share {@link LinkAttrs}; the
 * encoder is one exhaustive switch over this family, so a new kind cannot be half-supported.
 */
public sealed interface Link permits Veth, Bridge, Vxlan, Tun, Generic
{
    /** Name, MTU, MAC, master, up flag and target namespace. */
    LinkAttrs attrs();

    /** The kernel's {@code IFLA_INFO_KIND}: "veth", "bridge", "vxlan", "tun", "dummy", ... */
    String kind();

    default String name()
    {
        return attrs().name();
    }

    /** How error messages name this link, e.g. {@code veth ptv1 peer eth0}. */
    default String describe()
    {
        return kind() + " " + name();
    }
}
