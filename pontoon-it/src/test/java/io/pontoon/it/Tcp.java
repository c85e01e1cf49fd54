// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.kernel.net.IpPrefix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A TCP client connection on a channel the caller opened inside some namespace; reads the
 * {@link TcpServer} banner and exchanges echoed lines. Kept open, it is the "established
 * connection" that must survive a daemon restart.
 */
final class Tcp implements AutoCloseable
{
    private static final int TIMEOUT_MS = 3000;

    private final SocketChannel ch;
    private final BufferedReader in;
    private final OutputStream out;
    private final String banner;

    private Tcp(final SocketChannel ch) throws IOException
    {
        this.ch = ch;
        ch.socket().setSoTimeout(TIMEOUT_MS);
        this.in = new BufferedReader(new InputStreamReader(ch.socket().getInputStream(), StandardCharsets.UTF_8));
        this.out = ch.socket().getOutputStream();
        this.banner = in.readLine();
    }

    /** Connects {@code channel} to {@code ip:port} (3 s timeout) and reads the banner. */
    static Tcp connect(final SocketChannel channel, final String ip, final int port) throws IOException
    {
        try
        {
            channel.socket().connect(new InetSocketAddress(IpPrefix.Ip.parse(ip), port), TIMEOUT_MS);
            return new Tcp(channel);
        }
        catch (final IOException e)
        {
            channel.close();
            throw e;
        }
    }

    /** The banner of {@code ip:port}, or null when no connection can be made or nothing is read. */
    static String banner(final SocketChannel channel, final String ip, final int port)
    {
        try (Tcp t = connect(channel, ip, port))
        {
            return t.banner();
        }
        catch (final IOException e)
        {
            return null;
        }
    }

    /**
     * Whether no connection to {@code ip:port} is made within one second (refused, unreachable
     * or dropped); the channel is closed either way. Tests pair every negative with a positive,
     * so waiting longer for a dropped SYN would prove nothing more.
     */
    static boolean blocked(final SocketChannel channel, final String ip, final int port)
    {
        try (channel)
        {
            channel.socket().connect(new InetSocketAddress(IpPrefix.Ip.parse(ip), port), 1000);
            return false;
        }
        catch (final IOException e)
        {
            return true;
        }
    }

    String banner()
    {
        return banner;
    }

    /** Sends a line and returns what comes back (the server echoes it). */
    String roundTrip(final String line) throws IOException
    {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return in.readLine();
    }

    @Override
    public void close() throws IOException
    {
        ch.close();
    }
}
