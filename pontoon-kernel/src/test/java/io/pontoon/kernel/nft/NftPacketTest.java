// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import io.pontoon.kernel.net.IpPrefix;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.pontoon.kernel.nft.NftFamily.INET;
import static io.pontoon.kernel.nft.NftKey.concat;
import static io.pontoon.kernel.nft.NftKey.ipv4;
import static io.pontoon.kernel.nft.NftKey.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Elements written by the fast path change what real packets do. */
@Tag("privileged")
class NftPacketTest
{
    private static final String NAT = """
        table inet pt_nat {
          map pt_dnat { type ipv4_addr . inet_service : ipv4_addr . inet_service; }
          chain pt_out { type nat hook output priority -100; policy accept; dnat ip to ip daddr . tcp dport map @pt_dnat; }
          chain pt_pre { type nat hook prerouting priority -100; policy accept; dnat ip to ip daddr . tcp dport map @pt_dnat; }
        }
        """;

    private static final String FILTER = """
        table inet pt_filter {
          set pt_blocked { type ipv4_addr; }
          chain pt_in { type filter hook input priority 0; policy accept; ip saddr @pt_blocked drop; }
        }
        """;

    @Test
    void aDnatMapElementRedirectsTcpUntilItIsDeleted() throws Exception
    {
        try (NsFixture lab = NsFixture.create("dnat"); Nft nft = Nft.open(lab.ns()))
        {
            lab.sh("ip", "link", "set", "lo", "up");
            lab.sh("ip", "addr", "add", "198.18.50.1/32", "dev", "lo");
            nft.apply(NAT);
            final InetSocketAddress published = new InetSocketAddress(ipv4Addr("198.18.50.1"), 8080);
            final SetElement rule = SetElement.of(concat(ipv4("198.18.50.1"), port(8080)), concat(ipv4("198.18.50.1"), port(9090)));
            try (ServerSocketChannel server = lab.ns().call(ServerSocketChannel::open))
            {
                server.bind(new InetSocketAddress(ipv4Addr("198.18.50.1"), 9090));
                assertThrows(ConnectException.class, () -> connect(lab, published));

                nft.setAdd(INET, "pt_nat", "pt_dnat", List.of(rule));
                try (SocketChannel client = connect(lab, published); SocketChannel accepted = server.accept())
                {
                    client.write(ByteBuffer.wrap(new byte[] {42}));
                    final ByteBuffer got = ByteBuffer.allocate(1);
                    assertEquals(1, accepted.read(got));
                    assertEquals(42, got.get(0));
                    assertEquals(9090, ((InetSocketAddress) accepted.getLocalAddress()).getPort());
                }

                nft.setDel(INET, "pt_nat", "pt_dnat", List.of(rule));
                assertThrows(ConnectException.class, () -> connect(lab, published));
            }
        }
    }

    @Test
    void aDropSetElementBlocksPingBetweenNamespaces()
    {
        try (NsFixture a = NsFixture.create("pa"); NsFixture b = NsFixture.create("pb"); Nft nft = Nft.open(b.ns()))
        {
            a.sh("ip", "link", "add", "pt-va", "type", "veth", "peer", "name", "pt-vb", "netns", b.path().toString());
            a.sh("ip", "addr", "add", "198.18.51.1/24", "dev", "pt-va");
            a.sh("ip", "link", "set", "pt-va", "up");
            b.sh("ip", "addr", "add", "198.18.51.2/24", "dev", "pt-vb");
            b.sh("ip", "link", "set", "pt-vb", "up");
            nft.apply(FILTER);
            assertEquals(0, ping(a, "198.18.51.2", 5), "ping before blocking");

            final List<SetElement> peer = List.of(SetElement.of(ipv4("198.18.51.1")));
            nft.setAdd(INET, "pt_filter", "pt_blocked", peer);
            assertNotEquals(0, ping(a, "198.18.51.2", 1), "ping while blocked");

            nft.setDel(INET, "pt_filter", "pt_blocked", peer);
            assertEquals(0, ping(a, "198.18.51.2", 5), "ping after unblocking");
        }
    }

    private static int ping(final NsFixture from, final String to, final int waitSeconds)
    {
        return from.run("busybox", "ping", "-c", "1", "-W", Integer.toString(waitSeconds), to).status();
    }

    private static SocketChannel connect(final NsFixture lab, final InetSocketAddress to) throws IOException
    {
        final SocketChannel c = lab.ns().call(SocketChannel::open);
        try
        {
            c.connect(to);
            return c;
        }
        catch (final IOException e)
        {
            c.close();
            throw e;
        }
    }

    private static InetAddress ipv4Addr(final String literal)
    {
        return IpPrefix.Ip.parse(literal);
    }
}
