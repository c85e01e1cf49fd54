// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Processes and namespaces as {@code /proc} shows them. */
final class PeerProcesses
{
    private PeerProcesses()
    {
    }

    /** {@code readlink /proc/PID/ns/mnt}, e.g. {@code mnt:[4026532246]}; empty if the process is gone. */
    static String mountNamespace(final long pid)
    {
        return namespace(pid, "mnt");
    }

    /** {@code readlink /proc/PID/ns/KIND}; empty if the process is gone. */
    static String namespace(final long pid, final String kind)
    {
        try
        {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", kind)).toString();
        }
        catch (final IOException e)
        {
            return "";
        }
    }

    /** Pids of every process whose {@code /proc/PID/ns/KIND} is {@code ns}. */
    static List<Long> pidsIn(final String kind, final String ns)
    {
        final List<Long> out = new ArrayList<>();
        if (ns.isEmpty())
        {
            return out;
        }
        try (Stream<Path> s = Files.list(Path.of("/proc")))
        {
            for (final Path p : s.toList())
            {
                final String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && ns.equals(namespace(Long.parseLong(name), kind)))
                {
                    out.add(Long.parseLong(name));
                }
            }
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot list /proc: " + e, e);
        }
        return out;
    }

    /** Pids of every process with a command-line argument that contains {@code text}. */
    static List<Long> pidsWithArgumentContaining(final String text)
    {
        final List<Long> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc")))
        {
            for (final Path p : s.toList())
            {
                final String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && Stream.of(cmdline(p)).anyMatch(a -> a.contains(text)))
                {
                    out.add(Long.parseLong(name));
                }
            }
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot list /proc: " + e, e);
        }
        return out;
    }

    private static String[] cmdline(final Path proc)
    {
        try
        {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
        }
        catch (final IOException e)
        {
            return new String[0];
        }
    }

    /** Waits until no process is in mount namespace {@code ns} (then the kernel drops its mounts). */
    static void awaitNamespaceGone(final String ns, final Duration timeout, final List<String> problems)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> left = pidsIn("mnt", ns);
        while (!left.isEmpty() && System.nanoTime() < deadline)
        {
            try
            {
                Thread.sleep(Duration.ofMillis(20));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                break;
            }
            left = pidsIn("mnt", ns);
        }
        if (!left.isEmpty())
        {
            problems.add("processes " + left + " still use mount namespace " + ns);
        }
    }
}
