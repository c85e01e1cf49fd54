// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdsHttpClientTest
{
    @TempDir
    Path dir;

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private UdsHttpClient client(final Path socket)
    {
        return new UdsHttpClient(new DaemonHost(socket), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void sendsRequestLineHeadersAndBodyAndParsesContentLengthAnswer() throws Exception
    {
        final String body = "{\"Name\":\"n\u00e9t\"}";
        try (OneShotServer s = new OneShotServer(dir, bytes("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
            + "Content-Length: 13\r\nX-A: 1\r\nx-a: 2\r\n\r\n{\"Id\":\"abc\"}\n"), false))
        {
            final HttpResponse r = client(s.socket()).request("POST", "/v1/networks", body);
            assertEquals(201, r.status());
            assertEquals("Created", r.reason());
            assertEquals("{\"Id\":\"abc\"}\n", r.body());
            assertEquals("1, 2", r.header("X-A"));
            assertTrue(r.ok());
            final String req = s.request();
            final String[] lines = req.split("\r\n");
            assertEquals("POST /v1/networks HTTP/1.1", lines[0]);
            assertTrue(req.contains("\r\nHost: localhost\r\n"), req);
            assertTrue(req.contains("\r\nConnection: close\r\n"), req);
            assertTrue(req.contains("\r\nContent-Type: application/json\r\n"), req);
            assertTrue(req.contains("\r\nContent-Length: " + bytes(body).length + "\r\n"), req);
            assertTrue(req.contains("\r\nUser-Agent: pontoon/"), req);
            assertTrue(req.endsWith("\r\n\r\n" + body), req);
        }
    }

    @Test
    void getSendsNoBodyHeaders() throws Exception
    {
        try (OneShotServer s = new OneShotServer(dir, bytes("HTTP/1.1 204 No Content\r\n\r\n"), false))
        {
            final HttpResponse r = client(s.socket()).request("DELETE", "/v1/sandboxes/x?force=true", null);
            assertEquals(204, r.status());
            assertEquals("", r.body());
            final String req = s.request();
            assertTrue(req.startsWith("DELETE /v1/sandboxes/x?force=true HTTP/1.1\r\n"), req);
            assertFalse(req.contains("Content-Length"), req);
            assertFalse(req.contains("Content-Type"), req);
        }
    }

    @Test
    void decodesChunkedBodiesWithExtensionsAndTrailersAfterInterim100() throws Exception
    {
        final String answer = "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;ext=1\r\n[{\"a\r\n" + "C\r\n\":\"\u00e9\u00e9\u00e9\"}]\r\n" + "0\r\nX-Trailer: t\r\n\r\n";
        try (OneShotServer s = new OneShotServer(dir, bytes(answer), false))
        {
            final HttpResponse r = client(s.socket()).request("GET", "/v1/networks", null);
            assertEquals(200, r.status());
            assertEquals("[{\"a\":\"\u00e9\u00e9\u00e9\"}]", r.body());
        }
    }

    @Test
    void readsToEndOfStreamWithoutLengthAndParsesErrorBodies() throws Exception
    {
        try (OneShotServer s = new OneShotServer(dir, bytes("HTTP/1.0 404 Not Found\r\n\r\n{\"message\":\"no such network: x\"}"), false))
        {
            final HttpResponse r = client(s.socket()).request("GET", "/v1/networks/x", null);
            assertEquals(404, r.status());
            assertFalse(r.ok());
            assertEquals("{\"message\":\"no such network: x\"}", r.body());
        }
    }

    @Test
    void answerSentBeforeTheRequestWasReadIsStillReturned() throws Exception
    {
        try (OneShotServer s = new OneShotServer(dir, bytes("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 2\r\n\r\n{}"), true))
        {
            final HttpResponse r = client(s.socket()).request("POST", "/v1/networks", "x".repeat(4 << 20));
            assertEquals(413, r.status());
        }
    }

    @Test
    void malformedAnswersAreIoErrors() throws Exception
    {
        for (final String bad : new String[] {"SMTP 220 hi\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "", "HTTP/1.1 200 OK\r\nbad header\r\n\r\n"})
        {
            try (OneShotServer s = new OneShotServer(dir, bytes(bad), false))
            {
                final IOException e = assertThrows(IOException.class, () -> client(s.socket()).request("GET", "/v1/version", null));
                assertTrue(e.getMessage().startsWith("malformed HTTP response from the daemon: "), e.getMessage());
            }
        }
    }

    @Test
    void unreachableDaemonHasTheDocumentedMessage() throws Exception
    {
        final Path missing = dir.resolve("nope.sock");
        final DaemonUnreachableException e = assertThrows(DaemonUnreachableException.class,
            () -> client(missing).request("GET", "/v1/version", null));
        assertEquals("cannot reach the Pontoon daemon at unix://" + missing + " (is \"pontoon daemon\" running?)",
            e.getMessage());
        final Path stale = dir.resolve("stale.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(stale)).close();
        assertTrue(Files.exists(stale));
        assertThrows(DaemonUnreachableException.class, () -> client(stale).request("GET", "/v1/version", null));
        assertEquals("cannot reach the Pontoon daemon at unix:///run/pontoon/pontoon.sock (is \"pontoon daemon\" running?)",
            new DaemonUnreachableException(new DaemonHost(DaemonHost.DEFAULT_SOCKET), new IOException("x")).getMessage());
        assertEquals("permission denied connecting to unix:///run/pontoon/pontoon.sock (the daemon socket is root-only; try sudo)",
            new DaemonUnreachableException(new DaemonHost(DaemonHost.DEFAULT_SOCKET),
                new java.net.SocketException("Permission denied")).getMessage());
    }

    @Test
    void silentDaemonTimesOut() throws Exception
    {
        final Path sock = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            server.bind(UnixDomainSocketAddress.of(sock));
            final UdsHttpClient c = new UdsHttpClient(new DaemonHost(sock), Duration.ofSeconds(1), Duration.ofMillis(200));
            final SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> c.request("GET", "/v1/version", null));
            assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
        }
    }

    @Test
    void hostResolutionFlagThenEnvThenDefault()
    {
        assertEquals(Path.of("/a.sock"), DaemonHost.resolve("unix:///a.sock", Map.of("PONTOON_HOST", "unix:///b.sock")).socket());
        assertEquals(Path.of("/b.sock"), DaemonHost.resolve(null, Map.of("PONTOON_HOST", "unix:///b.sock")).socket());
        assertEquals(DaemonHost.DEFAULT_SOCKET, DaemonHost.resolve(null, Map.of()).socket());
        assertEquals("unix:///run/pontoon/pontoon.sock", DaemonHost.resolve(null, Map.of("PONTOON_HOST", "")).toString());
        assertEquals(Path.of("/c.sock"), DaemonHost.parse("/c.sock").socket());
        assertThrows(IllegalArgumentException.class, () -> DaemonHost.parse("tcp://1.2.3.4:2375"));
        assertThrows(IllegalArgumentException.class, () -> DaemonHost.parse("unix://"));
    }

    @Test
    void refusesBadMethodsAndPaths()
    {
        assertThrows(IllegalArgumentException.class, () -> UdsHttpClient.encode("get", "/x", null));
        assertThrows(IllegalArgumentException.class, () -> UdsHttpClient.encode("GET", "/x y", null));
        assertThrows(IllegalArgumentException.class, () -> UdsHttpClient.encode("GET", "x", null));
        final String post = new String(UdsHttpClient.encode("POST", "/v1/x", null), StandardCharsets.US_ASCII);
        assertTrue(post.contains("\r\nContent-Length: 0\r\n"), post);
        assertFalse(post.contains("Content-Type"), post);
    }
}
