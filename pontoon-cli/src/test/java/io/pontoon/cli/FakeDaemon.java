// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scripted REST server on a Unix socket in a temp dir: canned answers by "METHOD target", requests recorded. */
final class FakeDaemon implements AutoCloseable
{
    /** One recorded request. */
    record Req(String method, String target, String head, String body)
    {
    }

    private record Answer(int status, String body, boolean chunked)
    {
    }

    private final ServerSocketChannel server;
    private final Path socket;
    private final Map<String, Answer> routes = new ConcurrentHashMap<>();
    private final List<Req> requests = new CopyOnWriteArrayList<>();

    FakeDaemon(final Path dir) throws IOException
    {
        socket = dir.resolve("pontoon.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().name("fake-daemon").start(this::serve);
    }

    Path socket()
    {
        return socket;
    }

    FakeDaemon on(final String method, final String target, final int status, final String body)
    {
        routes.put(method + " " + target, new Answer(status, body, false));
        return this;
    }

    FakeDaemon onChunked(final String method, final String target, final int status, final String body)
    {
        routes.put(method + " " + target, new Answer(status, body, true));
        return this;
    }

    List<Req> requests()
    {
        return requests;
    }

    private void serve()
    {
        while (server.isOpen())
        {
            try (SocketChannel ch = server.accept())
            {
                final Req r = read(ch);
                requests.add(r);
                final Answer a = routes.getOrDefault(r.method() + " " + r.target(),
                    new Answer(404, "{\"message\":\"fake daemon: no route for " + r.method() + " " + r.target() + "\"}", false));
                ch.write(ByteBuffer.wrap(encode(a)));
            }
            catch (final IOException e)
            {
                return;
            }
        }
    }

    private static byte[] encode(final Answer a)
    {
        final byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        final StringBuilder sb = new StringBuilder("HTTP/1.1 " + a.status() + " Whatever\r\n");
        if (a.status() == 204)
        {
            return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        }
        sb.append("Content-Type: application/json\r\nConnection: close\r\n");
        if (!a.chunked())
        {
            sb.append("Content-Length: ").append(body.length).append("\r\n\r\n").append(a.body());
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        sb.append("Transfer-Encoding: chunked\r\n\r\n");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        for (int k = 0; k < body.length; k += 7)
        {
            final int n = Math.min(7, body.length - k);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, k, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static Req read(final SocketChannel ch) throws IOException
    {
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        final ByteBuffer buf = ByteBuffer.allocate(4096);
        while (true)
        {
            final byte[] b = seen.toByteArray();
            final String s = new String(b, StandardCharsets.UTF_8);
            final int end = s.indexOf("\r\n\r\n");
            if (end >= 0)
            {
                final String head = s.substring(0, end);
                final int cl = head.toLowerCase(Locale.ROOT).indexOf("content-length: ");
                final int n = cl < 0 ? 0 : Integer.parseInt(head.substring(cl + 16).split("\r\n")[0].trim());
                final int headBytes = head.getBytes(StandardCharsets.UTF_8).length + 4;
                if (b.length - headBytes >= n)
                {
                    final String[] line = head.split("\r\n")[0].split(" ");
                    return new Req(line[0], line[1], head, new String(b, headBytes, n, StandardCharsets.UTF_8));
                }
            }
            buf.clear();
            if (ch.read(buf) < 0)
            {
                throw new IOException("client closed early");
            }
            seen.write(buf.array(), 0, buf.position());
        }
    }

    @Override
    public void close() throws IOException
    {
        server.close();
    }
}
