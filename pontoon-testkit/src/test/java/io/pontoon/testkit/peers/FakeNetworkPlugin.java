// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The smallest Docker remote network driver: answers {@code Plugin.Activate} with
 * {@code NetworkDriver}, {@code GetCapabilities} with local scope and every other call with
 * {@code {}}, over HTTP/1.1 on a Unix socket, one request per connection. Records the paths
 * called. Only proves that dockerd found the socket.
 */
final class FakeNetworkPlugin implements AutoCloseable
{
    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final List<String> calls = new ArrayList<>();

    private FakeNetworkPlugin(final Path socket, final ServerSocketChannel server)
    {
        this.socket = socket;
        this.server = server;
        this.thread = Thread.ofPlatform().daemon().name("fake-plugin").start(this::serve);
    }

    static FakeNetworkPlugin listen(final Path socket) throws IOException
    {
        final ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        return new FakeNetworkPlugin(socket, s);
    }

    synchronized List<String> calls()
    {
        return List.copyOf(calls);
    }

    private void serve()
    {
        while (server.isOpen())
        {
            try (SocketChannel c = server.accept())
            {
                final String path = readRequest(c);
                synchronized (this)
                {
                    calls.add(path);
                }
                final String body = switch (path)
                {
                    case "/Plugin.Activate" -> "{\"Implements\": [\"NetworkDriver\"]}";
                    case "/NetworkDriver.GetCapabilities" -> "{\"Scope\": \"local\", \"ConnectivityScope\": \"local\"}";
                    default -> "{}";
                };
                final byte[] b = body.getBytes(StandardCharsets.UTF_8);
                final String head = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.plugins.v1+json\r\nContent-Length: "
                    + b.length + "\r\nConnection: close\r\n\r\n";
                c.write(ByteBuffer.wrap((head + body).getBytes(StandardCharsets.UTF_8)));
            }
            catch (final IOException e)
            {
                if (!server.isOpen())
                {
                    return;
                }
            }
        }
    }

    /** Reads one request (head and Content-Length body) and returns its path. */
    private static String readRequest(final SocketChannel c) throws IOException
    {
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        final ByteBuffer buf = ByteBuffer.allocate(4096);
        int headEnd = -1;
        int length = 0;
        while (true)
        {
            buf.clear();
            if (c.read(buf) < 0)
            {
                throw new IOException("client closed early");
            }
            seen.write(buf.array(), 0, buf.position());
            final String text = seen.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0 && text.contains("\r\n\r\n"))
            {
                headEnd = text.indexOf("\r\n\r\n") + 4;
                for (final String line : text.substring(0, headEnd).split("\r\n"))
                {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                    {
                        length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            }
            if (headEnd >= 0 && seen.size() >= headEnd + length)
            {
                return text.substring(0, text.indexOf("\r\n")).split(" ")[1];
            }
        }
    }

    @Override
    public void close() throws IOException
    {
        server.close();
        try
        {
            thread.join(5000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
    }
}
