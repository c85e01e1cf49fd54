// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.cluster;

import io.pontoon.core.cluster.ClusterAgent;
import io.pontoon.core.cluster.ClusterConfig;
import io.pontoon.core.controller.Controller;
import io.pontoon.core.ipam.AddressPool;
import io.pontoon.core.ipam.StoreIpam;
import io.pontoon.core.model.SandboxRecord;
import io.pontoon.core.store.LocalStore;
import io.pontoon.daemon.etcd.EtcdOptions;
import io.pontoon.daemon.etcd.EtcdStore;
import io.pontoon.kernel.net.IpPrefix;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One "host" inside the test JVM: a controller with its own local store, fake bridge and overlay
 * drivers, a {@link RecordingPeers} data plane and a cluster agent on a real etcd. Sandboxes get
 * real network namespaces (bind-mounted under the host's directory), nothing else touches the kernel.
 */
final class TestHost implements AutoCloseable
{
    static final String ROOT = "/pontoon/v1/";

    final String name;
    final Path dir;
    final RecordingPeers peers = new RecordingPeers();
    final FakeDriver overlay = new FakeDriver("overlay");
    final LocalStore local;
    final EtcdStore etcd;
    final ClusterAgent agent;
    final Controller controller;
    private boolean crashed;

    private TestHost(final String name, final String advertise, final String endpoint, final Duration ttl, final Path dir,
        final int index)
    {
        this.name = name;
        this.dir = dir;
        this.local = LocalStore.open(dir.resolve("state"));
        this.etcd = EtcdStore.connect(new EtcdOptions(List.of(URI.create(endpoint)), Duration.ofSeconds(2)));
        this.agent = new ClusterAgent(new ClusterConfig(name, IpPrefix.Ip.parse(advertise), ttl, Duration.ofMillis(250)), etcd,
            local, ROOT, Set.of("overlay"), peers);
        this.controller = new Controller(new Controller.Config(ROOT, dir.resolve("run/netns"), dir.resolve("logs"),
            IpPrefix.parse("10.250." + index + ".0/24")), local, new StoreIpam(local, ROOT, AddressPool.dockerDefaults()),
            List.of(new FakeDriver("bridge"), overlay), List::of, agent);
    }

    /** Starts a host; throws what {@link Controller#start()} throws (after cleaning up). */
    static TestHost start(final String name, final String advertise, final String endpoint, final Duration ttl, final Path dir,
        final int index)
    {
        final TestHost h = new TestHost(name, advertise, endpoint, ttl, dir, index);
        try
        {
            h.controller.start();
            return h;
        }
        catch (final RuntimeException e)
        {
            h.close();
            throw e;
        }
    }

    /** A sandbox on {@code network} (a namespace with one endpoint). */
    SandboxRecord run(final String sandbox, final String network)
    {
        return controller.createSandbox(new Controller.SandboxSpec(sandbox, network, null, List.of(), List.of(), false, false));
    }

    /** Stops like a daemon told to stop: sandboxes and the cluster registration stay. */
    void stop()
    {
        crashed = true;
        try
        {
            controller.close();
        }
        finally
        {
            etcd.close();
            local.close();
        }
    }

    /** Starts this host again on the same state (after {@link #stop}). */
    TestHost restart(final String advertise, final String endpoint, final Duration ttl, final int index)
    {
        return start(name, advertise, endpoint, ttl, dir, index);
    }

    /** Stops following the cluster like a killed daemon: no more renewals, no withdrawals. */
    void crash()
    {
        crashed = true;
        agent.close();
    }

    @Override
    public void close()
    {
        try
        {
            if (!crashed)
            {
                for (final SandboxRecord s : controller.sandboxes())
                {
                    try
                    {
                        controller.removeSandbox(s.id(), true);
                    }
                    catch (final RuntimeException e)
                    {
                        System.err.println("cleanup of " + s.name() + " on " + name + ": " + e.getMessage());
                    }
                }
            }
            else
            {
                removeNamespaces();
            }
            controller.close();
        }
        finally
        {
            etcd.close();
            local.close();
        }
    }

    /** Unmounts and removes the sandbox namespaces without telling anyone (after a crash). */
    private void removeNamespaces()
    {
        final java.io.File[] files = dir.resolve("run/netns").toFile().listFiles();
        if (files == null)
        {
            return;
        }
        for (final java.io.File f : files)
        {
            try
            {
                new ProcessBuilder("umount", "-l", f.getPath()).inheritIO().start().waitFor();
            }
            catch (final java.io.IOException | InterruptedException e)
            {
                System.err.println("umount " + f + ": " + e);
            }
            if (!f.delete())
            {
                System.err.println("cannot delete " + f);
            }
        }
    }
}
