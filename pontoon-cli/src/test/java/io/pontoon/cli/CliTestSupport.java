// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pontoon.api.json.Json;
import io.pontoon.api.rest.EndpointView;
import io.pontoon.api.rest.NetworkEndpointView;
import io.pontoon.api.rest.NetworkView;
import io.pontoon.api.rest.PortView;
import io.pontoon.api.rest.SandboxView;

/** Runs the CLI in-process against a {@link FakeDaemon} with a recording process runner. */
abstract class CliTestSupport
{
    static final Instant CREATED = Instant.parse("2026-11-29T10:00:00Z");
    static final Instant NOW = CREATED.plusSeconds(185);
    static final String NET_ID = "1f2e3d4c5b6a" + "0".repeat(52);
    static final String SB_ID = "abcdef012345" + "9".repeat(52);

    /** The outcome of one CLI run. */
    record Result(int code, String out, String err)
    {
    }

    /** Records what the CLI asked to run and answers with a fixed exit code (or fails to start). */
    static final class FakeRunner implements ProcessRunner
    {
        final List<List<String>> runs = new ArrayList<>();
        int exitCode;
        IOException startFailure;

        @Override
        public int run(final List<String> argv, final Runnable onAbort) throws IOException
        {
            runs.add(List.copyOf(argv));
            if (startFailure != null)
            {
                throw startFailure;
            }
            return exitCode;
        }
    }

    final FakeRunner runner = new FakeRunner();

    Result run(final Path socket, final String... args)
    {
        return run(Map.of("PONTOON_HOST", "unix://" + socket), args);
    }

    Result run(final Map<String, String> env, final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), env, runner, Clock.fixed(NOW, ZoneOffset.UTC));
        final int code = new Cli(ctx).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static NetworkView network(final String name)
    {
        return new NetworkView(NET_ID, name, "bridge", "local", false, "10.200.0.0/24", "10.200.0.1", null,
            Map.of(), CREATED, List.of(new NetworkEndpointView("e".repeat(64), SB_ID, "web", "10.200.0.2/24",
            "02:42:0a:c8:00:02", List.of())));
    }

    static SandboxView sandbox(final String netns)
    {
        return new SandboxView(SB_ID, "web", "n1", netns, "created", 0, null, List.of("sleep", "1000000000"), CREATED,
            List.of(new EndpointView("n1", NET_ID, "e".repeat(64), "eth0", "10.200.0.2/24", "10.200.0.1",
                "02:42:0a:c8:00:02", List.of())),
            List.of(new PortView(null, 8080, 80, "tcp"), new PortView(null, 8081, 81, "tcp"),
                new PortView("127.0.0.1", 53, 53, "udp")));
    }

    static String json(final Object v)
    {
        return Json.write(v);
    }
}
