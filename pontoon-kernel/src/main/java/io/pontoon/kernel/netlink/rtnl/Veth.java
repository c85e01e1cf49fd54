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
 * Equals {@code ip link add NAME [numtxqueues Q numrxqueues Q] type veth peer name PEER
 * [numtxqueues Q numrxqueues Q] [netns NS]}.
 *
 * @param queues TX and RX queues of each end; 0 = kernel default, which for veth is one per
 *               possible CPU. A veth only uses more than one with XDP or GRO, and every queue
 *               costs sysfs objects at create and delete time, so the attach path should ask
 *               for 1 (creation is about twice as fast on 2 CPUs, more on larger hosts).
 */
public record Veth(LinkAttrs attrs, LinkAttrs peer, int queues) implements Link
{
    public Veth
    {
        Objects.requireNonNull(attrs, "attrs");
        Objects.requireNonNull(peer, "peer");
        if (queues < 0 || queues > 4096)
        {
            throw new IllegalArgumentException("queues must be 0 (kernel default) to 4096: " + queues);
        }
    }

    /** Both ends in the handle's namespace, kernel defaults for everything. */
    public static Veth of(final String name, final String peerName)
    {
        return new Veth(LinkAttrs.named(name), LinkAttrs.named(peerName), 0);
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
        return new Veth(newAttrs, peer, queues);
    }

    public Veth withPeer(final LinkAttrs newPeer)
    {
        return new Veth(attrs, newPeer, queues);
    }

    /** Creates the peer directly in {@code ns}. */
    public Veth withPeerNs(final NetNs ns)
    {
        return new Veth(attrs, peer.withNs(ns), queues);
    }

    public Veth withPeerMac(final MacAddress mac)
    {
        return new Veth(attrs, peer.withMac(mac), queues);
    }

    /** Sets the MTU of both ends. */
    public Veth withMtu(final int mtu)
    {
        return new Veth(attrs.withMtu(mtu), peer.withMtu(mtu), queues);
    }

    /** TX and RX queues per end (0 = kernel default: one per possible CPU). */
    public Veth withQueues(final int q)
    {
        return new Veth(attrs, peer, q);
    }
}
