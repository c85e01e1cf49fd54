// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.pontoon.api.json.Json;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdsServerTest
{
    private static String curl(final Path sock, final String... args) throws Exception
    {
        final String[] cmd = new String[args.length + 6];
        cmd[0] = "curl";
        cmd[1] = "-s";
        cmd[2] = "-w";
        cmd[3] = " %{http_code}";
        cmd[4] = "--unix-socket";
        cmd[5] = sock.toString();
        System.arraycopy(args, 0, cmd, 6, args.length);
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes()).replace("\n", "").trim();
        p.waitFor();
        return out;
    }

    @Test
    void routesParametersErrorsAndSocketMode() throws Exception
    {
        final Path dir = Files.createTempDirectory("pt-uds");
        final Path sock = dir.resolve("api.sock");
        final Router r = new Router()
            .add("GET", "/v1/things/{id}", c -> HttpReply.ok(Json.obj("id", c.param("id"), "q", c.queryFlag("force"))))
            .add("POST", "/v1/things", c -> HttpReply.created(c.json().map()))
            .add("GET", "/v1/boom", c ->
            {
                throw new IllegalArgumentException("bad thing");
            });
        try
        {
            try (UdsServer s = new UdsServer(t -> HttpReply.error(400, t.getMessage())).listen(sock, r))
            {
                s.start();
                assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
                assertEquals("{\"id\":\"a b\",\"q\":true} 200", curl(sock, "http://x/v1/things/a%20b?force=1"));
                assertEquals("{\"k\":1} 201", curl(sock, "-d", "{\"k\":1}", "http://x/v1/things"));
                assertEquals("{\"message\":\"bad thing\"} 400", curl(sock, "http://x/v1/boom"));
                assertTrue(curl(sock, "http://x/v1/nope").endsWith("404"));
                assertTrue(curl(sock, "-X", "DELETE", "http://x/v1/things").endsWith("405"));
                assertTrue(curl(sock, "-d", "{bad", "http://x/v1/things").endsWith("400"));
                final IllegalStateException twice = assertThrows(IllegalStateException.class,
                    () -> new UdsServer(t -> HttpReply.error(500, "x")).listen(sock, r));
                assertTrue(twice.getMessage().contains("already listening"));
                try (var files = Files.list(dir))
                {
                    assertEquals(List.of(sock), files.toList(), "the private directory the socket was bound in is gone");
                }
            }
            assertFalse(Files.exists(sock), "close removes the socket");
        }
        finally
        {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(dir);
        }
    }
}
