// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.docker;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import io.pontoon.core.controller.Controller;
import io.pontoon.core.controller.ExternalAttachments;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.PortMapping;
import io.pontoon.daemon.http.HttpCall;
import io.pontoon.daemon.http.HttpReply;
import io.pontoon.daemon.http.Router;
import io.pontoon.kernel.net.IpPrefix;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's remote network driver protocol ({@code /NetworkDriver.*}) on the controller. Docker
 * names networks and endpoints by its own 64-hex ids, which Pontoon keeps as its ids, so
 * {@code pontoon network ls} shows Docker's networks (named {@code -o pontoon.name=NAME}, else
 * {@code docker-<12 hex>}). Failures answer 200 with {@code {"Err": "..."}}, which Docker shows
 * to the user as {@code remote: ...}. Docker does no port NAT for remote drivers: the port map
 * of ProgramExternalConnectivity is published by Pontoon, in the kernel.
 */
public final class DockerPlugin
{
    /** The driver option that names the network in Pontoon (it is not passed on to the driver). */
    public static final String NAME_OPTION = "pontoon.name";
    private static final String GENERIC = "com.docker.network.generic";
    private static final String INTERNAL = "com.docker.network.internal";
    private static final String PORTMAP = "com.docker.network.portmap";

    private final ExternalAttachments ext;
    private final DockerIpam ipam;

    public DockerPlugin(final Controller controller, final DockerIpam ipam)
    {
        this.ext = controller.external();
        this.ipam = ipam;
    }

    /** Routes for the plugin socket: activation, the network driver and the IPAM driver. */
    public Router router()
    {
        final Router r = new Router()
            .add("POST", "/Plugin.Activate", c -> HttpReply.ok(Json.obj("Implements", List.of("NetworkDriver", "IpamDriver"))))
            .add("POST", "/NetworkDriver.GetCapabilities", net(c -> Json.obj("Scope", "local", "ConnectivityScope", "local")))
            .add("POST", "/NetworkDriver.CreateNetwork", net(this::createNetwork))
            .add("POST", "/NetworkDriver.DeleteNetwork", net(c ->
            {
                ext.deleteNetwork(id(c, "NetworkID"));
                return Map.of();
            }))
            .add("POST", "/NetworkDriver.AllocateNetwork", net(c -> Json.obj("Options", Map.of())))
            .add("POST", "/NetworkDriver.FreeNetwork", net(c -> Map.of()))
            .add("POST", "/NetworkDriver.CreateEndpoint", net(this::createEndpoint))
            .add("POST", "/NetworkDriver.EndpointOperInfo", net(c -> Json.obj("Value", Map.of())))
            .add("POST", "/NetworkDriver.DeleteEndpoint", net(c ->
            {
                ext.deleteEndpoint(id(c, "NetworkID"), id(c, "EndpointID"));
                return Map.of();
            }))
            .add("POST", "/NetworkDriver.Join", net(this::join))
            .add("POST", "/NetworkDriver.Leave", net(c ->
            {
                ext.leave(id(c, "NetworkID"), id(c, "EndpointID"));
                return Map.of();
            }))
            .add("POST", "/NetworkDriver.ProgramExternalConnectivity", net(this::program))
            .add("POST", "/NetworkDriver.RevokeExternalConnectivity", net(c ->
            {
                ext.unpublish(id(c, "EndpointID"));
                return Map.of();
            }))
            .add("POST", "/NetworkDriver.DiscoverNew", net(c -> Map.of()))
            .add("POST", "/NetworkDriver.DiscoverDelete", net(c -> Map.of()));
        ipam.addRoutes(r);
        return r;
    }

    /** A handler whose failures become Docker's {@code {"Err": "..."}} (HTTP 200). */
    static Router.Route net(final Handler h)
    {
        return call -> reply(h, call, "Err");
    }

    /** A route body returning the JSON object to answer with. */
    @FunctionalInterface
    interface Handler
    {
        Map<String, ?> handle(HttpCall call);
    }

    static HttpReply reply(final Handler h, final HttpCall call, final String errKey)
    {
        try
        {
            return HttpReply.ok(h.handle(call));
        }
        catch (final RuntimeException e)
        {
            return HttpReply.ok(Map.of(errKey, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    static String id(final HttpCall c, final String field)
    {
        return Ids.checkId(field, c.json().requireString(field));
    }

    private Map<String, ?> createNetwork(final HttpCall c)
    {
        final JsonObject req = c.json();
        final String id = id(c, "NetworkID");
        final JsonObject options = req.objectOrEmpty("Options");
        final Map<String, String> generic = new LinkedHashMap<>(options.stringMap(GENERIC));
        final boolean internal = options.bool(INTERNAL, false);
        if (!req.objects("IPv6Data").isEmpty())
        {
            throw PontoonException.invalid("IPv6 networks are not supported by Pontoon yet");
        }
        final List<JsonObject> v4 = req.objects("IPv4Data");
        if (v4.size() != 1)
        {
            throw PontoonException.invalid("Pontoon networks need exactly one IPv4 pool, got %d", v4.size());
        }
        final IpPrefix pool = IpPrefix.parseNetwork(v4.get(0).requireString("Pool"));
        final String gwCidr = v4.get(0).string("Gateway");
        final String gateway = gwCidr == null || gwCidr.isEmpty() ? null : IpPrefix.parse(gwCidr).address().getHostAddress();
        if (generic.containsKey(DockerIpam.NETWORK_OPTION))
        {
            bind(id, generic, v4.get(0), pool, gwCidr, internal);
            return Map.of();
        }
        final String name = generic.containsKey(NAME_OPTION) ? generic.remove(NAME_OPTION) : "docker-" + Ids.shortId(id);
        final String poolId = DockerIpam.ADDRESS_SPACE.equals(v4.get(0).string("AddressSpace"))
            ? ext.poolOf(pool).orElseThrow(() -> PontoonException.notFound("no Pontoon address pool %s (a pool requested with"
                + " --ipam-opt %s=NAME needs -o %s=NAME too)", pool, DockerIpam.NETWORK_OPTION, DockerIpam.NETWORK_OPTION)) : null;
        ext.createNetwork(id, name, new Controller.NetworkSpec(name, "bridge", pool.toString(), gateway, null, internal,
            generic), poolId);
        return Map.of();
    }

    /**
     * {@code -o pontoon.network=NAME}: the Docker network is this host's handle on global network
     * NAME. Its addresses must come from Pontoon's IPAM bound to the same network: Docker's own
     * IPAM would hand out the same addresses on every host.
     */
    private void bind(final String id, final Map<String, String> generic, final JsonObject v4, final IpPrefix pool,
        final String gwCidr, final boolean internal)
    {
        final String ref = generic.remove(DockerIpam.NETWORK_OPTION);
        if (!generic.isEmpty())
        {
            throw PontoonException.invalid("a Docker network bound to global network %s takes no other options (got %s):"
                + " options are set with pontoon network create", ref, String.join(", ", generic.keySet()));
        }
        final String hint = String.format("create it with --ipam-driver pontoon --ipam-opt %s=%s",
            DockerIpam.NETWORK_OPTION, ref);
        if (!DockerIpam.ADDRESS_SPACE.equals(v4.string("AddressSpace")))
        {
            throw PontoonException.invalid("network bound to global network %s needs Pontoon's IPAM (%s): Docker's own"
                + " IPAM would hand out the same addresses on every host", ref, hint);
        }
        if (ext.poolOf(pool).isPresent())
        {
            throw PontoonException.invalid("network bound to global network %s got a local Pontoon address pool (%s); %s",
                ref, pool, hint);
        }
        ext.bindNetwork(id, ref, pool, gwCidr == null || gwCidr.isEmpty() ? null : IpPrefix.parse(gwCidr), internal);
    }

    private Map<String, ?> createEndpoint(final HttpCall c)
    {
        final JsonObject iface = c.json().objectOrEmpty("Interface");
        final String v6 = iface.string("AddressIPv6");
        if (v6 != null && !v6.isEmpty())
        {
            throw PontoonException.invalid("IPv6 endpoints are not supported by Pontoon yet");
        }
        final String mac = iface.string("MacAddress");
        final EndpointRecord ep = ext.createEndpoint(id(c, "NetworkID"), id(c, "EndpointID"), iface.string("Address"), mac);
        // Docker refuses answers that repeat fields it set: give the MAC only when it gave none
        return mac == null || mac.isEmpty() ? Json.obj("Interface", Json.obj("MacAddress", ep.mac())) : Map.of();
    }

    private Map<String, ?> join(final HttpCall c)
    {
        final ExternalAttachments.JoinInfo info = ext.join(id(c, "NetworkID"), id(c, "EndpointID"));
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("InterfaceName", Json.obj("SrcName", info.ifName(), "DstPrefix", "eth"));
        final InetAddress gw = info.gateway();
        if (gw != null)
        {
            out.put("Gateway", gw.getHostAddress());
        }
        out.put("DisableGatewayService", gw == null);
        return out;
    }

    private Map<String, ?> program(final HttpCall c)
    {
        final List<PortMapping> ports = new ArrayList<>();
        for (final Object o : c.json().objectOrEmpty("Options").array(PORTMAP))
        {
            final JsonObject p = JsonObject.wrap((Map<?, ?>) o);
            final int proto = (int) p.integer("Proto", 6);
            if (proto != 6 && proto != 17)
            {
                throw PontoonException.invalid("Pontoon publishes tcp and udp ports, not protocol %d", proto);
            }
            final String hostIp = p.string("HostIP");
            final InetAddress ip = hostIp == null || hostIp.isEmpty() ? null : IpPrefix.Ip.parse(hostIp);
            final int hostPort = (int) p.integer("HostPort", 0);
            ports.add(new PortMapping(proto == 17 ? PortMapping.Protocol.UDP : PortMapping.Protocol.TCP, ip, hostPort, hostPort,
                (int) p.integer("Port", 0)));
        }
        if (!ports.isEmpty())
        {
            ext.publish(id(c, "EndpointID"), ports);
        }
        return Map.of();
    }
}
