// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon;

import io.pontoon.api.ApiVersion;
import io.pontoon.api.PortSpec;
import io.pontoon.api.rest.ConnectRequest;
import io.pontoon.api.rest.DisconnectRequest;
import io.pontoon.api.rest.EndpointView;
import io.pontoon.api.rest.NetworkCreateRequest;
import io.pontoon.api.rest.NetworkEndpointView;
import io.pontoon.api.rest.NetworkView;
import io.pontoon.api.rest.PortView;
import io.pontoon.api.rest.SandboxCreateRequest;
import io.pontoon.api.rest.SandboxView;
import io.pontoon.api.rest.VersionView;
import io.pontoon.api.json.Json;
import io.pontoon.core.PontoonException;
import io.pontoon.core.cluster.ClusterAgent;
import io.pontoon.core.cluster.ClusterStatus;
import io.pontoon.core.cluster.HostRecord;
import io.pontoon.core.controller.Controller;
import io.pontoon.core.controller.GlobalScope;
import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.PortMapping;
import io.pontoon.core.model.SandboxRecord;
import io.pontoon.daemon.http.HttpCall;
import io.pontoon.daemon.http.HttpReply;
import io.pontoon.daemon.http.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * REST v1 (docs/api.md): turns wire records into controller calls and records into views. No
 * logic of its own beyond that translation.
 */
final class RestApi
{
    private final Controller c;
    private final ClusterAgent cluster;

    RestApi(final Controller controller)
    {
        this(controller, null);
    }

    /** With {@code cluster} (null without a cluster store) for {@code GET /v1/cluster} and networks' peers. */
    RestApi(final Controller controller, final ClusterAgent cluster)
    {
        this.c = controller;
        this.cluster = cluster;
    }

    Router router()
    {
        return new Router()
            .add("GET", "/v1/version", call -> HttpReply.ok(new VersionView(ApiVersion.pontoonVersion(),
                ApiVersion.API_VERSION).toJson()))
            .add("GET", "/v1/networks", call -> HttpReply.ok(c.networks().stream().map(this::json).toList()))
            .add("POST", "/v1/networks", this::createNetwork)
            .add("GET", "/v1/networks/{id}", call -> HttpReply.ok(json(c.network(call.param("id")))))
            .add("GET", "/v1/cluster", call -> HttpReply.ok(clusterJson()))
            .add("DELETE", "/v1/networks/{id}", call ->
            {
                c.removeNetwork(call.param("id"));
                return HttpReply.noContent();
            })
            .add("POST", "/v1/networks/{id}/connect", this::connect)
            .add("POST", "/v1/networks/{id}/disconnect", call ->
            {
                final DisconnectRequest r = DisconnectRequest.fromJson(call.json());
                c.disconnect(call.param("id"), r.sandbox(), r.force());
                return HttpReply.noContent();
            })
            .add("GET", "/v1/sandboxes", call -> HttpReply.ok(c.sandboxes().stream().map(this::view).map(v -> v.toJson()).toList()))
            .add("POST", "/v1/sandboxes", this::createSandbox)
            .add("GET", "/v1/sandboxes/{id}", call -> HttpReply.ok(view(c.sandbox(call.param("id"))).toJson()))
            .add("DELETE", "/v1/sandboxes/{id}", call ->
            {
                c.removeSandbox(call.param("id"), force(call));
                return HttpReply.noContent();
            });
    }

    private static boolean force(final HttpCall call)
    {
        final String f = call.query().get("force");
        if (f == null || f.equals("false") || f.equals("0"))
        {
            return false;
        }
        if (f.equals("true") || f.equals("1") || f.isEmpty())
        {
            return true;
        }
        throw PontoonException.invalid("query parameter force must be true or false, not '%s'", f);
    }

    private HttpReply createNetwork(final HttpCall call)
    {
        final NetworkCreateRequest r = NetworkCreateRequest.fromJson(call.json());
        final NetworkRecord n = c.createNetwork(new Controller.NetworkSpec(r.name(), r.driver(), r.subnet(), r.gateway(),
            r.ipRange(), r.internal(), r.options()));
        return HttpReply.created(json(n));
    }

    private HttpReply connect(final HttpCall call)
    {
        final ConnectRequest r = ConnectRequest.fromJson(call.json());
        final EndpointRecord e = c.connect(call.param("id"), r.sandbox(), r.ip(), r.aliases());
        return HttpReply.ok(view(e).toJson());
    }

    private HttpReply createSandbox(final HttpCall call)
    {
        final SandboxCreateRequest r;
        try
        {
            r = SandboxCreateRequest.fromJson(call.json());
        }
        catch (final IllegalArgumentException e)
        {
            throw PontoonException.invalid(e.getMessage());
        }
        final List<PortMapping> ports = new ArrayList<>();
        for (final PortSpec spec : r.portSpecs())
        {
            for (final PortView p : spec.mappings())
            {
                // 0 = the daemon picks; a host range keeps its end: the first free port of it is taken
                ports.add(new PortMapping(PortMapping.Protocol.parse(p.protocol()), spec.hostIp(), p.hostPort(),
                    spec.hostRange() ? spec.hostPortEnd() : p.hostPort(), p.containerPort()));
            }
        }
        final SandboxRecord s = c.createSandbox(new Controller.SandboxSpec(r.name(), r.network(), r.ip(), ports,
            r.command(), r.detach(), r.autoRemove()));
        return HttpReply.created(view(s).toJson());
    }

    // ------------------------------------------------------------------ views

    /**
     * A network's view; a global network's adds {@code "Peers"} (the hosts with addresses on it:
     * {@code Name}, {@code IP} = its VTEP, {@code Endpoints} = its containers) and
     * {@code "RemoteEndpoints"} (what this host's data plane was told).
     */
    Map<String, Object> json(final NetworkRecord n)
    {
        final Map<String, Object> m = view(n).toJson();
        c.peersOf(n).ifPresent(p ->
        {
            final List<Object> hosts = new ArrayList<>();
            for (final GlobalScope.PeerHost h : p.hosts())
            {
                hosts.add(Json.obj("Name", h.name(), "IP", h.address().getHostAddress(), "Endpoints", h.endpoints()));
            }
            final List<Object> remote = new ArrayList<>();
            for (final RemoteEndpoint r : p.remote())
            {
                remote.add(Json.obj("Id", r.id(), "Host", r.host(), "IPAddress", r.ip().getHostAddress(), "MacAddress",
                    r.mac().toString(), "Vtep", r.vtep().getHostAddress()));
            }
            m.put("Peers", hosts);
            m.put("RemoteEndpoints", remote);
        });
        return m;
    }

    private Map<String, Object> clusterJson()
    {
        if (cluster == null)
        {
            throw PontoonException.notFound("this daemon runs without a cluster store (see pontoon daemon --cluster-store)");
        }
        final ClusterStatus s = cluster.status();
        final List<Object> hosts = new ArrayList<>();
        for (final HostRecord h : s.hosts())
        {
            hosts.add(Json.obj("Name", h.name(), "Address", h.address().getHostAddress(), "Since", h.started().toString()));
        }
        return Json.obj("Host", s.host(), "Advertise", s.address().getHostAddress(), "Store", s.store(), "InSync", s.inSync(),
            "Reason", s.reason(), "Lease", Long.toHexString(s.lease()), "TTLSeconds", s.ttl().toSeconds(), "Hosts", hosts,
            "Networks", s.networks());
    }

    NetworkView view(final NetworkRecord n)
    {
        final List<NetworkEndpointView> eps = new ArrayList<>();
        for (final EndpointRecord e : c.endpointsOfNetwork(n.id()))
        {
            eps.add(new NetworkEndpointView(e.id(), e.sandboxId(), sandboxName(e.sandboxId()),
                e.ip() == null ? null : e.ip().toString(), e.mac(), e.aliases()));
        }
        return new NetworkView(n.id(), n.name(), n.driver(), n.scope(), n.internal(),
            n.subnet() == null ? null : n.subnet().toString(),
            n.gateway() == null ? null : n.gateway().address().getHostAddress(),
            n.ipRange() == null ? null : n.ipRange().toString(), n.options(), n.created(), eps);
    }

    private String sandboxName(final String id)
    {
        try
        {
            return id == null ? null : c.sandbox(id).name();
        }
        catch (final PontoonException e)
        {
            return null;
        }
    }

    SandboxView view(final SandboxRecord s)
    {
        final List<EndpointView> eps = new ArrayList<>();
        final List<PortView> ports = new ArrayList<>();
        for (final EndpointRecord e : c.endpointsOfSandbox(s.id()))
        {
            eps.add(view(e));
            for (final PortMapping p : e.ports())
            {
                ports.add(new PortView(p.hostIp() == null ? null : p.hostIp().getHostAddress(), p.hostPort(),
                    p.containerPort(), p.protocol().wire()));
            }
        }
        final Controller.ProcessState ps = c.processState(s);
        final String mode = s.containerOf() != null ? "container:" + s.containerOf() : s.mode();
        return new SandboxView(s.id(), s.name(), mode, s.netnsPath(), ps.state(), ps.pid(), ps.exitCode(), s.command(),
            s.created(), eps, ports);
    }

    EndpointView view(final EndpointRecord e)
    {
        final NetworkRecord n = c.networkById(e.networkId()).orElse(null);
        return new EndpointView(n == null ? null : n.name(), e.networkId(), e.id(), e.ifName(),
            e.ip() == null ? null : e.ip().toString(),
            n == null || n.gateway() == null || n.internal() ? null : n.gateway().address().getHostAddress(), e.mac(),
            e.aliases());
    }

    /** The single place where error kinds become HTTP statuses. */
    static HttpReply error(final Throwable t)
    {
        if (t instanceof PontoonException p)
        {
            final int status = switch (p.kind())
            {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INVALID -> 400;
                case FORBIDDEN -> 403;
                case UNAVAILABLE -> 503;
                case INTERNAL -> 500;
            };
            return HttpReply.error(status, p.getMessage());
        }
        if (t instanceof io.pontoon.api.json.JsonException || t instanceof IllegalArgumentException)
        {
            return HttpReply.error(400, t.getMessage());
        }
        if (t instanceof io.pontoon.kernel.KernelException k)
        {
            return HttpReply.error(k.isExists() ? 409 : 500, k.getMessage());
        }
        return HttpReply.error(500, "internal error: " + t);
    }
}
