// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netns.NetNs;

import java.util.Objects;

/**
 * A veth pair. The peer is described by its own {@link LinkAttrs}: name, MTU (0 = same as this
 * end's), MAC and namespace. A peer namespace puts {@code IFLA_NET_NS_FD} inside
 * {@code VETH_INFO_PEER}, so the container end is created directly in the sandbox namespace in
 * the same request. The peer can have neither a master nor the up flag: the kernel cannot open
 * it before the pair is joined (ENOTCONN), so bring it up afterwards from its namespace.
 * Equals {@code ip link add NAME type veth peer name PEER [netns NS]}.
 */
public record Veth(LinkAttrs attrs, LinkAttrs peer) implements Link
{
    public Veth
    {
        Objects.requireNonNull(attrs, "attrs");
        Objects.requireNonNull(peer, "peer");
    }

    public static Veth of(final String name, final String peerName)
    {
        return new Veth(LinkAttrs.named(name), LinkAttrs.named(peerName));
    }

    @Override
    public String kind()
    {
        return "veth";
    }

    @Override
    public String describe()
    {
        return "veth " + attrs.name() + " peer " + peer.name();
    }

    public Veth withAttrs(final LinkAttrs newAttrs)
    {
        return new Veth(newAttrs, peer);
    }

    public Veth withPeer(final LinkAttrs newPeer)
    {
        return new Veth(attrs, newPeer);
    }

    /** Creates the peer directly in {@code ns}. */
    public Veth withPeerNs(final NetNs ns)
    {
        return new Veth(attrs, peer.withNs(ns));
    }

    public Veth withPeerMac(final MacAddress mac)
    {
        return new Veth(attrs, peer.withMac(mac));
    }

    /** Sets the MTU of both ends. */
    public Veth withMtu(final int mtu)
    {
        return new Veth(attrs.withMtu(mtu), peer.withMtu(mtu));
    }
}
