// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import java.util.Objects;

/**
 * A persistent TUN or TAP device. The kernel refuses to create these through rtnetlink, so
 * {@link Rtnl#linkAdd} opens {@code /dev/net/tun} inside the handle's namespace, issues
 * {@code TUNSETIFF} and {@code TUNSETPERSIST}, and then applies the common attributes with one
 * {@code RTM_SETLINK} (removing the device again if that fails). Equals
 * {@code ip tuntap add dev NAME mode tun|tap [multi_queue] [user U] [group G]}.
 *
 * @param owner uid allowed to attach without CAP_NET_ADMIN, or -1 for none
 * @param group gid allowed to attach without CAP_NET_ADMIN, or -1 for none
 */
public record Tun(LinkAttrs attrs, boolean tap, boolean multiQueue, int owner, int group) implements Link
{
    public Tun
    {
        Objects.requireNonNull(attrs, "attrs");
    }

    public static Tun tun(final String name)
    {
        return new Tun(LinkAttrs.named(name), false, false, -1, -1);
    }

    public static Tun tap(final String name)
    {
        return new Tun(LinkAttrs.named(name), true, false, -1, -1);
    }

    @Override
    public String kind()
    {
        return "tun";
    }

    @Override
    public String describe()
    {
        return (tap ? "tap " : "tun ") + attrs.name();
    }

    public Tun withAttrs(final LinkAttrs newAttrs)
    {
        return new Tun(newAttrs, tap, multiQueue, owner, group);
    }

    public Tun withMultiQueue(final boolean on)
    {
        return new Tun(attrs, tap, on, owner, group);
    }

    public Tun withOwner(final int uid, final int gid)
    {
        return new Tun(attrs, tap, multiQueue, uid, gid);
    }
}
