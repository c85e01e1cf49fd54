// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import java.util.Objects;

/**
 * A Linux bridge. Optional settings are nullable so "unset" (kernel default) differs from
 * "false". Equals {@code ip link add NAME type bridge [vlan_filtering 0|1] [stp_state 0|1]}.
 *
 * @param vlanFiltering {@code IFLA_BR_VLAN_FILTERING}; null = kernel default (off). Kernels
 *                      built without CONFIG_BRIDGE_VLAN_FILTERING refuse the attribute, even
 *                      "false", with EOPNOTSUPP
 * @param stp           {@code IFLA_BR_STP_STATE}; null = kernel default (off)
 */
public record Bridge(LinkAttrs attrs, Boolean vlanFiltering, Boolean stp) implements Link
{
    public Bridge
    {
        Objects.requireNonNull(attrs, "attrs");
    }

    public static Bridge of(final String name)
    {
        return new Bridge(LinkAttrs.named(name), null, null);
    }

    @Override
    public String kind()
    {
        return "bridge";
    }

    public Bridge withAttrs(final LinkAttrs newAttrs)
    {
        return new Bridge(newAttrs, vlanFiltering, stp);
    }

    public Bridge withVlanFiltering(final Boolean on)
    {
        return new Bridge(attrs, on, stp);
    }

    public Bridge withStp(final Boolean on)
    {
        return new Bridge(attrs, vlanFiltering, on);
    }
}
