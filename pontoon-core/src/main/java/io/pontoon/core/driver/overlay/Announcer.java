// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.overlay;

import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netns.NetNs;
import io.pontoon.kernel.packet.PacketSocket;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Gratuitous ARPs into a network's bridge on this host, sent whenever an address becomes
 * reachable here: a remote endpoint's neighbour entry was written, or a local endpoint joined.
 * A container that asked for the address before it existed (nobody answered, so its neighbour
 * entry is INCOMPLETE and the kernel asks again only after {@code retrans_time}, 1 s by default)
 * takes the announcement and sends its queued packets at once; containers that never asked
 * ignore it ({@code arp_accept=0}). The frame goes out of the bridge device, so the bridge
 * floods it to every local port; the VXLAN port drops it (it forwards ARP requests to its proxy
 * only, and this is a reply), so nothing crosses the wire.
 *
 * <p>Best effort: the packet socket is opened in the host namespace on first use, and any
 * failure is logged (a warning the first time, then at debug level until a send succeeds) and
 * never reaches the caller, so announcing can never fail programming an endpoint.
 */
final class Announcer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("pontoon.overlay");

    private final NetNs ns;
    private PacketSocket socket;
    private boolean failing;
    private boolean closed;

    /** @param ns the namespace of the bridges (the host's); null: the JVM's own */
    Announcer(final NetNs ns)
    {
        this.ns = ns;
    }

    /** {@code arping -A -c1 -I BRIDGE IP} with sender MAC {@code mac}; IPv6 addresses are skipped. */
    synchronized void announce(final String bridge, final InetAddress ip, final MacAddress mac)
    {
        if (closed || bridge == null || !(ip instanceof Inet4Address v4))
        {
            return;
        }
        try
        {
            if (socket == null)
            {
                socket = PacketSocket.open(ns);
            }
            socket.sendGratuitousArp(bridge, v4, mac);
            failing = false;
        }
        catch (final RuntimeException e)
        {
            final System.Logger.Level level = failing ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING;
            failing = true;
            LOG.log(level, () -> "could not announce " + ip.getHostAddress() + " at " + mac + " on " + bridge
                + " (containers that asked for it before it existed wait for their next ARP retry): " + e.getMessage());
        }
    }

    @Override
    public synchronized void close()
    {
        closed = true;
        if (socket != null)
        {
            socket.close();
            socket = null;
        }
    }
}
