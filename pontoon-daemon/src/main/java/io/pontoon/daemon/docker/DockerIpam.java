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
import io.pontoon.daemon.http.Router;
import io.pontoon.kernel.net.IpPrefix;

import java.net.InetAddress;
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

    private final Ipam ipam;
    private final Supplier<List<IpPrefix>> hostRoutes;

    public DockerIpam(final Ipam ipam, final Supplier<List<IpPrefix>> hostRoutes)
    {
        this.ipam = ipam;
        this.hostRoutes = hostRoutes;
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
                if (ipam.pool(id).isPresent())
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
                if (ipam.pool(id).isPresent())
                {
                    ipam.release(id, IpPrefix.parse(o.requireString("Address")).address());
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
        PoolRequest req = PoolRequest.of(Ids.newId(), ExternalAttachments.RUNTIME_POOL).withSubnet(subnet).withIpRange(range)
            .withoutGateway();
        if (subnet == null)
        {
            req = req.avoiding(hostRoutes.get());
        }
        final Pool p = ipam.requestPool(req);
        return Json.obj("PoolID", p.id(), "Pool", p.subnet().toString(), "Data", Map.of());
    }

    private Map<String, ?> requestAddress(final JsonObject o)
    {
        final String poolId = o.requireString("PoolID");
        final String addr = o.string("Address", "");
        final InetAddress preferred = addr.isEmpty() ? null : IpPrefix.Ip.parse(addr);
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
