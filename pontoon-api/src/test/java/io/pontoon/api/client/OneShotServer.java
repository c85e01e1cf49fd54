// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.client;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A test server on a Unix socket: accepts one connection, records the raw request, sends canned bytes. */
final class OneShotServer implements AutoCloseable
{
    private final ServerSocketChannel server;
    private final Path socket;
    private final CompletableFuture<String> request = new CompletableFuture<>();

    OneShotServer(final Path dir, final byte[] answer, final boolean answerBeforeReading) throws IOException
    {
        socket = dir.resolve("d.sock");
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().start(() -> serve(answer, answerBeforeReading));
    }

    Path socket()
    {
        return socket;
    }

    /** The raw request text, once the server has read it. */
    String request() throws Exception
    {
        return request.get(10, TimeUnit.SECONDS);
    }

    private void serve(final byte[] answer, final boolean answerBeforeReading)
    {
        try (SocketChannel ch = server.accept())
        {
            if (answerBeforeReading)
            {
                ch.write(ByteBuffer.wrap(answer));
                request.complete("");
                return;
            }
            final ByteArrayOutputStream seen = new ByteArrayOutputStream();
            final ByteBuffer buf = ByteBuffer.allocate(4096);
            while (!complete(seen.toString(StandardCharsets.UTF_8)))
            {
                buf.clear();
                if (ch.read(buf) < 0)
                {
                    break;
                }
                seen.write(buf.array(), 0, buf.position());
            }
            request.complete(seen.toString(StandardCharsets.UTF_8));
            final ByteBuffer out = ByteBuffer.wrap(answer);
            while (out.hasRemaining())
            {
                ch.write(out);
            }
        }
        catch (final IOException e)
        {
            request.completeExceptionally(e);
        }
    }

    private static boolean complete(final String s)
    {
        final int end = s.indexOf("\r\n\r\n");
        if (end < 0)
        {
            return false;
        }
        final int cl = s.toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ");
        if (cl < 0 || cl > end)
        {
            return true;
        }
        final int n = Integer.parseInt(s.substring(cl + 16, s.indexOf("\r\n", cl)).trim());
        return s.getBytes(StandardCharsets.UTF_8).length - (end + 4) >= n;
    }

    @Override
    public void close() throws IOException
    {
        server.close();
        Files.deleteIfExists(socket);
    }
}
