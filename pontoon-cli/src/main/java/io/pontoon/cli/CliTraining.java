// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The training run behind the CLI's JDK 25 AOT cache ({@code pontoon-cli/target/pontoon.aot},
 * made by {@code mvn package}; the {@code pontoon} launcher uses it for every command but
 * {@code daemon}). Runs, in-process and without a daemon, what every command goes through: the
 * argument parser with every command's help, usage errors (publish specs, unknown flags) and a
 * request to a daemon socket that does not exist (the Unix-socket client up to its connect).
 */
public final class CliTraining
{
    private static final List<List<String>> RUNS = List.of(
        List.of("--help"), List.of("network", "--help"),
        List.of("run", "--help"), List.of("exec", "--help"), List.of("ps", "--help"), List.of("inspect", "--help"),
        List.of("rm", "--help"), List.of("version", "--help"), List.of("debug", "--help"),
        List.of("network", "create", "--help"), List.of("network", "ls", "--help"), List.of("network", "inspect", "--help"),
        List.of("network", "rm", "--help"), List.of("network", "connect", "--help"),
        List.of("network", "disconnect", "--help"),
        List.of("run", "-p", "80:", "--", "true"), List.of("run", "--bogus"), List.of("network", "create", "-o", "x", "n"),
        List.of("ps"), List.of("ps", "--format", "json"), List.of("network", "ls"), List.of("inspect", "x"),
        List.of("run", "-d", "--name", "t", "--network", "n", "-p", "127.0.0.1:8080-8081:80-81/tcp", "-p", "53:53/udp",
            "--", "sleep", "1"),
        List.of("network", "create", "--subnet", "10.1.0.0/24", "--gateway", "10.1.0.1", "-o", "a=b", "n"),
        List.of("network", "connect", "--ip", "10.1.0.5", "n", "t"), List.of("rm", "-f", "t"));

    private CliTraining()
    {
    }

    public static void main(final String[] args)
    {
        final ByteArrayOutputStream sink = new ByteArrayOutputStream();
        final PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        final Map<String, String> env = Map.of("PONTOON_HOST", "unix:///nonexistent/pontoon-training.sock");
        int runs = 0;
        for (final List<String> run : RUNS)
        {
            new Cli(new CliContext(ps, ps, env, (argv, onAbort) -> 0, Clock.systemUTC())).run(run.toArray(String[]::new));
            runs++;
        }
        System.err.println("pontoon CLI training: " + runs + " command lines, " + sink.size() + " bytes of output");
    }
}
