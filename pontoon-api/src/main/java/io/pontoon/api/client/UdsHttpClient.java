// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import io.pontoon.api.ApiVersion;

/**
 * HTTP/1.1 over the daemon's Unix socket with the JDK alone: one non-blocking
 * {@link SocketChannel} per request, {@code Connection: close}, a connect timeout and an overall
 * deadline for sending the request and reading the answer. No threads are started.
 */
public final class UdsHttpClient
{
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** Answers larger than this are refused (the daemon's answers are small JSON documents). */
    public static final int MAX_RESPONSE = 64 << 20;

    private final DaemonHost host;
    private final Duration connectTimeout;
    private final Duration timeout;

    public UdsHttpClient(final DaemonHost host)
    {
        this(host, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    public UdsHttpClient(final DaemonHost host, final Duration connectTimeout, final Duration timeout)
    {
        this.host = host;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
    }

    public DaemonHost host()
    {
        return host;
    }

    /**
     * Sends {@code METHOD path} with an optional JSON body (null for none) and returns the answer,
     * whatever its status. Throws {@link DaemonUnreachableException} when connecting fails,
     * {@link SocketTimeoutException} past the deadline, {@link IOException} on a malformed answer.
     */
    public HttpResponse request(final String method, final String path, final String jsonBody) throws IOException
    {
        final byte[] req = encode(method, path, jsonBody);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector sel = Selector.open())
        {
            ch.configureBlocking(false);
            final SelectionKey key = ch.register(sel, 0);
            connect(ch, key);
            final long deadline = System.nanoTime() + timeout.toNanos();
            try
            {
                final ByteBuffer out = ByteBuffer.wrap(req);
                while (out.hasRemaining())
                {
                    if (ch.write(out) == 0)
                    {
                        await(key, SelectionKey.OP_WRITE, deadline);
                    }
                }
            }
            catch (final SocketTimeoutException e)
            {
                throw e;
            }
            catch (final IOException e)
            {
                // The daemon may answer (e.g. 413 or 400) and close before reading all of the request.
                return read(ch, key, deadline, e);
            }
            return read(ch, key, deadline, null);
        }
    }

    private void connect(final SocketChannel ch, final SelectionKey key) throws IOException
    {
        try
        {
            if (!ch.connect(UnixDomainSocketAddress.of(host.socket())))
            {
                final long deadline = System.nanoTime() + connectTimeout.toNanos();
                while (!ch.finishConnect())
                {
                    await(key, SelectionKey.OP_CONNECT, deadline);
                }
            }
        }
        catch (final IOException e)
        {
            throw new DaemonUnreachableException(host, e);
        }
    }

    private HttpResponse read(final SocketChannel ch, final SelectionKey key, final long deadline,
                              final IOException writeFailure) throws IOException
    {
        byte[] buf = new byte[8192];
        int len = 0;
        boolean eof = false;
        while (true)
        {
            final HttpResponse r;
            try
            {
                r = HttpResponse.tryParse(buf, len, eof);
            }
            catch (final IOException e)
            {
                throw writeFailure != null ? writeFailure : e;
            }
            if (r != null)
            {
                return r;
            }
            if (len == buf.length)
            {
                if (buf.length >= MAX_RESPONSE)
                {
                    throw new IOException("the daemon's answer is larger than " + (MAX_RESPONSE >> 20) + " MiB");
                }
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_RESPONSE));
            }
            final int n;
            try
            {
                n = ch.read(ByteBuffer.wrap(buf, len, buf.length - len));
            }
            catch (final IOException e)
            {
                throw writeFailure != null ? writeFailure : e;
            }
            if (n < 0)
            {
                eof = true;
            }
            else if (n == 0)
            {
                await(key, SelectionKey.OP_READ, deadline);
            }
            else
            {
                len += n;
            }
        }
    }

    private void await(final SelectionKey key, final int ops, final long deadline) throws IOException
    {
        final long ms = Math.ceilDiv(deadline - System.nanoTime(), 1_000_000L);
        if (ms <= 0)
        {
            throw new SocketTimeoutException("the daemon at " + host + " did not answer within "
                + (ops == SelectionKey.OP_CONNECT ? connectTimeout : timeout).toSeconds() + " s");
        }
        key.interestOps(ops);
        key.selector().select(ms);
        key.selector().selectedKeys().clear();
    }

    static byte[] encode(final String method, final String path, final String jsonBody)
    {
        if (method == null || method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z'))
        {
            throw new IllegalArgumentException("bad HTTP method '" + method + "'");
        }
        if (path == null || !path.startsWith("/") || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f))
        {
            throw new IllegalArgumentException("bad request path '" + path + "'");
        }
        final byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        final StringBuilder sb = new StringBuilder(160);
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
            .append("Host: localhost\r\n")
            .append("User-Agent: pontoon/").append(ApiVersion.pontoonVersion()).append("\r\n")
            .append("Accept: application/json\r\n")
            .append("Connection: close\r\n");
        if (jsonBody != null)
        {
            sb.append("Content-Type: application/json\r\n");
        }
        if (jsonBody != null || !method.equals("GET") && !method.equals("DELETE") && !method.equals("HEAD"))
        {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        final byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        final byte[] req = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, req, head.length, body.length);
        return req;
    }
}
