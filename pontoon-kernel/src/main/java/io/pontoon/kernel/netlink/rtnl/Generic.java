// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import java.util.Objects;

/**
 * A link of a kind that needs no kind-specific attributes, e.g. {@code dummy} or {@code ifb}.
 * Equals {@code ip link add NAME type KIND}.
 */
public record Generic(LinkAttrs attrs, String kind) implements Link
{
    public Generic
    {
        Objects.requireNonNull(attrs, "attrs");
        if (kind == null || kind.isEmpty())
        {
            throw new IllegalArgumentException("a link kind is required (e.g. \"dummy\")");
        }
    }

    public static Generic of(final String name, final String kind)
    {
        return new Generic(LinkAttrs.named(name), kind);
    }

    public Generic withAttrs(final LinkAttrs newAttrs)
    {
        return new Generic(newAttrs, kind);
    }
}
