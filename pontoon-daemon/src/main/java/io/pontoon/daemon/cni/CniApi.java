// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.cni;

import io.pontoon.api.cni.CniDaemonCode;
import io.pontoon.api.cni.CniDaemonError;
import io.pontoon.api.cni.CniReply;
import io.pontoon.api.cni.CniRequest;
import io.pontoon.api.cni.CniStatus;
import io.pontoon.api.json.JsonException;
import io.pontoon.core.PontoonException;
import io.pontoon.core.controller.CniAttachments;
import io.pontoon.core.controller.Controller;
import io.pontoon.core.model.PortMapping;
import io.pontoon.daemon.http.HttpCall;
import io.pontoon.daemon.http.HttpReply;
import io.pontoon.daemon.http.Router;
import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.net.IpPrefix;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The daemon side of the CNI plugin ({@code /v1/cni/*}, docs/cni.md): one request per CNI
 * command, answered with the attachment as it is, or an error carrying a {@link CniDaemonCode}
 * that the plugin maps to a CNI error code.
 */
public final class CniApi
{
    private final Controller controller;
    private final CniAttachments cni;

    public CniApi(final Controller controller)
    {
        this.controller = controller;
        this.cni = controller.cni();
    }

    /** Adds the CNI routes to the REST router. */
    public Router addRoutes(final Router r)
    {
        return r.add("POST", "/v1/cni/add", call -> guard(() -> add(CniRequest.fromJson(call.json()))))
            .add("POST", "/v1/cni/del", call -> guard(() ->
            {
                final CniRequest req = CniRequest.fromJson(call.json());
                cni.del(req.containerId(), req.ifName());
                return HttpReply.ok(Map.of());
            }))
            .add("POST", "/v1/cni/check", call -> guard(() ->
            {
                final CniRequest req = CniRequest.fromJson(call.json());
                return HttpReply.ok(reply(cni.check(req.containerId(), req.ifName())).toJson());
            }))
            .add("POST", "/v1/cni/gc", call -> guard(() -> gc(CniRequest.fromJson(call.json()))))
            .add("GET", "/v1/cni/status", this::status);
    }

    private HttpReply add(final CniRequest req)
    {
        final List<PortMapping> ports = new ArrayList<>();
        for (final CniRequest.PortMapping p : req.portMappings())
        {
            final InetAddress hostIp = p.hostIp() == null || p.hostIp().isEmpty() ? null : IpPrefix.Ip.parse(p.hostIp());
            ports.add(new PortMapping(PortMapping.Protocol.parse(p.protocol()), hostIp, p.hostPort(), p.hostPort(),
                p.containerPort()));
        }
        final List<String> v4 = req.ips().stream().filter(s -> !s.contains(":")).toList();
        final String ip = v4.isEmpty() ? null : v4.get(0);
        final String network = req.network();
        if (!networkExists(network))
        {
            return error(CniDaemonCode.NETWORK_NOT_FOUND, "network '" + network + "' not found");
        }
        if (v4.size() != req.ips().size() || v4.size() > 1)
        {
            // a request the network cannot meet must fail, not quietly get some other address
            return error(CniDaemonCode.UNSUPPORTED, "network '" + network + "' gives an interface exactly one IPv4 address;"
                + " cannot assign " + String.join(", ", req.ips()));
        }
        return HttpReply.ok(reply(cni.add(req.containerId(), req.ifName(), req.netns(), network, ports, ip, req.mac()))
            .toJson());
    }

    private boolean networkExists(final String network)
    {
        try
        {
            controller.network(network);
            return true;
        }
        catch (final PontoonException e)
        {
            if (e.kind() == PontoonException.Kind.NOT_FOUND)
            {
                return false;
            }
            throw e;
        }
    }

    private HttpReply gc(final CniRequest req)
    {
        if (!networkExists(req.network()))
        {
            return HttpReply.ok(Map.of("Removed", List.of()));
        }
        final Set<String> valid = new HashSet<>();
        if (req.validAttachments() != null)
        {
            req.validAttachments().forEach(a -> valid.add(a.containerId() + "/" + a.ifName()));
        }
        return HttpReply.ok(Map.of("Removed", cni.gc(req.network(), valid)));
    }

    private HttpReply status(final HttpCall call)
    {
        final String network = call.query().get("network");
        try
        {
            // never Degraded (CNI 51): the one case where ADD cannot be served with the daemon up,
            // an overlay whose cluster store is unreachable, leaves running containers' traffic alone
            final Optional<String> why = network == null || network.isEmpty() ? Optional.empty() : cni.unavailable(network);
            return HttpReply.ok(new CniStatus(why.isEmpty(), false, why.orElse("")).toJson());
        }
        catch (final PontoonException e)
        {
            return HttpReply.ok(new CniStatus(false, false, e.getMessage()).toJson());
        }
    }

    static CniReply reply(final CniAttachments.Attachment a)
    {
        final List<CniReply.Interface> ifs = List.of(
            new CniReply.Interface(a.network().bridgeName(), null, null, 0),
            new CniReply.Interface(a.endpoint().hostIfName(), null, null, 0),
            new CniReply.Interface(a.ifName(), a.endpoint().mac(), a.netns(), a.mtu()));
        final String gw = a.network().internal() || a.network().gateway() == null ? null
            : a.network().gateway().address().getHostAddress();
        final List<CniReply.Route> routes = a.defaultRoute() && gw != null ? List.of(new CniReply.Route("0.0.0.0/0", gw))
            : List.of();
        return new CniReply(ifs, List.of(new CniReply.Ip(a.endpoint().ip().toString(), gw, 2)), routes, CniReply.Dns.NONE);
    }

    /** A route body that may throw. */
    @FunctionalInterface
    private interface Body
    {
        HttpReply run();
    }

    /** The single place where failures become CNI daemon codes. */
    static HttpReply guard(final Body body)
    {
        try
        {
            return body.run();
        }
        catch (final PontoonException e)
        {
            final CniDaemonCode code = switch (e.kind())
            {
                case NOT_FOUND -> CniDaemonCode.NOT_FOUND;
                case CONFLICT -> CniDaemonCode.CONFLICT;
                case INVALID -> CniDaemonCode.INVALID;
                case FORBIDDEN -> CniDaemonCode.FORBIDDEN;
                case UNAVAILABLE -> CniDaemonCode.TRY_AGAIN;
                case INTERNAL -> CniDaemonCode.INTERNAL;
            };
            return error(code, e.getMessage());
        }
        catch (final JsonException | IllegalArgumentException e)
        {
            return error(CniDaemonCode.INVALID, e.getMessage());
        }
        catch (final KernelException e)
        {
            return error(e.isExists() ? CniDaemonCode.CONFLICT : CniDaemonCode.INTERNAL, e.getMessage());
        }
    }

    private static HttpReply error(final CniDaemonCode code, final String message)
    {
        return new HttpReply(code.httpStatus(), CniDaemonError.of(code, message).toJson());
    }
}
