// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.http;

import io.pontoon.api.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A minimal HTTP/1.1 server for Docker's plugin protocol on a Unix socket. Jetty cannot serve
 * it: Go's HTTP client (Docker 20.10) sends an empty {@code Host:} header for socket URLs, which
 * Jetty 12 rejects with "400 Blank Host" before any handler runs. The protocol is small: POST
 * with a Content-Length (or chunked) JSON body, JSON answers, keep-alive connections.
 */
public final class PluginHttpServer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("pontoon.plugin");
    private static final int MAX_HEADER = 64 * 1024;
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private final Path path;
    private final Router router;
    private final Function<Throwable, HttpReply> errorMapper;
    private final ServerSocketChannel server;
    private final ExecutorService workers = Executors.newCachedThreadPool(r ->
        Thread.ofPlatform().daemon(true).name("pontoon-plugin").unstarted(r));
    private volatile boolean closed;

    public PluginHttpServer(final Path path, final Router router, final Function<Throwable, HttpReply> errorMapper)
        throws IOException
    {
        this.path = path;
        this.router = router;
        this.errorMapper = errorMapper;
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.deleteIfExists(path);
        final PrivateSocket socket = PrivateSocket.create(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try
        {
            server.bind(UnixDomainSocketAddress.of(socket.bindPath()));
            socket.publish();
        }
        catch (final IOException | RuntimeException e)
        {
            server.close();
            socket.discard();
            throw e;
        }
        Thread.ofPlatform().daemon(true).name("pontoon-plugin-accept").start(this::acceptLoop);
    }

    private void acceptLoop()
    {
        while (!closed)
        {
            try
            {
                final SocketChannel ch = server.accept();
                workers.execute(() -> serve(ch));
            }
            catch (final IOException e)
            {
                if (!closed)
                {
                    LOG.log(System.Logger.Level.WARNING, "plugin socket " + path + ": " + e.getMessage());
                }
            }
        }
    }

    private void serve(final SocketChannel ch)
    {
        try (ch; InputStream in = Channels.newInputStream(ch); OutputStream out = Channels.newOutputStream(ch))
        {
            while (!closed)
            {
                final String head = readHead(in);
                if (head == null)
                {
                    return;
                }
                final String[] lines = head.split("\r\n");
                final String[] requestLine = lines[0].split(" ");
                if (requestLine.length != 3)
                {
                    write(out, HttpReply.error(400, "malformed request line"), false);
                    return;
                }
                long length = 0;
                boolean chunked = false;
                boolean keepAlive = !requestLine[2].equals("HTTP/1.0");
                for (int i = 1; i < lines.length; i++)
                {
                    final int colon = lines[i].indexOf(':');
                    if (colon <= 0)
                    {
                        continue;
                    }
                    final String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    final String value = lines[i].substring(colon + 1).trim();
                    switch (name)
                    {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
                        default ->
                        {
                            // Host and the rest mean nothing on a local socket
                        }
                    }
                }
                if (length > MAX_BODY)
                {
                    write(out, HttpReply.error(413, "request body too large"), false);
                    return;
                }
                final String body = chunked ? readChunked(in) : new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
                write(out, dispatch(requestLine[0], requestLine[1], body), keepAlive);
                if (!keepAlive)
                {
                    return;
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            if (!closed)
            {
                LOG.log(System.Logger.Level.DEBUG, "plugin connection: " + e);
            }
        }
    }

    private HttpReply dispatch(final String method, final String target, final String body)
    {
        final int q = target.indexOf('?');
        final String p = q < 0 ? target : target.substring(0, q);
        try
        {
            final Router.Match m = router.match(method, p);
            if (m.route() == null)
            {
                return HttpReply.error(m.status(), "no such endpoint: " + method + " " + p);
            }
            return m.route().handle(new HttpCall(method, p, m.params(), Router.parseQuery(q < 0 ? null : target.substring(q + 1)),
                body));
        }
        catch (final Throwable t)
        {
            return errorMapper.apply(t);
        }
    }

    private static String readHead(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4)
        {
            final int b = in.read();
            if (b < 0)
            {
                return null;
            }
            buf.write(b);
            state = b == '\r' && (state == 0 || state == 2) ? state + 1 : b == '\n' && (state == 1 || state == 3) ? state + 1 : 0;
            if (buf.size() > MAX_HEADER)
            {
                throw new IOException("request header too large");
            }
        }
        final String s = buf.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    private static String readChunked(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true)
        {
            final String sizeLine = readLine(in);
            final int semi = sizeLine.indexOf(';');
            final int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0)
            {
                while (!readLine(in).isEmpty())
                {
                    // trailers are ignored
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            if (body.size() + size > MAX_BODY)
            {
                throw new IOException("request body too large");
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(final InputStream in) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n')
        {
            if (b != '\r')
            {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    private static void write(final OutputStream out, final HttpReply reply, final boolean keepAlive) throws IOException
    {
        final byte[] body = reply.body() == null ? new byte[0] : (Json.write(reply.body()) + "\n").getBytes(StandardCharsets.UTF_8);
        final String head = "HTTP/1.1 " + reply.status() + " " + (reply.status() < 300 ? "OK" : "Error") + "\r\n"
            + "Content-Type: application/vnd.docker.plugins.v1.1+json\r\n"
            + "Content-Length: " + body.length + "\r\n"
            + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    @Override
    public void close()
    {
        closed = true;
        try
        {
            server.close();
            Files.deleteIfExists(path);
        }
        catch (final IOException e)
        {
            LOG.log(System.Logger.Level.WARNING, "closing " + path + ": " + e.getMessage());
        }
        workers.shutdownNow();
    }
}
