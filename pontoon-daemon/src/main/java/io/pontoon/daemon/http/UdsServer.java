// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.http;

import io.pontoon.api.json.Json;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * HTTP/1.1 + JSON on Unix domain sockets (Jetty core, no servlets). One server may listen on
 * several sockets, each with its own router (the REST API, the Docker plugin protocol). Handlers
 * run on platform threads: routes make FFM calls, which would pin virtual threads' carriers.
 */
public final class UdsServer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger("pontoon.http");

    private final Server server;
    private final Function<Throwable, HttpReply> errorMapper;
    private final List<PrivateSocket> sockets = new ArrayList<>();

    public UdsServer(final Function<Throwable, HttpReply> errorMapper)
    {
        final QueuedThreadPool pool = new QueuedThreadPool(256, 4);
        pool.setName("pontoon-http");
        pool.setDaemon(true);
        this.server = new Server(pool);
        this.errorMapper = errorMapper;
        server.setHandler(new Handler.Sequence());
    }

    /**
     * Serves {@code router} on the socket at {@code path}: mode 0660, root's, and never reachable
     * there with another mode (it is bound in a private directory and renamed into place, see
     * {@link PrivateSocket}).
     */
    public UdsServer listen(final Path path, final Router router)
    {
        prepareSocketPath(path);
        final PrivateSocket socket;
        try
        {
            socket = PrivateSocket.create(path);
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot prepare socket " + path + ": " + e.getMessage(), e);
        }
        sockets.add(socket);
        final HttpConfiguration cfg = new HttpConfiguration();
        cfg.setSendServerVersion(false);
        final UnixDomainServerConnector c = new UnixDomainServerConnector(server, new HttpConnectionFactory(cfg));
        c.setUnixDomainPath(socket.bindPath());
        c.setAcceptQueueSize(256);
        server.addConnector(c);
        ((Handler.Sequence) server.getHandler()).addHandler(new RouterHandler(c, router));
        return this;
    }

    /** Binds every socket and moves each to its real path. */
    public void start() throws Exception
    {
        try
        {
            server.start();
            for (final PrivateSocket s : sockets)
            {
                s.publish();
            }
        }
        catch (final Exception e)
        {
            close();
            throw e;
        }
    }

    @Override
    public void close()
    {
        try
        {
            server.stop();
        }
        catch (final Exception e)
        {
            LOG.log(System.Logger.Level.WARNING, "stopping the HTTP server: " + e);
        }
        for (final PrivateSocket s : sockets)
        {
            s.discard();
            try
            {
                if (s.published())
                {
                    Files.deleteIfExists(s.target());
                }
            }
            catch (final IOException e)
            {
                LOG.log(System.Logger.Level.WARNING, "removing socket " + s.target() + ": " + e);
            }
        }
    }

    /** Refuses to start over a live daemon's socket; removes a stale socket file. */
    private static void prepareSocketPath(final Path path)
    {
        try
        {
            Files.createDirectories(path.toAbsolutePath().getParent());
            if (!Files.exists(path))
            {
                return;
            }
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX))
            {
                ch.connect(UnixDomainSocketAddress.of(path));
                throw new IllegalStateException("another daemon is already listening on " + path);
            }
            catch (final IOException stale)
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot prepare socket " + path + ": " + e.getMessage(), e);
        }
    }

    /** Dispatches requests of one connector to its router. */
    private final class RouterHandler extends Handler.Abstract
    {
        private final UnixDomainServerConnector connector;
        private final Router router;

        RouterHandler(final UnixDomainServerConnector connector, final Router router)
        {
            this.connector = connector;
            this.router = router;
        }

        @Override
        public boolean handle(final Request request, final Response response, final Callback callback) throws Exception
        {
            if (request.getConnectionMetaData().getConnector() != connector)
            {
                return false;
            }
            final String method = request.getMethod();
            final String path = request.getHttpURI().getPath();
            HttpReply reply;
            try
            {
                final Router.Match m = router.match(method, path);
                if (m.route() == null)
                {
                    reply = HttpReply.error(m.status(), m.status() == 404
                        ? "no such endpoint: " + method + " " + path
                        : "method " + method + " is not allowed on " + path);
                }
                else
                {
                    final String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                    final Map<String, String> headers = new HashMap<>();
                    for (final HttpField f : request.getHeaders())
                    {
                        headers.putIfAbsent(f.getLowerCaseName(), f.getValue());
                    }
                    reply = m.route().handle(new HttpCall(method, path, m.params(),
                        Router.parseQuery(request.getHttpURI().getQuery()), body, headers));
                }
            }
            catch (final Throwable t)
            {
                reply = errorMapper.apply(t);
                if (reply.status() >= 500)
                {
                    LOG.log(System.Logger.Level.ERROR, method + " " + path + " failed", t);
                }
            }
            response.setStatus(reply.status());
            if (reply.body() == null)
            {
                callback.succeeded();
                return true;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            if (reply.body() instanceof HttpReply.Text t)
            {
                t.headers().forEach((k, v) -> response.getHeaders().put(k, v));
                Content.Sink.write(response, true, t.text(), callback);
                return true;
            }
            Content.Sink.write(response, true, Json.write(reply.body()) + "\n", callback);
            return true;
        }
    }
}
