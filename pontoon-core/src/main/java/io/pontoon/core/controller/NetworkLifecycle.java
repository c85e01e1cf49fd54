// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.controller;

import io.pontoon.core.CrashPoints;
import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.ipam.PoolRequest;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.kernel.net.IpPrefix;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Creating and removing networks for the {@link Controller}: checking the spec, the address pool
 * (Pontoon's IPAM, or one a runtime already requested through the IPAM plugin), the record and
 * the driver's kernel objects, undone in reverse order when a step fails; global networks are
 * handed to {@link GlobalNetworks}. Removal is refused while endpoints remain and names them.
 */
final class NetworkLifecycle
{
    private final Controller c;

    NetworkLifecycle(final Controller c)
    {
        this.c = c;
    }

    /**
     * Creates a network record and its kernel objects. {@code existingPool} is an address pool
     * already requested through the IPAM plugin (Docker), or null to request one here.
     */
    NetworkRecord create(final Controller.NetworkSpec spec, final String id, final String existingPool,
        final Map<String, String> labels)
    {
        final String driverName = spec.driver() == null || spec.driver().isEmpty() ? "bridge" : spec.driver();
        final NetworkDriver driver = c.driverNamed(driverName);
        if (driver == null)
        {
            throw PontoonException.invalid("unknown network driver '%s' (available: %s)%s", driverName,
                String.join(", ", c.driverNames()), driverName.equals("overlay") && c.globals() == null
                    ? "; overlay networks need a cluster store (pontoon daemon --cluster-store etcd://...)" : "");
        }
        final Map<String, String> options = driver.validateOptions(spec.options() == null ? Map.of() : spec.options());
        final IpPrefix subnet = parse("subnet", spec.subnet(), true);
        final IpPrefix range = parse("ip-range", spec.ipRange(), true);
        final InetAddress gateway = spec.gateway() == null || spec.gateway().isEmpty() ? null : address("gateway",
            spec.gateway());
        if (subnet == null && (range != null || gateway != null))
        {
            throw PontoonException.invalid("--ip-range and --gateway need --subnet");
        }
        final GlobalNetworks global = c.globals();
        if (global != null && global.handles(driverName))
        {
            if (existingPool != null)
            {
                throw PontoonException.forbidden("driver %s networks cannot use an address pool of a runtime", driverName);
            }
            return global.create(spec, id, driver, options, subnet, range, gateway);
        }
        final var pool = existingPool != null
            ? c.ipam().pool(existingPool).orElseThrow(() -> PontoonException.notFound("address pool %s not found", existingPool))
            
            : c.ipam().requestPool(poolRequest(id, spec.name(), subnet, range, gateway));
        CrashPoints.hit("network.create.afterPool");
        final IpPrefix gw = pool.gateway() != null ? pool.gateway()
            : gateway == null ? null : new IpPrefix(gateway, pool.subnet().length());
        NetworkRecord n = new NetworkRecord(id, spec.name(), driverName, NetworkRecord.SCOPE_LOCAL, spec.internal(),
            pool.subnet(), gw, pool.ipRange(), pool.id(), options, labels, Instant.now(), null);
        n = withBridge(n, driver.hostInterface(n));
        try
        {
            final String bridge = n.bridgeName();
            c.registry().networks().stream().filter(o -> bridge != null && bridge.equals(o.bridgeName())).findFirst()
                .ifPresent(o ->
                {
                    throw PontoonException.conflict("bridge name %s is already used by network %s", bridge, o.name());
                });
            c.registry().addNetwork(n);
            CrashPoints.hit("network.create.afterRecord");
        }
        catch (final RuntimeException e)
        {
            if (existingPool == null)
            {
                c.ipam().releasePool(pool.id());
            }
            throw e;
        }
        try
        {
            driver.createNetwork(n);
            CrashPoints.hit("network.create.afterDriver");
        }
        catch (final RuntimeException e)
        {
            c.registry().removeNetwork(n);
            if (existingPool == null)
            {
                c.ipam().releasePool(pool.id());
            }
            throw e;
        }
        return n;
    }

    private PoolRequest poolRequest(final String id, final String name, final IpPrefix subnet, final IpPrefix range,
        final InetAddress gateway)
    {
        final PoolRequest req = PoolRequest.of(id, name).withSubnet(subnet).withIpRange(range).withGateway(gateway);
        return subnet == null ? req.avoiding(c.hostRoutes()) : req;
    }

    private static NetworkRecord withBridge(final NetworkRecord n, final String bridge)
    {
        return new NetworkRecord(n.id(), n.name(), n.driver(), n.scope(), n.internal(), n.subnet(), n.gateway(), n.ipRange(),
            n.poolId(), n.options(), n.labels(), n.created(), bridge);
    }

    static IpPrefix parse(final String what, final String text, final boolean network)
    {
        if (text == null || text.isEmpty())
        {
            return null;
        }
        try
        {
            final IpPrefix p = network ? IpPrefix.parseNetwork(text) : IpPrefix.parse(text);
            if (!p.isIpv4())
            {
                throw PontoonException.invalid("invalid %s '%s': only IPv4 is supported for now", what, text);
            }
            return p;
        }
        catch (final IllegalArgumentException e)
        {
            throw PontoonException.invalid("invalid %s '%s': %s", what, text, e.getMessage());
        }
    }

    static InetAddress address(final String what, final String text)
    {
        try
        {
            return IpPrefix.Ip.parse(text);
        }
        catch (final IllegalArgumentException e)
        {
            throw PontoonException.invalid("invalid %s '%s': not an IP address", what, text);
        }
    }

    /** {@code pontoon network rm}. */
    void remove(final String ref)
    {
        final NetworkRecord n = c.registry().resolveNetwork(ref);
        if (Controller.isPredefined(n))
        {
            throw PontoonException.forbidden("%s is a pre-defined network and cannot be removed", n.name());
        }
        final ReentrantReadWriteLock lock = c.networkLock(n.id());
        lock.writeLock().lock();
        try
        {
            final List<EndpointRecord> eps = c.registry().endpointsOfNetwork(n.id());
            if (!eps.isEmpty())
            {
                throw PontoonException.forbidden("network %s has active endpoints (%s)", n.name(), describeEndpoints(eps));
            }
            if (GlobalNetworks.isGlobal(n))
            {
                final GlobalNetworks global = c.globals();
                if (global == null)
                {
                    throw PontoonException.unavailable("network %s is global and this daemon has no cluster store", n.name());
                }
                global.remove(n);
                return;
            }
            c.driverOf(n).ifPresent(d -> d.deleteNetwork(n));
            CrashPoints.hit("network.remove.afterDriver");
            // the record goes before its pool: a crash in between leaves an orphan pool, which the
            // next start releases, never a network whose pool is gone
            c.registry().removeNetwork(n);
            CrashPoints.hit("network.remove.afterRecord");
            if (n.poolId() != null && c.ipam().pool(n.poolId()).isPresent())
            {
                c.ipam().releasePool(n.poolId());
                CrashPoints.hit("network.remove.afterPool");
            }
        }
        finally
        {
            lock.writeLock().unlock();
            c.forgetNetworkLock(n.id());
        }
    }

    /**
     * {@code sandboxes: a, b; endpoints ep-1, ep-2 of a container runtime (Docker or CNI)}: a
     * runtime's endpoints have no Pontoon sandbox to name.
     */
    private String describeEndpoints(final List<EndpointRecord> eps)
    {
        final List<String> sandboxes = eps.stream().filter(e -> e.sandboxId() != null).map(e -> c.sandboxName(e.sandboxId()))
            .toList();
        final List<String> external = eps.stream().filter(e -> e.sandboxId() == null).map(EndpointRecord::name).toList();
        final List<String> parts = new ArrayList<>();
        if (!sandboxes.isEmpty())
        {
            parts.add("sandboxes: " + String.join(", ", sandboxes));
        }
        if (!external.isEmpty())
        {
            parts.add((external.size() == 1 ? "endpoint " : "endpoints ") + String.join(", ", external)
                + " of a container runtime (Docker or CNI)");
        }
        return String.join("; ", parts);
    }
}
