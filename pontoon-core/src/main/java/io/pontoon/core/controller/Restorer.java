// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.controller;

import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.driver.Prunable;
import io.pontoon.core.driver.SandboxNs;
import io.pontoon.core.ipam.Pool;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.SandboxRecord;
import io.pontoon.kernel.KernelException;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the kernel match the store after a (re)start, and removes what a crash left behind:
 * networks, endpoints and published ports are re-applied idempotently (what is already right is
 * not touched, so running traffic sees no blip); sandboxes whose namespace vanished (a reboot)
 * are dropped with their endpoints; a detached process whose pid a crash kept from being stored
 * is adopted; Pontoon-owned links, namespaces, address pools and
 * allocations that no record owns are pruned.
 */
final class Restorer
{
    private static final System.Logger LOG = System.getLogger("pontoon.restore");

    private final Controller c;

    Restorer(final Controller c)
    {
        this.c = c;
    }

    void restore()
    {
        final Registry reg = c.registry();
        for (final NetworkRecord n : reg.networks())
        {
            if (c.materialized(n))
            {
                c.driverOf(n).ifPresent(d -> d.createNetwork(n));
            }
        }
        for (final SandboxRecord s : reg.sandboxes())
        {
            if (s.netnsPath() != null && !c.runtime().exists(s.netnsPath()))
            {
                LOG.log(System.Logger.Level.INFO, "sandbox " + s.name() + " lost its namespace; removing it");
                c.teardown(s);
                continue;
            }
        }
        // the previous daemon died between starting a detached process and storing its pid
        c.runtime().unrecordedProcesses(reg.sandboxes()).forEach((id, pid) -> reg.sandbox(id).ifPresent(s ->
        {
            LOG.log(System.Logger.Level.INFO, "sandbox " + s.name() + ": adopting its unrecorded process " + pid);
            reg.updateSandbox(new SandboxRecord(s.id(), s.name(), s.mode(), s.netnsPath(), s.containerOf(), pid,
                s.command(), s.created(), s.autoRemove()));
        }));
        for (final EndpointRecord e : List.copyOf(reg.endpoints()))
        {
            try
            {
                restoreEndpoint(reg, e);
            }
            catch (final RuntimeException ex)
            {
                // one endpoint must not keep the daemon from starting; it is reported and retried
                // by the next restore, and the API still lets the user remove it
                LOG.log(System.Logger.Level.WARNING, "could not restore endpoint " + e.name() + ": " + ex.getMessage());
            }
        }
        prune(reg);
    }

    private void restoreEndpoint(final Registry reg, final EndpointRecord e)
    {
        final Optional<NetworkRecord> n = reg.network(e.networkId());
        final Optional<SandboxRecord> s = e.sandboxId() == null ? Optional.empty() : reg.sandbox(e.sandboxId());
        if (n.isPresent() && e.sandboxId() == null)
        {
            // a runtime's endpoint (Docker, CNI): its sandbox is the runtime's; keep its ports
            c.driverOf(n.get()).filter(d -> !e.ports().isEmpty()).ifPresent(d -> d.publish(n.get(), e, e.ports()));
            return;
        }
        if (n.isEmpty() || s.isEmpty())
        {
            c.detach(n.orElse(null), e);
            return;
        }
        final Optional<NetworkDriver> d = c.driverOf(n.get());
        if (d.isEmpty())
        {
            return;
        }
        final SandboxNs ns = c.runtime().open(s.get().id(), s.get().netnsPath());
        final List<EndpointRecord> mine = reg.endpointsOfSandbox(s.get().id());
        final boolean first = !mine.isEmpty() && mine.get(0).id().equals(e.id());
        boolean repaired = false;
        if (d.get().joined(n.get(), e))
        {
            try
            {
                d.get().repair(n.get(), e, ns, first);
                repaired = true;
            }
            catch (final KernelException gone)
            {
                // the pair vanished under us (a delete the previous daemon started before it died)
                if (!gone.isNotFound())
                {
                    throw gone;
                }
            }
        }
        if (!repaired)
        {
            d.get().leave(n.get(), e);
            d.get().join(n.get(), e, ns, first);
        }
        if (!e.ports().isEmpty())
        {
            d.get().publish(n.get(), e, e.ports());
        }
    }

    private void prune(final Registry reg)
    {
        final Set<String> bridges = new HashSet<>();
        final Set<String> hostIfs = new HashSet<>();
        reg.networks().forEach(n ->
        {
            if (n.bridgeName() != null && c.materialized(n))
            {
                bridges.add(n.bridgeName());
            }
        });
        reg.endpoints().forEach(e ->
        {
            if (e.hostIfName() != null)
            {
                hostIfs.add(e.hostIfName());
            }
        });
        reg.networks().stream().map(c::driverOf).flatMap(Optional::stream).distinct()
            .filter(Prunable.class::isInstance).map(Prunable.class::cast).forEach(p ->
            {
                p.prune(bridges, hostIfs);
                p.pruneRules(reg.networks().stream().filter(c::materialized).toList(), reg.endpoints());
            });
        final Set<String> sandboxIds = new HashSet<>();
        reg.sandboxes().forEach(s -> sandboxIds.add(s.id()));
        for (final String f : c.runtime().namespaceFiles())
        {
            if (!sandboxIds.contains(f))
            {
                LOG.log(System.Logger.Level.INFO, "removing orphan namespace " + f);
                c.runtime().delete(f);
            }
        }
        final Set<String> poolIds = new HashSet<>();
        reg.networks().forEach(n -> poolIds.add(n.poolId()));
        for (final Pool p : c.ipam().pools())
        {
            if (!poolIds.contains(p.id()) && ExternalAttachments.RUNTIME_POOL.equals(p.networkName()))
            {
                // requested through the IPAM plugin, perhaps for a network of the runtime's own
                // driver (docker network create -d bridge --ipam-driver pontoon): the runtime owns
                // it, with its addresses, and releases it with ReleasePool
                continue;
            }
            if (!poolIds.contains(p.id()))
            {
                LOG.log(System.Logger.Level.INFO, "releasing orphan address pool " + p.subnet());
                c.ipam().releasePool(p.id());
                continue;
            }
            final Set<InetAddress> used = new HashSet<>();
            final Optional<NetworkRecord> owner = reg.networks().stream().filter(n -> p.id().equals(n.poolId())).findFirst();
            if (owner.isPresent() && ExternalAttachments.IPAM_PONTOON.equals(owner.get().labels().get(ExternalAttachments.IPAM_LABEL)))
            {
                // addresses are handed out through the IPAM plugin (the gateway, aux addresses,
                // endpoints): the runtime owns them and releases them itself
                continue;
            }
            reg.endpoints().forEach(e ->
            {
                if (owner.isPresent() && owner.get().id().equals(e.networkId()) && e.ip() != null)
                {
                    used.add(e.ip().address());
                }
            });
            for (final InetAddress a : c.ipam().allocated(p.id()))
            {
                if (!used.contains(a))
                {
                    LOG.log(System.Logger.Level.INFO, "releasing orphan address " + a.getHostAddress());
                    c.ipam().release(p.id(), a);
                }
            }
        }
        final Set<String> endpointIds = new HashSet<>();
        reg.endpoints().forEach(e -> endpointIds.add(e.id()));
        for (final String holder : c.ports().holders())
        {
            if (!endpointIds.contains(holder))
            {
                c.ports().releaseAll(holder);
            }
        }
    }
}
