// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.controller;

import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.ipam.Pool;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.kernel.net.IpPrefix;

import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The controller's side of global networks: creating and removing them through the
 * {@link GlobalScope}, mirroring the cluster's records into the registry, and taking part in a
 * network when its first local endpoint comes and leaving when its last goes. Kernel objects of a
 * global network exist on a host only while it takes part.
 */
final class GlobalNetworks
{
    private static final System.Logger LOG = System.getLogger("pontoon.controller");

    private final Controller c;
    private final GlobalScope scope;
    private final Map<String, Object> joinLocks = new ConcurrentHashMap<>();

    GlobalNetworks(final Controller c, final GlobalScope scope)
    {
        this.c = c;
        this.scope = scope;
    }

    static boolean isGlobal(final NetworkRecord n)
    {
        return n != null && NetworkRecord.SCOPE_GLOBAL.equals(n.scope());
    }

    GlobalScope scope()
    {
        return scope;
    }

    boolean handles(final String driver)
    {
        return scope.handles(driver);
    }

    /** Whether the host has (or should have) the network's kernel objects. */
    boolean materialized(final NetworkRecord n)
    {
        return !isGlobal(n) || scope.participating(n);
    }

    /** {@code network create -d overlay}: checked here, stored in the cluster, mirrored at once. */
    NetworkRecord create(final Controller.NetworkSpec spec, final String id, final NetworkDriver driver,
        final Map<String, String> options, final IpPrefix subnet, final IpPrefix range, final InetAddress gateway)
    {
        if (subnet == null)
        {
            throw PontoonException.invalid("overlay networks need --subnet (the same subnet serves every host)");
        }
        if (range != null && !subnet.contains(range))
        {
            throw PontoonException.invalid("ip-range %s is not inside subnet %s", range, subnet);
        }
        if (gateway != null && !subnet.contains(gateway))
        {
            throw PontoonException.invalid("gateway %s is not inside subnet %s", gateway.getHostAddress(), subnet);
        }
        if (subnet.length() > 29)
        {
            throw PontoonException.invalid("subnet %s is too small for an overlay network (at most /29)", subnet);
        }
        for (final Pool p : c.ipam().pools())
        {
            if (p.subnet().overlaps(subnet))
            {
                throw PontoonException.conflict("subnet %s overlaps subnet %s of network '%s' on this host", subnet, p.subnet(),
                    p.networkName());
            }
        }
        final IpPrefix gw = new IpPrefix(gateway != null ? gateway : subnet.addressAt(BigInteger.ONE), subnet.length());
        NetworkRecord n = new NetworkRecord(id, spec.name(), driver.name(), NetworkRecord.SCOPE_GLOBAL, spec.internal(), subnet,
            gw, range, id, options, Map.of(), Instant.now(), null);
        n = new NetworkRecord(n.id(), n.name(), n.driver(), n.scope(), n.internal(), n.subnet(), n.gateway(), n.ipRange(),
            n.poolId(), n.options(), n.labels(), n.created(), driver.hostInterface(n));
        final NetworkRecord stored = scope.createNetwork(n);
        mirror(stored);
        return c.registry().network(stored.id()).orElse(stored);
    }

    /** {@code network rm} of a global network (no local endpoints; the caller holds the write lock). */
    void remove(final NetworkRecord n)
    {
        scope.removeNetwork(scope.globalRecord(n));
        dematerialize(n);
        c.registry().removeNetwork(n);
        scope.forgotten(n.id());
    }

    /** Adds or refreshes the mirror of a cluster record; a local network of the same name wins. */
    void mirror(final NetworkRecord global)
    {
        final Optional<NetworkRecord> existing = c.registry().network(global.id());
        if (existing.isPresent())
        {
            if (!scope.globalRecord(existing.get()).equals(global))
            {
                LOG.log(System.Logger.Level.INFO, "global network " + global.name() + " changed in the cluster");
                c.registry().updateNetwork(global);
            }
            return;
        }
        final Optional<NetworkRecord> sameName = c.registry().networkByName(global.name());
        if (sameName.isPresent())
        {
            LOG.log(System.Logger.Level.WARNING, "global network " + global.name() + " is not usable on this host: a local"
                + " network has the same name");
            return;
        }
        try
        {
            c.registry().addNetwork(global);
        }
        catch (final PontoonException e)
        {
            LOG.log(System.Logger.Level.WARNING, "cannot mirror global network " + global.name() + ": " + e.getMessage());
        }
    }

    /** Drops the mirror of a network the cluster no longer has (kept while local endpoints use it). */
    boolean forget(final String id)
    {
        final ReentrantReadWriteLock lock = c.networkLock(id);
        lock.writeLock().lock();
        try
        {
            final Optional<NetworkRecord> n = c.registry().network(id);
            if (n.isEmpty() || !isGlobal(n.get()))
            {
                scope.forgotten(id);
                return true;
            }
            if (!c.registry().endpointsOfNetwork(id).isEmpty())
            {
                LOG.log(System.Logger.Level.WARNING, "global network " + n.get().name() + " was removed from the cluster but"
                    + " still has endpoints here; keeping it until they are gone");
                return false;
            }
            dematerialize(n.get());
            c.registry().removeNetwork(n.get());
            scope.forgotten(id);
            return true;
        }
        finally
        {
            lock.writeLock().unlock();
        }
    }

    /**
     * Makes this host take part in {@code n} before an endpoint is added (the caller holds the
     * network's read lock); returns the mirror with this host's options.
     */
    NetworkRecord participate(final NetworkRecord n)
    {
        synchronized (joinLocks.computeIfAbsent(n.id(), k -> new Object()))
        {
            final NetworkRecord cur = c.registry().network(n.id())
                .orElseThrow(() -> PontoonException.notFound("network '%s' not found", n.name()));
            if (scope.participating(cur))
            {
                return cur;
            }
            final NetworkDriver driver = c.driverOf(cur).orElseThrow(() ->
                PontoonException.internal("network " + cur.name() + " has no driver " + cur.driver(), null));
            final NetworkRecord joined = scope.join(cur);
            c.registry().updateNetwork(joined);
            try
            {
                driver.createNetwork(joined);
                scope.joined(joined);
                return joined;
            }
            catch (final RuntimeException e)
            {
                try
                {
                    driver.deleteNetwork(joined);
                    c.registry().updateNetwork(scope.leave(joined));
                }
                catch (final RuntimeException cleanup)
                {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    /** Leaves {@code id} if no local endpoint uses it and nobody is attaching to it right now. */
    void leaveIfIdle(final String id)
    {
        final ReentrantReadWriteLock lock = c.networkLock(id);
        if (!lock.writeLock().tryLock())
        {
            return;
        }
        try
        {
            final Optional<NetworkRecord> n = c.registry().network(id);
            if (n.isPresent() && isGlobal(n.get()) && scope.participating(n.get())
                && c.registry().endpointsOfNetwork(id).isEmpty())
            {
                dematerialize(n.get());
            }
        }
        finally
        {
            lock.writeLock().unlock();
        }
    }

    /** Leaves every taken-part network without local endpoints (after a restart or a failed attach). */
    void leaveIdle()
    {
        for (final NetworkRecord n : c.registry().networks())
        {
            if (isGlobal(n) && scope.participating(n) && c.registry().endpointsOfNetwork(n.id()).isEmpty())
            {
                leaveIfIdle(n.id());
            }
        }
    }

    private void dematerialize(final NetworkRecord n)
    {
        if (!scope.participating(n))
        {
            return;
        }
        final NetworkRecord stripped = scope.leave(n);
        c.driverOf(n).ifPresent(d -> d.deleteNetwork(n));
        if (c.registry().network(n.id()).isPresent())
        {
            c.registry().updateNetwork(stripped);
        }
    }
}
