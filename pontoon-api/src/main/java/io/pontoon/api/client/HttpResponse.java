// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 response: status, reason, headers (names lowercased, repeated ones joined with
 * ", ") and the body decoded as UTF-8 (Content-Length, chunked, or up to end of stream).
 */
public record HttpResponse(int status, String reason, Map<String, String> headers, String body)
{
    private static final int MAX_HEAD = 64 * 1024;

    public HttpResponse
    {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** True for 2xx. */
    public boolean ok()
    {
        return status >= 200 && status < 300;
    }

    /** A header's value by case-insensitive name, or null. */
    public String header(final String name)
    {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Parses the first {@code len} bytes of {@code b}: a complete response, or null when more bytes
     * are needed. {@code eof} says the peer closed the stream (then incomplete means malformed).
     * Interim 1xx responses are skipped.
     */
    static HttpResponse tryParse(final byte[] b, final int len, final boolean eof) throws IOException
    {
        int start = 0;
        while (true)
        {
            final int headEnd = indexOf(b, start, len, "\r\n\r\n");
            if (headEnd < 0)
            {
                if (len - start > MAX_HEAD)
                {
                    throw malformed("header section too large");
                }
                if (eof)
                {
                    throw malformed(len == start ? "empty response" : "incomplete header section");
                }
                return null;
            }
            final String[] lines = new String(b, start, headEnd - start, StandardCharsets.ISO_8859_1).split("\r\n");
            final String[] sl = lines[0].split(" ", 3);
            if (sl.length < 2 || !sl[0].startsWith("HTTP/1.") || sl[1].length() != 3
                || !sl[1].chars().allMatch(c -> c >= '0' && c <= '9'))
            {
                throw malformed("bad status line '" + lines[0] + "'");
            }
            final int status = Integer.parseInt(sl[1]);
            final Map<String, String> headers = new LinkedHashMap<>();
            for (int k = 1; k < lines.length; k++)
            {
                final int colon = lines[k].indexOf(':');
                if (colon <= 0)
                {
                    throw malformed("bad header line '" + lines[k] + "'");
                }
                final String name = lines[k].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                final String value = lines[k].substring(colon + 1).trim();
                headers.merge(name, value, (x, y) -> x + ", " + y);
            }
            final int bodyStart = headEnd + 4;
            if (status < 200)
            {
                start = bodyStart;
                continue;
            }
            final String reason = sl.length > 2 ? sl[2] : "";
            if (status == 204 || status == 304)
            {
                return new HttpResponse(status, reason, headers, "");
            }
            final byte[] body = body(b, bodyStart, len, eof, headers);
            return body == null ? null : new HttpResponse(status, reason, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static byte[] body(final byte[] b, final int from, final int len, final boolean eof,
                               final Map<String, String> headers) throws IOException
    {
        final String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked"))
        {
            final byte[] body = chunked(b, from, len);
            if (body == null && eof)
            {
                throw malformed("chunked body cut short");
            }
            return body;
        }
        final String cl = headers.get("content-length");
        if (cl != null)
        {
            final long n;
            try
            {
                n = Long.parseLong(cl);
            }
            catch (final NumberFormatException e)
            {
                throw malformed("bad Content-Length '" + cl + "'");
            }
            if (n < 0 || n > Integer.MAX_VALUE)
            {
                throw malformed("bad Content-Length '" + cl + "'");
            }
            if (len - from >= n)
            {
                return Arrays.copyOfRange(b, from, from + (int) n);
            }
            if (eof)
            {
                throw malformed("body shorter than its Content-Length");
            }
            return null;
        }
        return eof ? Arrays.copyOfRange(b, from, len) : null;
    }

    /** Decodes a chunked body, or returns null while it is incomplete. */
    private static byte[] chunked(final byte[] b, final int from, final int len) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = from;
        while (true)
        {
            final int eol = indexOf(b, p, len, "\r\n");
            if (eol < 0)
            {
                return null;
            }
            String size = new String(b, p, eol - p, StandardCharsets.ISO_8859_1);
            final int semi = size.indexOf(';');
            size = (semi >= 0 ? size.substring(0, semi) : size).trim();
            if (size.isEmpty() || size.length() > 7 || !size.chars().allMatch(c -> Character.digit(c, 16) >= 0))
            {
                throw malformed("bad chunk size '" + size + "'");
            }
            final int n = Integer.parseInt(size, 16);
            p = eol + 2;
            if (n == 0)
            {
                while (true)
                {
                    final int end = indexOf(b, p, len, "\r\n");
                    if (end < 0)
                    {
                        return null;
                    }
                    if (end == p)
                    {
                        return out.toByteArray();
                    }
                    p = end + 2;
                }
            }
            if (len - p < (long) n + 2)
            {
                return null;
            }
            out.write(b, p, n);
            p += n;
            if (b[p] != '\r' || b[p + 1] != '\n')
            {
                throw malformed("chunk not followed by CRLF");
            }
            p += 2;
        }
    }

    private static int indexOf(final byte[] b, final int from, final int len, final String what)
    {
        outer:
        for (int k = from; k <= len - what.length(); k++)
        {
            for (int j = 0; j < what.length(); j++)
            {
                if (b[k + j] != what.charAt(j))
                {
                    continue outer;
                }
            }
            return k;
        }
        return -1;
    }

    private static IOException malformed(final String why)
    {
        return new IOException("malformed HTTP response from the daemon: " + why);
    }
}
