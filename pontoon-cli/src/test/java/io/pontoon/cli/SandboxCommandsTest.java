// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pontoon.api.json.Json;
import io.pontoon.api.rest.SandboxView;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxCommandsTest extends CliTestSupport
{
    private static final String NETNS = "/run/pontoon/netns/" + SB_ID;

    @TempDir
    Path dir;

    FakeDaemon d;

    @BeforeEach
    void start() throws Exception
    {
        d = new FakeDaemon(dir);
        d.on("POST", "/v1/sandboxes", 201, json(sandbox(NETNS).toJson()));
        d.on("DELETE", "/v1/sandboxes/" + SB_ID + "?force=true", 204, "");
    }

    @AfterEach
    void stop() throws Exception
    {
        d.close();
    }

    @Test
    void runCreatesThenNsentersAndExitsWithTheCommandsCodeThenRemoves()
    {
        runner.exitCode = 3;
        final Result r = run(d.socket(), "run", "--name", "web", "--network", "n1", "-p", "8080:80",
            "-p", "127.0.0.1:53:53/udp", "--publish=8000-8001:9000-9001", "--ip", "10.200.0.5", "--rm",
            "--", "sh", "-c", "exit 3");
        assertEquals(new Result(3, "", ""), r);
        assertEquals("{\"Name\":\"web\",\"Network\":\"n1\",\"IP\":\"10.200.0.5\","
            + "\"Publish\":[\"8080:80\",\"127.0.0.1:53:53/udp\",\"8000-8001:9000-9001\"],"
            + "\"Command\":[\"sh\",\"-c\",\"exit 3\"],\"Detach\":false,\"AutoRemove\":true}", d.requests().get(0).body());
        assertEquals(List.of(List.of("nsenter", "--net=" + NETNS, "--", "sh", "-c", "exit 3")), runner.runs);
        assertEquals("DELETE /v1/sandboxes/" + SB_ID + "?force=true",
            d.requests().get(1).method() + " " + d.requests().get(1).target());
        assertEquals(2, d.requests().size());
    }

    @Test
    void runWithoutDashDashStopsOptionsAtTheCommand()
    {
        final Result r = run(d.socket(), "run", "--name", "web", "echo", "-n", "--rm", "hi");
        assertEquals(0, r.code());
        assertEquals(List.of("nsenter", "--net=" + NETNS, "--", "echo", "-n", "--rm", "hi"), runner.runs.get(0));
        assertEquals("{\"Name\":\"web\",\"Network\":\"bridge\",\"IP\":null,\"Publish\":[],\"Command\":[\"echo\",\"-n\","
            + "\"--rm\",\"hi\"],\"Detach\":false,\"AutoRemove\":false}", d.requests().get(0).body());
        assertEquals(1, d.requests().size(), "no --rm: the sandbox stays");
    }

    @Test
    void detachedRunLetsTheDaemonStartTheCommandAndPrintsTheId()
    {
        final Result r = run(d.socket(), "run", "-d", "--rm", "--name", "web", "sleep", "100");
        assertEquals(new Result(0, SB_ID + "\n", ""), r);
        assertTrue(d.requests().get(0).body().contains("\"Command\":[\"sleep\",\"100\"],\"Detach\":true,\"AutoRemove\":true"));
        assertEquals(List.of(), runner.runs);
        assertEquals(1, d.requests().size());
        assertEquals(0, run(d.socket(), "run", "-d", "--name", "idle").code());
        assertTrue(d.requests().get(1).body().contains("\"Command\":[],\"Detach\":false"), d.requests().get(1).body());
    }

    @Test
    void hostModeRunsTheCommandDirectly()
    {
        final SandboxView host = new SandboxView(SB_ID, "h", "host", null, "created", 0, null, List.of(), CREATED,
            List.of(), List.of());
        d.on("POST", "/v1/sandboxes", 201, json(host.toJson()));
        assertEquals(0, run(d.socket(), "run", "--network", "host", "--", "true").code());
        assertEquals(List.of(List.of("true")), runner.runs);
    }

    @Test
    void commandThatCannotStartGives127AndRmStillRemoves()
    {
        runner.startFailure = new IOException("Cannot run program \"nsenter\": error=2, No such file or directory");
        final Result r = run(d.socket(), "run", "--rm", "--", "x");
        assertEquals(new Result(127, "", "Error: cannot run nsenter: No such file or directory\n"), r);
        assertEquals("DELETE", d.requests().get(1).method());
    }

    @Test
    void runUsageErrorsSendNothing()
    {
        assertEquals(new Result(2, "", "Error: invalid publish spec '80:': container port missing (see 'pontoon run --help')\n"), run(d.socket(), "run", "-p", "80:", "--", "true"));
        assertEquals(2, run(d.socket(), "run", "-p", "8000-8001:80-82", "--", "true").code());
        assertEquals(new Result(2, "", "Error: \"pontoon run\" requires a command (CMD [ARG...]); use -d to create a "
            + "sandbox without one. (see 'pontoon run --help')\n"), run(d.socket(), "run", "--name", "x"));
        assertEquals(new Result(2, "", "Error: unknown shorthand flag: 'x' in -x (see 'pontoon run --help')\n"),
            run(d.socket(), "run", "-x", "--", "true"));
        assertEquals(0, d.requests().size());
    }

    @Test
    void execNsentersIntoTheSandbox()
    {
        d.on("GET", "/v1/sandboxes/web", 200, json(sandbox(NETNS).toJson()));
        runner.exitCode = 42;
        assertEquals(42, run(d.socket(), "exec", "web", "--", "ip", "-br", "addr").code());
        assertEquals(0 + 42, run(d.socket(), "exec", "web", "ip", "-br", "addr").code());
        assertEquals(List.of("nsenter", "--net=" + NETNS, "--", "ip", "-br", "addr"), runner.runs.get(0));
        assertEquals(runner.runs.get(0), runner.runs.get(1));
        assertEquals(2, run(d.socket(), "exec", "web").code());
        assertEquals(2, run(d.socket(), "exec", "web", "--").code());
        d.on("GET", "/v1/sandboxes/nope", 404, "{\"message\":\"sandbox nope not found\"}");
        assertEquals(new Result(1, "", "Error: sandbox nope not found\n"), run(d.socket(), "exec", "nope", "true"));
    }

    @Test
    void psTableAndJsonAndChunkedAnswers()
    {
        d.onChunked("GET", "/v1/sandboxes", 200, json(List.of(sandbox(NETNS).toJson())));
        final Result r = run(d.socket(), "ps");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
            SANDBOX ID     NAME   NETWORK   IP           PORTS                                          STATUS    CREATED         COMMAND
            abcdef012345   web    n1        10.200.0.2   *:8080-8081->80-81/tcp, 127.0.0.1:53->53/udp   created   3 minutes ago   "sleep 1000000000"
            """, r.out());
        final Result j = run(d.socket(), "ps", "--format", "json");
        assertEquals(Json.pretty(Json.parse(json(List.of(sandbox(NETNS).toJson())))) + "\n", j.out());
    }

    @Test
    void inspectAndRm()
    {
        d.on("GET", "/v1/sandboxes/abc", 200, json(sandbox(NETNS).toJson()));
        final Result r = run(d.socket(), "inspect", "abc");
        assertEquals(new Result(0, Json.pretty(Json.parse(json(sandbox(NETNS).toJson()))) + "\n", ""), r);
        assertEquals(2, run(d.socket(), "inspect").code());
        d.on("DELETE", "/v1/sandboxes/a", 204, "");
        d.on("DELETE", "/v1/sandboxes/b?force=true", 204, "");
        d.on("DELETE", "/v1/sandboxes/c", 403, "{\"message\":\"sandbox c is joined by d; use -f\"}");
        assertEquals(new Result(0, "a\n", ""), run(d.socket(), "rm", "a"));
        assertEquals(new Result(1, "a\n", "Error: sandbox c is joined by d; use -f\n"), run(d.socket(), "rm", "a", "c"));
        assertEquals(new Result(0, "b\n", ""), run(d.socket(), "rm", "-f", "b"));
        assertEquals(new Result(1, "", "Error: '..' is not a valid name or id\n"), run(d.socket(), "rm", ".."));
    }

    @Test
    void versionShowsClientAndServer()
    {
        d.on("GET", "/v1/version", 200, "{\"Version\":\"9.9.9\",\"ApiVersion\":\"v1\"}");
        final Result r = run(d.socket(), "version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Client:\n Version:      "), r.out());
        assertTrue(r.out().endsWith("Server:\n Version:      9.9.9\n API version:  v1\n"), r.out());
        assertTrue(d.requests().get(0).head().startsWith("GET /v1/version HTTP/1.1\r\n"));
    }

    @Test
    void unreachableDaemon()
    {
        final Path missing = dir.resolve("none.sock");
        final Result r = run(missing, "version");
        assertEquals(1, r.code());
        assertEquals("Error: cannot reach the Pontoon daemon at unix://" + missing + " (is \"pontoon daemon\" running?)\n",
            r.err());
        assertTrue(r.out().startsWith("Client:"), "the client half is printed first");
        final Result h = run(Map.of("PONTOON_HOST", "unix://" + d.socket()), "-H", "unix://" + missing, "ps");
        assertEquals("Error: cannot reach the Pontoon daemon at unix://" + missing + " (is \"pontoon daemon\" running?)\n",
            h.err());
        assertEquals(new Result(2, "", "Error: invalid daemon host 'tcp://x:1': only unix://PATH is supported (see 'pontoon --help')\n"), run(Map.of(), "--host", "tcp://x:1", "ps"));
    }

    @Test
    void topLevelHelpAndUsageErrors()
    {
        for (final String c : List.of("run", "exec", "ps", "inspect", "rm", "version"))
        {
            final Result r = run(d.socket(), c, "--help");
            assertEquals(0, r.code(), c);
            assertTrue(r.out().startsWith("Usage:  pontoon " + c), r.out());
        }
        final Result top = run(d.socket(), "--help");
        assertTrue(top.out().contains("network") && top.out().contains("daemon"), top.out());
        assertEquals(0, run(d.socket()).code());
        assertEquals(new Result(2, "", "Error: unknown command \"pull\" for \"pontoon\" (see 'pontoon --help')\n"),
            run(d.socket(), "pull"));
        assertEquals(new Result(2, "", "Error: \"pontoon ps\" accepts no arguments. (see 'pontoon ps --help')\n"),
            run(d.socket(), "ps", "x"));
        assertEquals(2, run(d.socket(), "-H", "unix:///x", "daemon").code());
        assertEquals(0, d.requests().size());
    }

    @Test
    void malformedSuccessAnswerIsReported()
    {
        d.on("GET", "/v1/sandboxes/web", 200, "{\"Id\":\"x\"}");
        assertEquals(new Result(1, "", "Error: unexpected answer from the daemon: field 'Name' is required\n"),
            run(d.socket(), "exec", "web", "true"));
    }
}
