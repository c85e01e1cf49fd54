// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.docker;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import io.pontoon.core.controller.ExternalAttachments;
import io.pontoon.core.ipam.Ipam;
import io.pontoon.core.ipam.Pool;
import io.pontoon.core.ipam.PoolRequest;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.daemon.http.Router;
import io.pontoon.kernel.net.IpPrefix;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Docker's remote IPAM protocol ({@code /IpamDriver.*}) on Pontoon's store-backed IPAM, so that
 * {@code --ipam-driver pontoon} networks share one allocator with Pontoon's own sandboxes. Pools
 * and addresses persist in the store (Docker does not replay them). Failures answer 200 with
 * {@code {"Error": "..."}} — IPAM's key, not the network driver's {@code Err}.
 */
public final class DockerIpam
{
    /** The address space Pontoon's IPAM reports; CreateNetwork recognises its pools by it. */
    public static final String ADDRESS_SPACE = "PontoonLocal";
    /**
     * The IPAM option ({@code --ipam-opt pontoon.network=NAME}) that makes the pool the subnet of
     * global network NAME, with addresses from the cluster's IPAM.
     */
    public static final String NETWORK_OPTION = "pontoon.network";
    /** Pool ids of global networks: this prefix and the network's id. */
    public static final String GLOBAL_POOL_PREFIX = "pontoon-global-";
    private static final String GATEWAY_DATA = "com.docker.network.gateway";
    private static final String ADDRESS_TYPE = "RequestAddressType";

    private final Ipam ipam;
    private final Supplier<List<IpPrefix>> hostRoutes;
    private final ExternalAttachments ext;

    public DockerIpam(final Ipam ipam, final Supplier<List<IpPrefix>> hostRoutes, final ExternalAttachments ext)
    {
        this.ipam = ipam;
        this.hostRoutes = hostRoutes;
        this.ext = ext;
    }

    /** The global network a pool id names, or null for Pontoon's local pools. */
    private static String globalOf(final String poolId)
    {
        return poolId.startsWith(GLOBAL_POOL_PREFIX) ? poolId.substring(GLOBAL_POOL_PREFIX.length()) : null;
    }

    private static Router.Route ipamRoute(final DockerPlugin.Handler h)
    {
        return call -> DockerPlugin.reply(h, call, "Error");
    }

    void addRoutes(final Router r)
    {
        r.add("POST", "/IpamDriver.GetCapabilities", ipamRoute(c -> Json.obj("RequiresMACAddress", false,
                "RequiresRequestReplay", false)))
            .add("POST", "/IpamDriver.GetDefaultAddressSpaces", ipamRoute(c -> Json.obj("LocalDefaultAddressSpace",
                ADDRESS_SPACE, "GlobalDefaultAddressSpace", "PontoonGlobal")))
            .add("POST", "/IpamDriver.RequestPool", ipamRoute(c -> requestPool(c.json())))
            .add("POST", "/IpamDriver.ReleasePool", ipamRoute(c ->
            {
                final String id = c.json().requireString("PoolID");
                if (globalOf(id) == null && ipam.pool(id).isPresent())
                {
                    ipam.releasePool(id);
                }
                return Map.of();
            }))
            .add("POST", "/IpamDriver.RequestAddress", ipamRoute(c -> requestAddress(c.json())))
            .add("POST", "/IpamDriver.ReleaseAddress", ipamRoute(c ->
            {
                final JsonObject o = c.json();
                final String id = o.requireString("PoolID");
                final InetAddress a = IpPrefix.parse(o.requireString("Address")).address();
                if (globalOf(id) != null)
                {
                    ext.releaseGlobal(globalOf(id), a);
                }
                else if (ipam.pool(id).isPresent())
                {
                    ipam.release(id, a);
                }
                return Map.of();
            }));
    }

    private Map<String, ?> requestPool(final JsonObject o)
    {
        if (o.bool("V6", false))
        {
            throw PontoonException.invalid("IPv6 pools are not supported by Pontoon yet");
        }
        final String poolText = o.string("Pool", "");
        final String subText = o.string("SubPool", "");
        if (poolText.isEmpty() && !subText.isEmpty())
        {
            throw PontoonException.invalid("an ip-range needs a subnet");
        }
        final IpPrefix subnet = poolText.isEmpty() ? null : network("subnet", poolText);
        final IpPrefix range = subText.isEmpty() ? null : network("ip-range", subText);
        final String bound = o.objectOrEmpty("Options").string(NETWORK_OPTION);
        if (bound != null && !bound.isEmpty())
        {
            return globalPool(bound, subnet, range);
        }
        PoolRequest req = PoolRequest.of(Ids.newId(), ExternalAttachments.RUNTIME_POOL).withSubnet(subnet).withIpRange(range)
            .withoutGateway();
        if (subnet == null)
        {
            req = req.avoiding(hostRoutes.get());
        }
        final Pool p = ipam.requestPool(req);
        return Json.obj("PoolID", p.id(), "Pool", p.subnet().toString(), "Data", Map.of());
    }

    /**
     * The pool of a global network: its subnet, with its gateway in {@code Data} (so Docker asks
     * for no gateway address: every host's bridge has the same one).
     */
    private Map<String, ?> globalPool(final String ref, final IpPrefix subnet, final IpPrefix range)
    {
        final NetworkRecord n = ext.globalNetwork(ref);
        if (subnet != null && !subnet.equals(n.subnet()))
        {
            throw PontoonException.invalid("subnet %s is not the subnet %s of global network %s: leave --subnet out or give"
                + " the same one", subnet, n.subnet(), n.name());
        }
        if (range != null)
        {
            throw PontoonException.invalid("the ip-range of global network %s is set with pontoon network create, not"
                + " with docker network create", n.name());
        }
        final Map<String, Object> data = new LinkedHashMap<>();
        if (n.gateway() != null)
        {
            data.put(GATEWAY_DATA, n.gateway().toString());
        }
        return Json.obj("PoolID", GLOBAL_POOL_PREFIX + n.id(), "Pool", n.subnet().toString(), "Data", data);
    }

    private Map<String, ?> requestAddress(final JsonObject o)
    {
        final String poolId = o.requireString("PoolID");
        final String addr = o.string("Address", "");
        final InetAddress preferred = addr.isEmpty() ? null : IpPrefix.Ip.parse(addr);
        if (globalOf(poolId) != null)
        {
            final NetworkRecord n = ext.globalNetwork(globalOf(poolId));
            if (GATEWAY_DATA.equals(o.objectOrEmpty("Options").string(ADDRESS_TYPE)))
            {
                // the gateway exists on every host's bridge already; nothing is allocated for it
                if (n.gateway() == null || preferred != null && !preferred.equals(n.gateway().address()))
                {
                    throw PontoonException.invalid("the gateway of global network %s is %s", n.name(),
                        n.gateway() == null ? "none" : n.gateway().address().getHostAddress());
                }
                return Json.obj("Address", n.gateway().toString(), "Data", Map.of());
            }
            return Json.obj("Address", ext.allocateGlobal(n.id(), preferred).toString(), "Data", Map.of());
        }
        // the gateway request (RequestAddressType = com.docker.network.gateway) is served the same
        // way: the first free address, or the one the user asked for with --gateway
        final IpPrefix got = ipam.allocate(poolId, preferred);
        return Json.obj("Address", got.toString(), "Data", Map.of());
    }

    private static IpPrefix network(final String what, final String text)
    {
        try
        {
            return IpPrefix.parseNetwork(text);
        }
        catch (final IllegalArgumentException e)
        {
            throw PontoonException.invalid("invalid %s '%s': %s", what, text, e.getMessage());
        }
    }
}
