// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UdsHttpTest
{
    @TempDir
    Path dir;

    @Test
    void parsesContentLengthChunkedAndEofFramedBodies() throws IOException
    {
        assertEquals(new UdsHttp.Response(200, "{}"), parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
        assertEquals(new UdsHttp.Response(404, "{\"a\":1}"),
            parse("HTTP/1.1 404 Not Found\r\ntransfer-encoding: Chunked\r\n\r\n3;x=y\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n"));
        assertEquals(new UdsHttp.Response(500, "oops"), parse("HTTP/1.0 500 Error\r\n\r\noops"));
        assertEquals("é", parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n\u00c3\u00a9").body());
    }

    @Test
    void rejectsBrokenResponses()
    {
        assertThrows(IOException.class, () -> parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"));
        assertThrows(IOException.class, () -> parse("SSH-2.0-OpenSSH\r\n\r\n"));
        assertThrows(IOException.class, () -> parse("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}"));
        assertThrows(IOException.class, () -> parse("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n{}"));
        assertThrows(IOException.class, () -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
    }

    @Test
    void sendsOneRequestWithLengthAndClose() throws IOException
    {
        final Path sock = dir.resolve("s.sock");
        try (StubDaemon d = new StubDaemon(sock, r -> StubDaemon.Reply.json(201, r.body())))
        {
            final UdsHttp.Response r = UdsHttp.exchange(sock, "POST", "/v1/cni/add", "{\"k\":\"\u00e9\"}", 5000);
            assertEquals(new UdsHttp.Response(201, "\"{\\\"k\\\":\\\"\u00e9\\\"}\""), r);
            assertEquals("{\"k\":\"\u00e9\"}", d.single().body());
        }
        assertThrows(UdsHttp.Unreachable.class, () -> UdsHttp.exchange(sock, "GET", "/", null, 5000));
    }

    private static UdsHttp.Response parse(final String raw) throws IOException
    {
        return UdsHttp.parse(raw.getBytes(StandardCharsets.ISO_8859_1));
    }
}
