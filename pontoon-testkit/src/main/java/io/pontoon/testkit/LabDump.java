// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Renders the state of every namespace of a lab, for a human reading a failed test. */
final class LabDump
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 200;
    private static final List<List<String>> COMMANDS = List.of(
        List.of("ip", "-d", "link", "show"),
        List.of("ip", "addr", "show"),
        List.of("ip", "route", "show", "table", "all"),
        List.of("ip", "neigh", "show"),
        List.of("bridge", "fdb", "show"),
        List.of("nft", "list", "ruleset"));

    private LabDump()
    {
    }

    static String render(final Lab lab)
    {
        final StringBuilder b = new StringBuilder();
        b.append("##### lab ").append(lab.id()).append(" (").append(lab.testName()).append(") ")
            .append(lab.subnet()).append(" at ").append(Instant.now()).append('\n');
        if (lab.closed())
        {
            return b.append("(the lab is already closed)\n").toString();
        }
        section(b, "switch", lab.switchNsPath().getFileName().toString());
        for (final Lab.Host h : lab.hosts())
        {
            section(b, h.name() + " " + h.underlayPrefix(), h.nsName());
        }
        for (final Spawned s : lab.spawned())
        {
            b.append("\n=== background ").append(s).append(s.alive() ? " running" : " exited " + s.process().exitValue())
                .append(" ===\n").append(tail(s.output())).append('\n');
        }
        return b.toString();
    }

    private static void section(final StringBuilder b, final String title, final String ns)
    {
        b.append("\n=== ").append(title).append(" [").append(ns).append("] ===\n");
        for (final List<String> command : COMMANDS)
        {
            final List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + Lab.NETNS_DIR.resolve(ns), "--"));
            cmd.addAll(command);
            b.append("--- ").append(String.join(" ", command)).append('\n');
            try
            {
                final ExecResult r = Commands.run(cmd, TIMEOUT);
                b.append(r.stdout());
                if (!r.ok() || !r.stderr().isEmpty())
                {
                    b.append("(exit ").append(r.exitCode()).append(") ").append(r.stderr());
                }
            }
            catch (final LabException e)
            {
                b.append("(").append(e.getMessage()).append(")\n");
            }
        }
    }

    private static String tail(final String text)
    {
        final String[] lines = text.split("\n", -1);
        if (lines.length <= LOG_TAIL_LINES)
        {
            return text;
        }
        return "(... " + (lines.length - LOG_TAIL_LINES) + " lines)\n"
            + String.join("\n", List.of(lines).subList(lines.length - LOG_TAIL_LINES, lines.length));
    }
}
