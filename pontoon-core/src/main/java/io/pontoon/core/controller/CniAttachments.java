// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.controller;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.NetworkDriver;
import io.pontoon.core.driver.SandboxNs;
import io.pontoon.core.ipam.Ipam;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.Mac;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.PortMapping;
import io.pontoon.core.store.KeyValue;
import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.rtnl.LinkInfo;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netns.NetNs;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;

/**
 * CNI attachments: a runtime (Podman, containerd, Kubernetes) hands Pontoon a network namespace
 * and an interface name per container; Pontoon creates the interface directly inside it (one
 * exec, no chaining), addresses it from the network's IPAM, routes it and publishes its ports.
 * Attachments are keyed by (container id, interface name) under {@code cni/} in the store,
 * next to the endpoint they own (an endpoint without a Pontoon sandbox).
 */
public final class CniAttachments
{
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}");

    private final Controller c;
    private final String root;

    CniAttachments(final Controller c, final String storeRoot)
    {
        this.c = c;
        this.root = storeRoot + "cni/";
    }

    /**
     * One attachment as the runtime sees it; {@code mtu} is the container interface's MTU as the
     * kernel reports it (0 when unknown).
     */
    public record Attachment(String containerId, String ifName, String netns, NetworkRecord network, EndpointRecord endpoint,
        boolean defaultRoute, int mtu)
    {
    }

    /** ADD: creates the interface {@code ifName} in {@code netns} on {@code network}. */
    public Attachment add(final String containerId, final String ifName, final String netns, final String network,
        final List<PortMapping> ports, final String ip, final String mac)
    {
        checkIds(containerId, ifName);
        final NetworkRecord named = c.registry().resolveNetwork(network);
        if (named.subnet() == null)
        {
            throw PontoonException.invalid("network %s has no addresses; CNI attachments need a bridge or overlay network",
                named.name());
        }
        if (c.store().get(key(containerId, ifName)).isPresent())
        {
            throw PontoonException.conflict("container %s already has interface %s; delete it first", containerId, ifName);
        }
        final String wantedMac = mac == null || mac.isEmpty() ? null : Mac.parse(mac);
        if (wantedMac != null && c.registry().endpointsOfNetwork(named.id()).stream().anyMatch(e -> wantedMac.equals(e.mac())))
        {
            throw PontoonException.conflict("MAC address %s is already in use in network %s", wantedMac, named.name());
        }
        if (netns == null || netns.isEmpty() || !Files.exists(Path.of(netns)))
        {
            throw PontoonException.notFound("network namespace '%s' of container %s does not exist", netns, containerId);
        }
        final NetworkDriver driver = c.driverOf(named).orElseThrow(() ->
            PontoonException.forbidden("network %s (driver %s) takes no endpoints", named.name(), named.driver()));
        if (!ports.isEmpty())
        {
            // as for docker run -p: a host port that a process on the host listens on is refused, not shadowed
            driver.checkPublish(named, Controller.exact(ports));
        }
        // an overlay: this host takes part in it (kernel objects, a block of its subnet) from now on.
        // The read lock comes first: leaveIfIdle (the reaper's, every 2 s) takes the write lock, and
        // between participate and the stored attachment the network has no local endpoint yet.
        final boolean global = GlobalNetworks.isGlobal(named);
        final ReentrantReadWriteLock lock = c.networkLock(named.id());
        lock.readLock().lock();
        final NetworkRecord n;
        try
        {
            n = global ? c.globalOrFail(named).participate(named) : named;
        }
        catch (final RuntimeException e)
        {
            lock.readLock().unlock();
            throw e;
        }
        final Ipam ipam = c.ipamOf(n);
        boolean attached = false;
        try (NetNs ns = NetNs.open(Path.of(netns)); Rtnl rtnl = Rtnl.open(ns))
        {
            if (ns.call(() -> Files.isSameFile(Path.of("/proc/thread-self/ns/net"), Path.of("/proc/self/ns/net"))))
            {
                throw PontoonException.forbidden("refusing to attach the daemon's own network namespace %s", netns);
            }
            if (rtnl.linkGet(ifName).isPresent())
            {
                throw PontoonException.conflict("interface %s already exists in %s", ifName, netns);
            }
            final boolean defaultRoute = rtnl.routeList(254).stream()
                .noneMatch(r -> r.dst() != null && r.dst().length() == 0 && r.dst().isIpv4());
            final InetAddress preferred = ip == null || ip.isEmpty() ? null : IpPrefix.parse(ip).address();
            final IpPrefix addr = ipam.allocate(n.poolId(), preferred);
            final String epId = Ids.newId();
            final EndpointRecord ep = new EndpointRecord(epId, "cni-" + Ids.shortId(epId), n.id(), null, addr,
                wantedMac == null ? Mac.fromIpv4(addr.address()) : wantedMac, ifName,
                "ptv" + Ids.shortId(epId), List.of(), ports, Instant.now());
            boolean reserved = false;
            boolean stored = false;
            try
            {
                if (!ports.isEmpty())
                {
                    c.ports().reserve(epId, ports, c::portOwner);
                    reserved = true;
                }
                c.registry().putEndpoint(ep);
                c.store().put(key(containerId, ifName), Json.write(Json.obj("endpoint", epId, "netns", netns,
                    "network", n.id(), "defaultRoute", defaultRoute)));
                stored = true;
                driver.join(n, ep, new SandboxNs(containerId, ns, rtnl), defaultRoute);
                if (!ports.isEmpty())
                {
                    driver.publish(n, ep, ports);
                }
                if (global)
                {
                    c.globals().scope().published(n, ep);
                }
                final Attachment a = new Attachment(containerId, ifName, netns, n, ep, defaultRoute && !n.internal(),
                    rtnl.linkGet(ifName).map(LinkInfo::mtu).orElse(0));
                attached = true;
                return a;
            }
            catch (final RuntimeException e)
            {
                try
                {
                    if (stored)
                    {
                        driver.unpublish(n, ep, ports);
                        driver.leave(n, ep);
                        c.store().delete(key(containerId, ifName));
                        c.registry().removeEndpoint(ep);
                        if (global)
                        {
                            c.globals().scope().withdrawn(n, ep);
                        }
                    }
                    if (reserved)
                    {
                        c.ports().release(epId, ports);
                    }
                    ipam.release(n.poolId(), addr.address());
                }
                catch (final RuntimeException cleanup)
                {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
        finally
        {
            lock.readLock().unlock();
            if (global && !attached)
            {
                // a refused or failed ADD leaves this host out of the overlay again if nothing else uses it
                c.globals().leaveIfIdle(n.id());
            }
        }
    }

    /** DEL: releases everything of the attachment; unknown ones and vanished namespaces are fine. */
    public void del(final String containerId, final String ifName)
    {
        checkIds(containerId, ifName);
        final Optional<KeyValue> kv = c.store().get(key(containerId, ifName));
        if (kv.isEmpty())
        {
            return;
        }
        final JsonObject a = Json.parseObject(kv.get().value());
        final Optional<EndpointRecord> ep = c.registry().endpoints().stream()
            .filter(e -> e.id().equals(a.string("endpoint"))).findFirst();
        if (ep.isPresent())
        {
            c.detach(c.registry().network(ep.get().networkId()).orElse(null), ep.get());
        }
        c.store().delete(kv.get().key());
    }

    /** CHECK: the attachment as recorded, after verifying its kernel objects are in place. */
    public Attachment check(final String containerId, final String ifName)
    {
        checkIds(containerId, ifName);
        final KeyValue kv = c.store().get(key(containerId, ifName)).orElseThrow(() ->
            PontoonException.notFound("container %s has no Pontoon interface %s", containerId, ifName));
        final JsonObject a = Json.parseObject(kv.value());
        final EndpointRecord ep = c.registry().endpoints().stream().filter(e -> e.id().equals(a.string("endpoint")))
            .findFirst().orElseThrow(() -> PontoonException.notFound("attachment %s/%s lost its endpoint", containerId, ifName));
        final NetworkRecord n = c.registry().network(ep.networkId()).orElseThrow(() ->
            PontoonException.notFound("attachment %s/%s lost its network", containerId, ifName));
        final String netns = a.string("netns");
        if (!c.driverOf(n).map(d -> d.joined(n, ep)).orElse(false))
        {
            throw PontoonException.invalid("host side %s of %s/%s is missing or not on bridge %s", ep.hostIfName(), containerId,
                ifName, n.bridgeName());
        }
        if (!ep.ports().isEmpty() && !c.driverOf(n).map(d -> d.published(n, ep, ep.ports())).orElse(true))
        {
            throw PontoonException.invalid("published ports %s of %s/%s are missing", ep.ports(), containerId, ifName);
        }
        final int mtu;
        try (NetNs ns = NetNs.open(Path.of(netns)); Rtnl rtnl = Rtnl.open(ns))
        {
            final LinkInfo link = rtnl.linkGet(ifName).orElseThrow(() ->
                PontoonException.invalid("interface %s is missing in %s", ifName, netns));
            if (!link.up())
            {
                throw PontoonException.invalid("interface %s in %s is down", ifName, netns);
            }
            if (link.mac() == null || !link.mac().equals(MacAddress.parse(ep.mac())))
            {
                throw PontoonException.invalid("interface %s in %s has MAC %s, not %s", ifName, netns, link.mac(), ep.mac());
            }
            mtu = link.mtu();
            if (!rtnl.addrList(ifName).contains(ep.ip()))
            {
                throw PontoonException.invalid("interface %s in %s lacks address %s", ifName, netns, ep.ip());
            }
            final boolean wantsDefault = a.bool("defaultRoute", false) && !n.internal();
            if (wantsDefault && rtnl.routeList(254).stream().noneMatch(r -> r.dst() != null && r.dst().length() == 0
                && n.gateway().address().equals(r.gateway())))
            {
                throw PontoonException.invalid("default route via %s is missing in %s", n.gateway().address().getHostAddress(),
                    netns);
            }
        }
        catch (final KernelException e)
        {
            throw PontoonException.notFound("network namespace %s of container %s: %s", netns, containerId, e.getMessage());
        }
        return new Attachment(containerId, ifName, netns, n, ep, a.bool("defaultRoute", false) && !n.internal(), mtu);
    }

    /** GC: removes the network's attachments that are not in {@code valid} ("containerId/ifName"). */
    public List<String> gc(final String network, final Set<String> valid)
    {
        final NetworkRecord n = c.registry().resolveNetwork(network);
        final List<String> removed = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        for (final KeyValue kv : c.store().list(root))
        {
            final String rest = kv.key().substring(root.length());
            final JsonObject a = Json.parseObject(kv.value());
            if (!n.id().equals(a.string("network")) || valid.contains(rest))
            {
                continue;
            }
            final int slash = rest.lastIndexOf('/');
            try
            {
                del(rest.substring(0, slash), rest.substring(slash + 1));
                removed.add(rest);
            }
            catch (final RuntimeException e)
            {
                errors.add(rest + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty())
        {
            throw PontoonException.unavailable("garbage collection left %d attachments: %s", errors.size(),
                String.join("; ", errors));
        }
        return removed;
    }

    /**
     * STATUS: why ADDs on {@code network} cannot be served now, or empty when they can (no side
     * effects): a network without addresses or driver, or an overlay whose cluster store is
     * unreachable (ADD would fail with UNAVAILABLE; running containers keep their traffic).
     */
    public Optional<String> unavailable(final String network)
    {
        final NetworkRecord n = c.registry().resolveNetwork(network);
        if (n.subnet() == null || c.driverOf(n).isEmpty())
        {
            return Optional.of("network " + n.name() + " cannot take CNI attachments");
        }
        if (GlobalNetworks.isGlobal(n))
        {
            final GlobalNetworks g = c.globals();
            if (g == null)
            {
                return Optional.of("network " + n.name() + " is global and this daemon has no cluster store");
            }
            return g.scope().unavailable().map(why -> "network " + n.name() + " cannot take new endpoints: " + why);
        }
        return Optional.empty();
    }

    /** Endpoint ids owned by CNI attachments (the restorer must not treat them as orphans). */
    Set<String> endpointIds()
    {
        final Set<String> out = new java.util.HashSet<>();
        for (final KeyValue kv : c.store().list(root))
        {
            out.add(Json.parseObject(kv.value()).string("endpoint"));
        }
        return out;
    }

    private String key(final String containerId, final String ifName)
    {
        return root + containerId + "/" + ifName;
    }

    private static void checkIds(final String containerId, final String ifName)
    {
        if (containerId == null || !CONTAINER_ID.matcher(containerId).matches())
        {
            throw PontoonException.invalid("invalid container id '%s'", containerId);
        }
        if (ifName == null || !ifName.matches("[A-Za-z0-9_.-]{1,15}") || ifName.equals(".") || ifName.equals(".."))
        {
            throw PontoonException.invalid("invalid interface name '%s': 1-15 characters of letters, digits, '_', '.', '-'",
                ifName);
        }
    }
}
