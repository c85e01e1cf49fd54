// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Await;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;
import io.pontoon.testkit.Spawned;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The dockerd processes of one {@link DockerPeer}, oldest first: the one {@code start.sh} began
 * and every one started again after a stop or a kill, with the mount namespaces they ran in (the
 * peer's close waits until all of them are gone). Not thread-safe; DockerPeer synchronizes.
 */
final class DockerdIncarnations
{
    private final Lab.Host host;
    private final String id;
    private final Path containerdLog;
    private final List<Spawned> all = new ArrayList<>();
    private final List<String> mountNamespaces = new ArrayList<>();
    private volatile Spawned current;
    private Duration startupTime;
    private String mountNamespace = "";

    DockerdIncarnations(final Lab.Host host, final String id, final Path containerdLog)
    {
        this.host = host;
        this.id = id;
        this.containerdLog = containerdLog;
    }

    /** Spawns {@code command} in the host and waits up to {@code timeout} until {@code ready}. */
    void start(final List<String> command, final Duration timeout, final BooleanSupplier ready)
    {
        final long t0 = System.nanoTime();
        final Spawned s = host.spawn(command.toArray(String[]::new));
        all.add(s);
        current = s;
        Await.until("dockerd " + id + " answering docker info", timeout, () ->
        {
            if (!s.alive())
            {
                throw new LabException("dockerd " + id + " exited during startup\n" + s.output()
                    + "\n--- containerd ---\n" + Commands.read(containerdLog));
            }
            return ready.getAsBoolean();
        });
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        mountNamespace = PeerProcesses.mountNamespace(s.pid());
        if (!mountNamespaces.contains(mountNamespace))
        {
            mountNamespaces.add(mountNamespace);
        }
    }

    /** SIGTERM and wait; SIGKILL and a {@link LabException} when it takes longer than {@code timeout}. */
    void stop(final Duration timeout)
    {
        if (!running())
        {
            return;
        }
        current.process().destroy();
        if (!Commands.waitFor(current.process(), timeout))
        {
            current.kill();
            throw new LabException("dockerd " + id + " ignored SIGTERM for " + timeout + "; killed\n" + log());
        }
    }

    /** SIGKILL to dockerd alone, then waits for it to be gone. */
    void kill(final Duration timeout)
    {
        if (running())
        {
            current.process().destroyForcibly();
            Commands.waitFor(current.process(), timeout);
        }
    }

    boolean running()
    {
        final Spawned s = current;
        return s != null && s.alive();
    }

    /** The current (or last) dockerd; null before the first start. */
    Spawned current()
    {
        return current;
    }

    /** Processes still in the last dockerd's mount namespace (containerd, shims, containers). */
    List<Long> namespaceHolders()
    {
        return PeerProcesses.pidsIn("mnt", mountNamespace);
    }

    /** The last dockerd's mount namespace, {@code mnt:[N]}; empty before the first start. */
    String mountNamespace()
    {
        return mountNamespace;
    }

    /** Every mount namespace a dockerd of this peer ran in. */
    List<String> mountNamespaces()
    {
        return List.copyOf(mountNamespaces);
    }

    Duration startupTime()
    {
        return startupTime;
    }

    /** Everything every dockerd has logged, oldest first. */
    String log()
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < all.size(); i++)
        {
            b.append(i == 0 ? "" : "--- dockerd incarnation " + (i + 1) + " ---\n").append(all.get(i).output());
        }
        return b.toString();
    }
}
