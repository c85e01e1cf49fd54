// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.controller;

import io.pontoon.core.PontoonException;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.store.KeyValue;
import io.pontoon.kernel.net.IpPrefix;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A runtime's local handles on global networks. Docker never shares its networks between hosts
 * (Pontoon's driver has scope local), so each host's dockerd creates its own network, with its
 * own id, bound to one global network with {@code -o pontoon.network=NAME}. The binding (runtime
 * network id → global network id) is kept under {@code docker-bindings/} in the local store;
 * endpoints on a handle are endpoints of the global network, addresses come from the cluster's
 * IPAM, and removing the handle removes only the binding.
 */
final class GlobalHandles
{
    private final Controller c;
    private final String root;

    GlobalHandles(final Controller c, final String storeRoot)
    {
        this.c = c;
        this.root = storeRoot + "docker-bindings/";
    }

    /** The global network {@code ref} names; INVALID when it is local, UNAVAILABLE without a cluster. */
    NetworkRecord global(final String ref)
    {
        final NetworkRecord n = c.registry().resolveNetwork(ref);
        if (!GlobalNetworks.isGlobal(n))
        {
            throw PontoonException.invalid("network %s is not a global (overlay) network: only those can be bound to with"
                + " pontoon.network; use a Pontoon network of its own (docker network create -d pontoon --subnet ...)", n.name());
        }
        if (c.globals() == null)
        {
            throw PontoonException.unavailable("network %s is global and this daemon has no cluster store", n.name());
        }
        return n;
    }

    /**
     * Binds runtime network {@code id} to global network {@code ref}; the subnet and gateway the
     * runtime got from Pontoon's IPAM must be the global network's. Idempotent.
     */
    NetworkRecord bind(final String id, final String ref, final IpPrefix subnet, final IpPrefix gateway, final boolean internal)
    {
        Ids.checkId("network", id);
        final NetworkRecord n = global(ref);
        if (subnet != null && !subnet.network().equals(n.subnet()))
        {
            throw PontoonException.invalid("subnet %s is not the subnet %s of global network %s: leave --subnet out or give"
                + " the same one", subnet, n.subnet(), n.name());
        }
        if (gateway != null && n.gateway() != null && !gateway.address().equals(n.gateway().address()))
        {
            throw PontoonException.invalid("gateway %s is not the gateway %s of global network %s",
                gateway.address().getHostAddress(), n.gateway().address().getHostAddress(), n.name());
        }
        if (internal != n.internal())
        {
            throw PontoonException.invalid("global network %s is %sinternal: create the Docker network %s--internal", n.name(),
                n.internal() ? "" : "not ", n.internal() ? "with " : "without ");
        }
        final Optional<String> bound = boundTo(id);
        if (bound.isPresent() && !bound.get().equals(n.id()))
        {
            throw PontoonException.conflict("network %s is already bound to global network %s", Ids.shortId(id), bound.get());
        }
        c.store().put(root + id, n.id());
        return n;
    }

    /** The global network id runtime network {@code id} is bound to, if it is a handle. */
    Optional<String> boundTo(final String id)
    {
        return c.store().get(root + id).map(KeyValue::value);
    }

    /** Removes a binding; the global network stays. False when {@code id} is no handle. */
    boolean unbind(final String id)
    {
        if (boundTo(id).isEmpty())
        {
            return false;
        }
        c.store().delete(root + id);
        return true;
    }

    /** The network a runtime's id stands for: the bound global network's id, or the id itself. */
    String resolve(final String id)
    {
        return boundTo(id).orElse(id);
    }

    /** Allocates an address of a global network in the cluster's IPAM (Docker's RequestAddress). */
    IpPrefix allocate(final String networkId, final InetAddress preferred)
    {
        final NetworkRecord n = global(networkId);
        return c.ipamOf(n).allocate(n.poolId(), preferred);
    }

    /** Releases an address allocated by {@link #allocate}; unknown ones and the gateway are fine. */
    void release(final String networkId, final InetAddress address)
    {
        final Optional<NetworkRecord> n = c.registry().network(networkId);
        if (n.isPresent() && GlobalNetworks.isGlobal(n.get()) && c.globals() != null
            && (n.get().gateway() == null || !n.get().gateway().address().equals(address)))
        {
            c.ipamOf(n.get()).release(n.get().poolId(), address);
        }
    }

    /**
     * Makes this host take part in the network and attaches the endpoint's host side (the caller
     * holds the network's read lock); the endpoint is published to the cluster. Undone on failure.
     */
    String join(final NetworkRecord network, final EndpointRecord ep)
    {
        global(network.id());
        final NetworkRecord n = c.globals().participate(network);
        final var driver = c.driverOf(n).orElseThrow(() ->
            PontoonException.internal("network " + n.name() + " has no driver " + n.driver(), null));
        try
        {
            final String ifName = driver.joinHostSide(n, ep);
            c.globals().scope().published(n, ep);
            return ifName;
        }
        catch (final RuntimeException e)
        {
            try
            {
                driver.leave(n, ep);
                c.globals().scope().withdrawn(n, ep);
            }
            catch (final RuntimeException cleanup)
            {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Withdraws a runtime's endpoint from the cluster (its interface is gone or going). */
    void withdrawn(final NetworkRecord n, final EndpointRecord ep)
    {
        if (c.globals() != null)
        {
            c.globals().scope().withdrawn(n, ep);
        }
    }

    /** Stops taking part in the network when no local endpoint is left (call without its lock). */
    void leaveIfIdle(final String networkId)
    {
        if (c.globals() != null)
        {
            c.globals().leaveIfIdle(networkId);
        }
    }
}
