// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

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
import java.util.concurrent.CountDownLatch;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;

/**
 * A stand-in for the daemon's {@code /v1/cni} endpoints on a Unix socket: records every request
 * and answers with whatever the handler returns. Used by the AOT training run
 * ({@link CniTraining}) and by the tests; never by the plugin itself.
 */
final class StubDaemon implements AutoCloseable
{
    /** A request as received. */
    record Request(String method, String target, String body)
    {
        JsonObject json()
        {
            return Json.parseObject(body);
        }
    }

    /**
     * The answer: a status and a JSON body; {@code chunked} sends it with chunked encoding;
     * a positive {@code missing} claims that many bytes more in {@code Content-Length} than it sends, then
     * closes (a daemon dying mid-reply); {@link #HANG} never answers (until the stub is closed).
     */
    record Reply(int status, String body, boolean chunked, int missing)
    {
        static final Reply HANG = new Reply(-1, "", false);

        Reply(final int status, final String body, final boolean chunked)
        {
            this(status, body, chunked, 0);
        }

        static Reply json(final int status, final Object body)
        {
            return new Reply(status, Json.write(body), false);
        }

        /** {@code body} as JSON, cut short: Content-Length says {@code missing} bytes more. */
        static Reply truncated(final int status, final Object body, final int missing)
        {
            return new Reply(status, Json.write(body), false, missing);
        }
    }

    /** Computes the reply to one request. */
    interface Handler
    {
        Reply handle(Request request);
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Handler handler;
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    StubDaemon(final Path socket, final Handler handler) throws IOException
    {
        this.socket = socket;
        this.handler = handler;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().name("stub-daemon-accept").start(this::acceptLoop);
    }

    Path socket()
    {
        return socket;
    }

    /** The requests received so far, oldest first. */
    List<Request> requests()
    {
        synchronized (requests)
        {
            return List.copyOf(requests);
        }
    }

    /** The only request received; fails when there were none or several. */
    Request single()
    {
        final List<Request> all = requests();
        if (all.size() != 1)
        {
            throw new IllegalStateException("expected one request, got " + all);
        }
        return all.get(0);
    }

    @Override
    public void close() throws IOException
    {
        closed.countDown();
        server.close();
        Files.deleteIfExists(socket);
    }

    private void acceptLoop()
    {
        try
        {
            while (true)
            {
                final SocketChannel ch = server.accept();
                Thread.ofPlatform().daemon().name("stub-daemon-conn").start(() -> serve(ch));
            }
        }
        catch (final IOException e)
        {
            // closed
        }
    }

    private void serve(final SocketChannel ch)
    {
        try (ch)
        {
            final Request req = read(ch);
            synchronized (requests)
            {
                requests.add(req);
            }
            final Reply reply = handler.handle(req);
            if (reply.status() < 0)
            {
                closed.await();
                return;
            }
            final byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            final StringBuilder head = new StringBuilder("HTTP/1.1 ").append(reply.status()).append(" Stub\r\n")
                .append("Content-Type: application/json\r\nConnection: close\r\n");
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (reply.chunked())
            {
                head.append("Transfer-Encoding: chunked\r\n\r\n");
                out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                final int half = body.length / 2;
                chunk(out, body, 0, half);
                chunk(out, body, half, body.length - half);
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            else
            {
                head.append("Content-Length: ").append(body.length + reply.missing()).append("\r\n\r\n");
                out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(body);
            }
            final ByteBuffer buf = ByteBuffer.wrap(out.toByteArray());
            while (buf.hasRemaining())
            {
                ch.write(buf);
            }
        }
        catch (final IOException | InterruptedException e)
        {
            // the client went away
        }
    }

    private static void chunk(final ByteArrayOutputStream out, final byte[] b, final int off, final int len)
    {
        if (len > 0)
        {
            out.writeBytes((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b, off, len);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static Request read(final SocketChannel ch) throws IOException
    {
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        final ByteBuffer buf = ByteBuffer.allocate(4096);
        int headEnd = -1;
        long length = 0;
        String head = "";
        while (headEnd < 0 || in.size() < headEnd + 4 + length)
        {
            if (ch.read(buf.clear()) < 0)
            {
                break;
            }
            in.write(buf.array(), 0, buf.position());
            if (headEnd < 0)
            {
                head = in.toString(StandardCharsets.ISO_8859_1);
                headEnd = head.indexOf("\r\n\r\n");
                if (headEnd >= 0)
                {
                    for (final String line : head.substring(0, headEnd).split("\r\n"))
                    {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                        {
                            length = Long.parseLong(line.substring(15).trim());
                        }
                    }
                }
            }
        }
        if (headEnd < 0)
        {
            throw new IOException("no request head");
        }
        final String[] first = head.substring(0, head.indexOf("\r\n")).split(" ");
        final byte[] raw = in.toByteArray();
        final String body = new String(raw, headEnd + 4, raw.length - headEnd - 4, StandardCharsets.UTF_8);
        return new Request(first[0], first[1], body);
    }
}
