// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.cni;

import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A container's network namespace as a CNI runtime makes it: {@code ip netns add ptcLABIDxN}
 * (pinned under {@code /run/netns}, {@code lo} down, nothing else). Adopted by the lab, so it is
 * deleted even when a test forgets to close it.
 */
public final class ContainerNs implements AutoCloseable
{
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String name;

    private ContainerNs(final String name)
    {
        this.name = name;
    }

    /** Equals {@code ip netns add ptcLABIDxN}. */
    public static ContainerNs create(final Lab lab)
    {
        final ContainerNs ns = new ContainerNs("ptc" + lab.id() + "x" + SEQUENCE.incrementAndGet());
        Commands.runOk(List.of("ip", "netns", "add", ns.name), Lab.DEFAULT_TIMEOUT);
        lab.adopt(ns);
        return ns;
    }

    String name()
    {
        return name;
    }

    /** {@code /run/netns/NAME}, the runtime's {@code CNI_NETNS}. */
    public Path path()
    {
        return Path.of("/run/netns", name);
    }

    /** Runs a command inside: {@code nsenter --net=PATH -- CMD}. */
    public ExecResult exec(final String... command)
    {
        final List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + path(), "--"));
        cmd.addAll(List.of(command));
        return Commands.run(cmd, Lab.DEFAULT_TIMEOUT);
    }

    /** {@link #exec} that throws unless it succeeds; returns stdout. */
    String execOk(final String... command)
    {
        final ExecResult r = exec(command);
        if (!r.ok())
        {
            throw new LabException(name + "$ " + String.join(" ", command) + "\n" + r.describe());
        }
        return r.stdout();
    }

    /** Equals {@code ip -n NAME ARGS}; returns stdout, throws unless it succeeds. */
    String ip(final String... args)
    {
        final List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return Commands.runOk(cmd, Lab.DEFAULT_TIMEOUT).stdout();
    }

    boolean exists()
    {
        return Files.exists(path());
    }

    /** Equals {@code ip netns del NAME}; nothing if already gone. */
    @Override
    public void close()
    {
        if (exists())
        {
            Commands.runOk(List.of("ip", "netns", "del", name), Lab.DEFAULT_TIMEOUT);
        }
    }

    @Override
    public String toString()
    {
        return "netns " + name;
    }
}
