// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP/1.1 exchange over a Unix domain socket, JDK only: connect, send the request with
 * {@code Content-Length} and {@code Connection: close}, read to EOF, parse status, headers and a
 * plain or chunked body. A watchdog thread closes the channel at the deadline, which wakes a
 * blocked connect or read. (To be folded into the shared UDS client later.)
 */
final class UdsHttp
{
    private static final int MAX_RESPONSE = 8 << 20;

    private UdsHttp()
    {
    }

    /** Status code and body text (UTF-8) of a response. */
    record Response(int status, String body)
    {
        boolean ok()
        {
            return status >= 200 && status < 300;
        }
    }

    /** Nobody accepted the connection (socket missing, refused, permission denied). */
    static final class Unreachable extends IOException
    {
        private static final long serialVersionUID = 1L;

        Unreachable(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    /** The exchange did not finish before the deadline. */
    static final class TimedOut extends IOException
    {
        private static final long serialVersionUID = 1L;

        TimedOut(final String message)
        {
            super(message);
        }
    }

    /**
     * Sends {@code method target} with an optional JSON body and returns the response.
     *
     * @throws Unreachable when connecting fails
     * @throws TimedOut    when the deadline passes first
     * @throws IOException on any other I/O or protocol error
     */
    static Response exchange(final Path socket, final String method, final String target, final String body,
        final long timeoutMillis) throws IOException
    {
        final byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        final StringBuilder head = new StringBuilder(160).append(method).append(' ').append(target)
            .append(" HTTP/1.1\r\nHost: localhost\r\nUser-Agent: pontoon-cni\r\nAccept: application/json\r\n");
        if (body != null)
        {
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(payload.length).append("\r\nConnection: close\r\n\r\n");
        final byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicBoolean fired = new AtomicBoolean();
        final SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try
        {
            final Thread watchdog = Thread.ofPlatform().daemon().name("pontoon-cni-deadline").start(new Runnable()
            {
                @Override
                public void run()
                {
                    try
                    {
                        if (!done.await(timeoutMillis, TimeUnit.MILLISECONDS))
                        {
                            fired.set(true);
                            ch.close();
                        }
                    }
                    catch (final InterruptedException | IOException e)
                    {
                        // nothing to close or already closed
                    }
                }
            });
            try
            {
                try
                {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                }
                catch (final IOException e)
                {
                    throw timedOut(fired, timeoutMillis, new Unreachable("connect " + socket + ": " + e.getMessage(), e));
                }
                final ByteBuffer out = ByteBuffer.allocate(h.length + payload.length).put(h).put(payload).flip();
                while (out.hasRemaining())
                {
                    ch.write(out);
                }
                final ByteArrayOutputStream in = new ByteArrayOutputStream(4096);
                final ByteBuffer buf = ByteBuffer.allocate(8192);
                while (ch.read(buf.clear()) >= 0)
                {
                    in.write(buf.array(), 0, buf.position());
                    if (in.size() > MAX_RESPONSE)
                    {
                        throw new IOException("response larger than " + MAX_RESPONSE + " bytes");
                    }
                }
                return parse(in.toByteArray());
            }
            catch (final Unreachable | TimedOut e)
            {
                throw e;
            }
            catch (final IOException e)
            {
                throw timedOut(fired, timeoutMillis, e);
            }
            finally
            {
                done.countDown();
                watchdog.interrupt();
            }
        }
        finally
        {
            ch.close();
        }
    }

    private static IOException timedOut(final AtomicBoolean fired, final long timeoutMillis, final IOException e)
    {
        return fired.get() ? new TimedOut("no answer within " + timeoutMillis + " ms") : e;
    }

    private static List<String> lines(final String head)
    {
        final List<String> out = new ArrayList<>();
        int p = 0;
        while (true)
        {
            final int eol = head.indexOf("\r\n", p);
            if (eol < 0)
            {
                out.add(head.substring(p));
                return out;
            }
            out.add(head.substring(p, eol));
            p = eol + 2;
        }
    }

    /** Parses a complete response: status line, headers, then a Content-Length, chunked or EOF-framed body. */
    static Response parse(final byte[] raw) throws IOException
    {
        final int end = indexOf(raw, 0);
        if (end < 0)
        {
            throw new IOException("truncated HTTP response (" + raw.length + " bytes, no end of headers)");
        }
        final List<String> lines = lines(new String(raw, 0, end, StandardCharsets.ISO_8859_1));
        final String[] status = lines.get(0).split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1."))
        {
            throw new IOException("not an HTTP/1.x response: '" + lines.get(0) + "'");
        }
        final int code;
        try
        {
            code = Integer.parseInt(status[1]);
        }
        catch (final NumberFormatException e)
        {
            throw new IOException("bad HTTP status line: '" + lines.get(0) + "'", e);
        }
        long length = -1;
        boolean chunked = false;
        for (final String line : lines.subList(1, lines.size()))
        {
            final int colon = line.indexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            final String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            final String value = line.substring(colon + 1).trim();
            if (name.equals("content-length"))
            {
                try
                {
                    length = Long.parseLong(value);
                }
                catch (final NumberFormatException e)
                {
                    throw new IOException("bad Content-Length '" + value + "'", e);
                }
            }
            else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked"))
            {
                chunked = true;
            }
        }
        final int start = end + 4;
        final byte[] body;
        if (chunked)
        {
            body = dechunk(raw, start);
        }
        else if (length >= 0)
        {
            if (start + length > raw.length)
            {
                throw new IOException("truncated HTTP body: " + (raw.length - start) + " of " + length + " bytes");
            }
            body = Arrays.copyOfRange(raw, start, start + (int) length);
        }
        else
        {
            body = Arrays.copyOfRange(raw, start, raw.length);
        }
        return new Response(code, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(final byte[] raw, final int from) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = from;
        while (true)
        {
            int eol = p;
            while (eol + 1 < raw.length && !(raw[eol] == '\r' && raw[eol + 1] == '\n'))
            {
                eol++;
            }
            if (eol + 1 >= raw.length)
            {
                throw new IOException("truncated chunked body");
            }
            String size = new String(raw, p, eol - p, StandardCharsets.ISO_8859_1);
            final int semi = size.indexOf(';');
            size = (semi >= 0 ? size.substring(0, semi) : size).trim();
            final int n;
            try
            {
                n = Integer.parseInt(size, 16);
            }
            catch (final NumberFormatException e)
            {
                throw new IOException("bad chunk size '" + size + "'", e);
            }
            p = eol + 2;
            if (n == 0)
            {
                return out.toByteArray();
            }
            if (n < 0 || p + n > raw.length)
            {
                throw new IOException("truncated chunked body");
            }
            out.write(raw, p, n);
            p += n + 2;
        }
    }

    private static int indexOf(final byte[] raw, final int from)
    {
        for (int i = from; i + 3 < raw.length; i++)
        {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }
}
