// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.packet;

import io.pontoon.kernel.net.MacAddress;

import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * The Ethernet frame of a gratuitous ARP reply for IPv4 over Ethernet (RFC 5227 "ARP
 * announcement", sent as a reply as {@code arping -A} does). Pure bytes, no kernel access.
 *
 * <pre>
 *  0  dst MAC ff:ff:ff:ff:ff:ff (6) | 6 src MAC = MAC (6) | 12 ethertype 0x0806 (2)
 * 14  htype 1 (2) | 16 ptype 0x0800 (2) | 18 hlen 6 (1) | 19 plen 4 (1) | 20 op 2 = reply (2)
 * 22  sender MAC = MAC (6) | 28 sender IP = IP (4) | 32 target MAC = MAC (6) | 38 target IP = IP (4)
 * 42  zero padding to the 60-byte Ethernet minimum
 * </pre>
 *
 * Linux takes it as gratuitous ({@code arp_is_garp}: sender IP = target IP and, for a reply,
 * sender MAC = target MAC) and, even with {@code arp_accept=0}, updates a neighbour entry that
 * already exists for IP, whatever its state: a pending (INCOMPLETE) one resolves at once and
 * its queued packets go out. Hosts without an entry ignore it.
 */
public final class ArpFrame
{
    /** Ethernet minimum frame length without FCS. */
    public static final int LENGTH = 60;
    public static final int ETH_P_ARP = 0x0806;
    public static final int ETH_P_IP = 0x0800;
    public static final int ARPHRD_ETHER = 1;
    public static final int ARPOP_REQUEST = 1;
    public static final int ARPOP_REPLY = 2;

    private static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);

    private ArpFrame()
    {
    }

    /** The frame announcing that {@code ip} is at {@code mac}, broadcast. */
    public static byte[] gratuitous(final Inet4Address ip, final MacAddress mac)
    {
        final byte[] m = mac.bytes();
        final byte[] a = ip.getAddress();
        final ByteBuffer b = ByteBuffer.allocate(LENGTH); // big-endian: network order
        b.put(BROADCAST.bytes()).put(m).putShort((short) ETH_P_ARP);
        b.putShort((short) ARPHRD_ETHER).putShort((short) ETH_P_IP).put((byte) 6).put((byte) 4)
            .putShort((short) ARPOP_REPLY);
        b.put(m).put(a).put(m).put(a);
        return b.array();
    }
}
