// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.controller;

import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.Mac;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.PortMapping;
import io.pontoon.kernel.net.IpPrefix;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Networks and endpoints whose sandboxes belong to a container runtime (Docker through the
 * remote driver protocol): the runtime names them by its own ids, owns the sandbox and moves
 * the interface itself; Pontoon owns the bridge, the host side, NAT and published ports. Such
 * endpoints have no Pontoon sandbox ({@code sandboxId} null). Every removal is tolerant of
 * objects that are already gone, since runtimes replay them after crashes.
 */
public final class ExternalAttachments
{
    /** Network label: who hands out addresses, {@link #IPAM_DOCKER} (the runtime's IPAM) or ours. */
    public static final String IPAM_LABEL = "pontoon.ipam";
    public static final String IPAM_DOCKER = "docker";
    public static final String IPAM_PONTOON = "pontoon";
    /** The network name of pools a runtime requests through Pontoon's IPAM plugin; the runtime releases them. */
    public static final String RUNTIME_POOL = io.pontoon.core.ipam.Pool.RUNTIME_NETWORK;

    private final Controller c;
    private final GlobalHandles handles;

    ExternalAttachments(final Controller c, final String storeRoot)
    {
        this.c = c;
        this.handles = new GlobalHandles(c, storeRoot);
    }

    /** What a runtime needs after a join: the interface to move and the gateway to route through. */
    public record JoinInfo(String ifName, InetAddress gateway)
    {
    }

    /**
     * Creates a network under the runtime's id. {@code poolId} names a pool the runtime already
     * requested through Pontoon's IPAM plugin; null means the runtime's own IPAM chose
     * {@code subnet}/{@code gateway} and Pontoon mirrors them.
     */
    public NetworkRecord createNetwork(final String id, final String name, final Controller.NetworkSpec spec,
        final String poolId)
    {
        Ids.checkId("network", id);
        if (c.registry().network(id).isPresent())
        {
            return c.registry().network(id).get();
        }
        return c.createNetworkRecord(spec, id, poolId, Map.of(IPAM_LABEL, poolId == null ? IPAM_DOCKER : IPAM_PONTOON));
    }

    /**
     * Makes the runtime's network {@code id} a local handle on global network {@code globalRef}
     * (see {@link GlobalHandles}): no network is created, endpoints on {@code id} are endpoints of
     * the global network. {@code subnet}/{@code gateway} are what the runtime got from Pontoon's
     * IPAM (null: not given) and must be the global network's. Returns the global network.
     */
    public NetworkRecord bindNetwork(final String id, final String globalRef, final IpPrefix subnet, final IpPrefix gateway,
        final boolean internal)
    {
        return handles.bind(id, globalRef, subnet, gateway, internal);
    }

    /** The global network a runtime's network is bound to, if it is a handle. */
    public Optional<String> boundNetwork(final String id)
    {
        return handles.boundTo(id);
    }

    /** The global network {@code ref} names (INVALID when it is local). */
    public NetworkRecord globalNetwork(final String ref)
    {
        return handles.global(ref);
    }

    /** Allocates an address of global network {@code networkId} from the cluster's IPAM. */
    public IpPrefix allocateGlobal(final String networkId, final InetAddress preferred)
    {
        return handles.allocate(networkId, preferred);
    }

    /** Releases an address of a global network; unknown ones are fine. */
    public void releaseGlobal(final String networkId, final InetAddress address)
    {
        handles.release(networkId, address);
    }

    /** Removes a runtime's network, or only the binding of a handle; an unknown one is fine (runtimes retry). */
    public void deleteNetwork(final String id)
    {
        if (handles.unbind(id))
        {
            return;
        }
        if (c.registry().network(id).isPresent())
        {
            c.removeNetwork(id);
        }
    }

    /** Finds a pool by subnet (the IPAM plugin told the runtime its subnet, the runtime tells us). */
    public Optional<String> poolOf(final IpPrefix subnet)
    {
        return c.ipam().pools().stream().filter(p -> p.subnet().equals(subnet.network())).map(p -> p.id()).findFirst();
    }

    /**
     * Records an endpoint. With the runtime's IPAM the address is mirrored into Pontoon's pool
     * (so Pontoon's own sandboxes never get it); with Pontoon's IPAM it was allocated already.
     * Returns the record; its MAC is derived from the address when the runtime gave none.
     */
    public EndpointRecord createEndpoint(final String networkId, final String endpointId, final String address,
        final String mac)
    {
        Ids.checkId("endpoint", endpointId);
        final NetworkRecord n = network(handles.resolve(networkId));
        final Optional<EndpointRecord> existing = endpoint(endpointId);
        if (existing.isPresent())
        {
            return existing.get();
        }
        final IpPrefix ip = address == null || address.isEmpty() ? null : Controller.parse("address", address, false);
        if (ip == null)
        {
            throw PontoonException.invalid("endpoint %s has no IPv4 address; Pontoon networks need one", Ids.shortId(endpointId));
        }
        final boolean mirror = IPAM_DOCKER.equals(n.labels().get(IPAM_LABEL));
        if (mirror)
        {
            c.ipam().allocate(n.poolId(), ip.address());
        }
        final EndpointRecord ep = new EndpointRecord(endpointId, "ep-" + Ids.shortId(endpointId), n.id(), null,
            new IpPrefix(ip.address(), n.subnet().length()), mac == null || mac.isEmpty() ? Mac.fromIpv4(ip.address())
                : Mac.parse(mac), null, "ptv" + Ids.shortId(endpointId), List.of(), List.of(), Instant.now());
        try
        {
            c.registry().putEndpoint(ep);
        }
        catch (final RuntimeException e)
        {
            if (mirror)
            {
                c.ipam().release(n.poolId(), ip.address());
            }
            throw e;
        }
        return ep;
    }

    /** Attaches the host side and hands back the interface for the runtime to move. */
    public JoinInfo join(final String networkId, final String endpointId)
    {
        final NetworkRecord n = network(handles.resolve(networkId));
        final EndpointRecord ep = endpoint(endpointId).orElseThrow(() ->
            PontoonException.notFound("endpoint %s not found on network %s", Ids.shortId(endpointId), Ids.shortId(networkId)));
        final ReentrantReadWriteLock lock = c.networkLock(n.id());
        lock.readLock().lock();
        try
        {
            final String ifName = GlobalNetworks.isGlobal(n) ? handles.join(n, ep) : driver(n).joinHostSide(n, ep);
            return new JoinInfo(ifName, n.internal() || n.gateway() == null ? null : n.gateway().address());
        }
        finally
        {
            lock.readLock().unlock();
        }
    }

    /** Removes the host side (the runtime has moved the interface back, or the sandbox is gone). */
    public void leave(final String networkId, final String endpointId)
    {
        final Optional<EndpointRecord> ep = endpoint(endpointId);
        final Optional<NetworkRecord> n = ep.flatMap(e -> c.registry().network(e.networkId()));
        if (n.isPresent())
        {
            driver(n.get()).leave(n.get(), ep.get());
            if (GlobalNetworks.isGlobal(n.get()))
            {
                handles.withdrawn(n.get(), ep.get());
            }
        }
    }

    /** Forgets an endpoint (its ports and, with the runtime's IPAM, its mirrored address). */
    public void deleteEndpoint(final String networkId, final String endpointId)
    {
        final Optional<EndpointRecord> ep = endpoint(endpointId);
        if (ep.isEmpty())
        {
            return;
        }
        final Optional<NetworkRecord> n = c.registry().network(ep.get().networkId());
        if (n.isPresent())
        {
            final NetworkDriver d = driver(n.get());
            if (!ep.get().ports().isEmpty())
            {
                d.unpublish(n.get(), ep.get(), ep.get().ports());
            }
            d.leave(n.get(), ep.get());
            if (GlobalNetworks.isGlobal(n.get()))
            {
                // the address is the runtime's (RequestAddress): it releases it with ReleaseAddress
                handles.withdrawn(n.get(), ep.get());
            }
            if (IPAM_DOCKER.equals(n.get().labels().get(IPAM_LABEL)) && ep.get().ip() != null)
            {
                c.ipam().release(n.get().poolId(), ep.get().ip().address());
            }
        }
        if (!ep.get().ports().isEmpty())
        {
            c.ports().release(endpointId, ep.get().ports());
        }
        c.registry().removeEndpoint(ep.get());
        if (n.isPresent() && GlobalNetworks.isGlobal(n.get()))
        {
            handles.leaveIfIdle(n.get().id());
        }
    }

    /**
     * Publishes ports to the endpoint; a host port of 0 gets a free ephemeral one. Returns the
     * mappings as programmed.
     */
    public List<PortMapping> publish(final String endpointId, final List<PortMapping> wanted)
    {
        final EndpointRecord ep = endpoint(endpointId).orElseThrow(() ->
            PontoonException.notFound("endpoint %s not found", Ids.shortId(endpointId)));
        final NetworkRecord n = network(ep.networkId());
        unpublish(endpointId);
        final NetworkDriver d = driver(n);
        d.checkPublish(n, Controller.exact(wanted));
        final List<PortMapping> fixed = c.ports().reserve(endpointId, wanted, c::portOwner, Controller.hostFree(d, n));
        final EndpointRecord updated = withPorts(ep, fixed);
        try
        {
            c.registry().putEndpoint(updated);
            d.publish(n, updated, fixed);
        }
        catch (final RuntimeException e)
        {
            c.ports().release(endpointId, fixed);
            c.registry().putEndpoint(withPorts(ep, List.of()));
            throw e;
        }
        return fixed;
    }

    /** Withdraws the endpoint's published ports; none is fine. */
    public void unpublish(final String endpointId)
    {
        final Optional<EndpointRecord> ep = endpoint(endpointId);
        if (ep.isEmpty() || ep.get().ports().isEmpty())
        {
            return;
        }
        final Optional<NetworkRecord> n = c.registry().network(ep.get().networkId());
        n.ifPresent(net -> driver(net).unpublish(net, ep.get(), ep.get().ports()));
        c.ports().release(endpointId, ep.get().ports());
        c.registry().putEndpoint(withPorts(ep.get(), List.of()));
    }

    public Optional<EndpointRecord> endpoint(final String endpointId)
    {
        return c.registry().endpoints().stream().filter(e -> e.id().equals(endpointId)).findFirst();
    }

    private NetworkRecord network(final String id)
    {
        return c.registry().network(id).orElseThrow(() -> PontoonException.notFound("network %s not found", Ids.shortId(id)));
    }

    private NetworkDriver driver(final NetworkRecord n)
    {
        return c.driverOf(n).orElseThrow(() -> PontoonException.forbidden("network %s (driver %s) takes no endpoints",
            n.name(), n.driver()));
    }

    private static EndpointRecord withPorts(final EndpointRecord e, final List<PortMapping> ports)
    {
        return new EndpointRecord(e.id(), e.name(), e.networkId(), e.sandboxId(), e.ip(), e.mac(), e.ifName(), e.hostIfName(),
            e.aliases(), ports, e.created());
    }
}
