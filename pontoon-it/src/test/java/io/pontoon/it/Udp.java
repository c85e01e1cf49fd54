// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.kernel.net.IpPrefix;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/** UDP on channels opened inside some namespace: an echo server and a client that asks once. */
final class Udp
{
    private Udp()
    {
    }

    /** Binds {@code channel} to {@code 0.0.0.0:port} and echoes every datagram, prefixed with {@code tag:}. */
    static DatagramChannel echo(final DatagramChannel channel, final int port, final String tag) throws IOException
    {
        channel.bind(new InetSocketAddress(port));
        Thread.ofPlatform().daemon(true).name("udp-echo-" + port).start(() ->
        {
            final byte[] buf = new byte[1500];
            while (channel.isOpen())
            {
                try
                {
                    final DatagramPacket p = new DatagramPacket(buf, buf.length);
                    channel.socket().receive(p);
                    final byte[] reply = (tag + ":" + new String(buf, 0, p.getLength(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                    channel.socket().send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                }
                catch (final IOException e)
                {
                    return;
                }
            }
        });
        return channel;
    }

    /**
     * Sends {@code message} to {@code ip:port} and returns the reply, or null if none comes
     * within a second; tries three times (UDP may lose the first datagram while ARP resolves).
     */
    static String ask(final DatagramChannel channel, final String ip, final int port, final String message) throws IOException
    {
        try (channel)
        {
            channel.socket().setSoTimeout(1000);
            final byte[] m = message.getBytes(StandardCharsets.UTF_8);
            final InetSocketAddress to = new InetSocketAddress(IpPrefix.Ip.parse(ip), port);
            for (int i = 0; i < 3; i++)
            {
                channel.socket().send(new DatagramPacket(m, m.length, to));
                final byte[] buf = new byte[1500];
                final DatagramPacket p = new DatagramPacket(buf, buf.length);
                try
                {
                    channel.socket().receive(p);
                    return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
                }
                catch (final SocketTimeoutException e)
                {
                    // try again
                }
            }
            return null;
        }
    }
}
