// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.tun;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.nft.NsFixture;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TUN/TAP devices in fresh namespaces: packets both ways, flags, queues, close. */
@Tag("privileged")
class TunTest
{
    private static final InetAddress LOCAL = IpPrefix.Ip.parse("198.18.60.1");
    private static final InetAddress PEER = IpPrefix.Ip.parse("198.18.60.2");

    @Test
    void udpGoesOutThroughTheTunAndAWrittenReplyComesBack() throws Exception
    {
        try (NsFixture lab = NsFixture.create("tun"); Tun tun = Tun.open(lab.ns(), "pt-tun0", Tun.IFF_TUN | Tun.IFF_NO_PI))
        {
            assertEquals("pt-tun0", tun.name());
            lab.sh("ip", "addr", "add", "198.18.60.1/24", "dev", "pt-tun0");
            lab.sh("ip", "link", "set", "pt-tun0", "up");
            try (DatagramSocket sock = lab.ns().call(() -> new DatagramSocket(new InetSocketAddress(LOCAL, 0))))
            {
                sock.setSoTimeout(10_000);
                final byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
                sock.send(new DatagramPacket(hello, hello.length, new InetSocketAddress(PEER, 5000)));

                final ByteBuffer pkt = readUdpTo(tun, 5000);
                assertEquals(17, pkt.get(9));
                assertArrayEquals(LOCAL.getAddress(), bytes(pkt, 12, 4));
                assertArrayEquals(PEER.getAddress(), bytes(pkt, 16, 4));
                assertEquals(sock.getLocalPort(), Short.toUnsignedInt(pkt.getShort(20)));
                assertArrayEquals(hello, bytes(pkt, 28, pkt.limit() - 28));

                final byte[] world = "world".getBytes(StandardCharsets.US_ASCII);
                final ByteBuffer reply = ByteBuffer.allocateDirect(28 + world.length);
                reply.put(udp4(PEER, 5000, LOCAL, sock.getLocalPort(), world)).flip();
                assertEquals(reply.remaining(), tun.write(reply));

                final DatagramPacket got = new DatagramPacket(new byte[64], 64);
                sock.receive(got);
                assertEquals("world", new String(got.getData(), 0, got.getLength(), StandardCharsets.US_ASCII));
                assertEquals(new InetSocketAddress(PEER, 5000), got.getSocketAddress());
            }
        }
    }

    /** Reads packets (skipping anything else the kernel sends, e.g. IPv6 solicitations) until a UDP one to {@code port}. */
    private static ByteBuffer readUdpTo(final Tun tun, final int port)
    {
        final ByteBuffer buf = ByteBuffer.allocate(Tun.MAX_PACKET);
        for (int i = 0; i < 50; i++)
        {
            buf.clear();
            final int n = tun.read(buf, Duration.ofSeconds(10));
            assertTrue(n > 0, "no packet from the tun within 10 s");
            buf.flip();
            if ((buf.get(0) >> 4) == 4 && buf.get(9) == 17 && Short.toUnsignedInt(buf.getShort(22)) == port)
            {
                return buf;
            }
        }
        throw new AssertionError("no UDP packet to port " + port);
    }

    private static byte[] bytes(final ByteBuffer b, final int at, final int len)
    {
        final byte[] out = new byte[len];
        b.get(at, out);
        return out;
    }

    private static byte[] udp4(final InetAddress src, final int sport, final InetAddress dst, final int dport, final byte[] data)
    {
        final ByteBuffer b = ByteBuffer.allocate(28 + data.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + data.length)).putShort((short) 0).putShort((short) 0x4000)
            .put((byte) 64).put((byte) 17).putShort((short) 0).put(src.getAddress()).put(dst.getAddress());
        int sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += Short.toUnsignedInt(b.getShort(i));
        }
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        b.putShort(10, (short) ~sum);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + data.length)).putShort((short) 0).put(data);
        return b.array();
    }

    @Test
    void tapFlagsAndQueuesShowInIpLink()
    {
        try (NsFixture lab = NsFixture.create("tap"))
        {
            final int flags = Tun.IFF_TAP | Tun.IFF_NO_PI | Tun.IFF_VNET_HDR | Tun.IFF_MULTI_QUEUE;
            try (Tun q0 = Tun.open(lab.ns(), "pt-tap0", flags); Tun q1 = q0.openQueue())
            {
                assertEquals("pt-tap0", q1.name());
                q0.setOffload(Tun.TUN_F_CSUM | Tun.TUN_F_TSO4 | Tun.TUN_F_TSO6);
                q0.setVnetHdrSize(12);
                final String link = lab.sh("ip", "-d", "link", "show", "pt-tap0");
                assertTrue(link.contains("tun type tap pi off vnet_hdr on multi_queue numqueues 2"), link);
            }
            assertNotEquals(0, lab.run("ip", "link", "show", "pt-tap0").status(), "the device goes with its last queue");

            try (Tun numbered = Tun.open(lab.ns(), "pt%d", Tun.IFF_TUN))
            {
                assertEquals("pt0", numbered.name());
                final String link = lab.sh("ip", "-d", "link", "show", "pt0");
                assertTrue(link.contains("tun type tun pi on vnet_hdr off"), link);
                assertThrows(KernelException.class, numbered::openQueue);
            }
        }
    }

    @Test
    void badNamesAndFlagsAreRefusedAndCloseWakesABlockedReader() throws Exception
    {
        assertThrows(KernelException.class, () -> Tun.open(null, "a-name-far-too-long", Tun.IFF_TUN));
        assertThrows(KernelException.class, () -> Tun.open(null, "pt x", Tun.IFF_TUN));
        assertThrows(KernelException.class, () -> Tun.open(null, "pt0", Tun.IFF_TUN | Tun.IFF_TAP));
        try (NsFixture lab = NsFixture.create("tunc"))
        {
            final Tun tun = Tun.open(lab.ns(), "pt-tun1", Tun.IFF_TUN | Tun.IFF_NO_PI);
            final CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(
                () -> tun.read(ByteBuffer.allocateDirect(2048)), r -> Thread.ofPlatform().start(r));
            assertEquals(0, tun.read(ByteBuffer.allocate(2048), Duration.ofMillis(1)));
            tun.close();
            assertEquals(-1, reader.get(10, TimeUnit.SECONDS));
            assertEquals(-1, tun.read(ByteBuffer.allocate(16)));
        }
    }
}
