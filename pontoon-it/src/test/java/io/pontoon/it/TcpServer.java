// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP server on a listening channel that the caller opened inside some namespace (see
 * {@code Lab.Host#call}, {@code PontoonDaemon#inSandbox}). Each connection gets {@code BANNER\n},
 * then every line it sends comes back; the peer address of every connection is recorded, which
 * shows whether a packet was masqueraded on its way.
 */
final class TcpServer implements AutoCloseable
{
    private final ServerSocketChannel server;
    private final String banner;
    private final LinkedBlockingQueue<InetAddress> peers = new LinkedBlockingQueue<>();
    private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();

    private TcpServer(final ServerSocketChannel server, final String banner)
    {
        this.server = server;
        this.banner = banner;
    }

    /** Binds {@code channel} to {@code 0.0.0.0:port} and serves it on a background thread. */
    static TcpServer serve(final ServerSocketChannel channel, final int port, final String banner)
    {
        return serve(channel, new InetSocketAddress(port), banner);
    }

    /** Binds {@code channel} to {@code local} (e.g. {@code 127.0.0.1:port} only) and serves it on a background thread. */
    static TcpServer serve(final ServerSocketChannel channel, final InetSocketAddress local, final String banner)
    {
        try
        {
            channel.bind(local);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot bind " + local + ": " + e, e);
        }
        final TcpServer s = new TcpServer(channel, banner);
        Thread.ofPlatform().daemon(true).name("tcp-server-" + local.getPort()).start(s::acceptLoop);
        return s;
    }

    private void acceptLoop()
    {
        while (server.isOpen())
        {
            try
            {
                final SocketChannel c = server.accept();
                accepted.add(c);
                peers.add(((InetSocketAddress) c.getRemoteAddress()).getAddress());
                Thread.ofPlatform().daemon(true).name("tcp-conn").start(() -> echo(c));
            }
            catch (final IOException e)
            {
                return;
            }
        }
    }

    private void echo(final SocketChannel c)
    {
        try (c)
        {
            final OutputStream out = c.socket().getOutputStream();
            out.write((banner + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            final BufferedReader in = new BufferedReader(new InputStreamReader(c.socket().getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null)
            {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        catch (final IOException e)
        {
            // the peer went away or the server closed
        }
    }

    /** The source address of the next connection accepted, or null if none comes within {@code timeout}. */
    InetAddress nextPeer(final Duration timeout) throws InterruptedException
    {
        return peers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException
    {
        server.close();
        for (final SocketChannel c : accepted)
        {
            c.close();
        }
    }
}
