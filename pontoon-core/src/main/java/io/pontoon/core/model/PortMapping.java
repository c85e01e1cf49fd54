// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.model;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;

/**
 * One published port: traffic to {@code hostIp:hostPort} (any host address when {@code hostIp}
 * is null) goes to {@code containerPort} of the endpoint.
 *
 * <p>Ranges: a mapping always names one container port, so {@code -p 8000-8002:80-82} becomes three
 * mappings (see {@code io.pontoon.api.PortSpec}). The host side may stay a range: {@code hostPort..hostPortEnd}
 * with {@code hostPortEnd > hostPort} means "the first free port of that range" (Docker's
 * {@code -p 8000-8010:80}); {@code hostPort == 0} means an ephemeral port chosen at publish time.
 * {@code hostPortEnd == hostPort} is an exact port.
 */
public record PortMapping(Protocol protocol, InetAddress hostIp, int hostPort, int hostPortEnd, int containerPort)
{
    /** Transport protocol of a mapping. */
    public enum Protocol
    {
        TCP,
        UDP;

        public String wire()
        {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Protocol parse(final String s)
        {
            return switch (s == null ? "" : s.toLowerCase(Locale.ROOT))
            {
                case "tcp", "" -> TCP;
                case "udp" -> UDP;
                default -> throw PontoonException.invalid("unsupported protocol '%s': use tcp or udp", s);
            };
        }
    }

    public PortMapping
    {
        if (protocol == null)
        {
            throw PontoonException.invalid("a port mapping needs a protocol");
        }
        if (containerPort < 1 || containerPort > 65535)
        {
            throw PontoonException.invalid("container port %d is out of range 1-65535", containerPort);
        }
        if (hostPort < 0 || hostPort > 65535 || hostPortEnd < hostPort || hostPortEnd > 65535)
        {
            throw PontoonException.invalid("host port range %d-%d is invalid", hostPort, hostPortEnd);
        }
        if (hostPort == 0 && hostPortEnd != 0)
        {
            throw PontoonException.invalid("host port range %d-%d cannot start at 0", hostPort, hostPortEnd);
        }
    }

    /** An exact mapping {@code hostPort -> containerPort} on every host address. */
    public static PortMapping of(final Protocol protocol, final int hostPort, final int containerPort)
    {
        return new PortMapping(protocol, null, hostPort, hostPort, containerPort);
    }

    public boolean isEphemeral()
    {
        return hostPort == 0;
    }

    public boolean isHostRange()
    {
        return hostPortEnd > hostPort;
    }

    public Map<String, Object> toMap()
    {
        return Json.obj("protocol", protocol.wire(), "hostIp", JsonFields.text(hostIp), "hostPort", (long) hostPort,
            "hostPortEnd", (long) hostPortEnd, "containerPort", (long) containerPort);
    }

    public static PortMapping fromMap(final JsonObject o)
    {
        final int hostPort = JsonFields.port(o, "hostPort");
        return new PortMapping(Protocol.parse(o.requireString("protocol")), JsonFields.address(o, "hostIp"), hostPort,
            o.has("hostPortEnd") ? JsonFields.port(o, "hostPortEnd") : hostPort, JsonFields.port(o, "containerPort"));
    }

    /** Docker's notation: {@code [hostIp:]hostPort[-end]:containerPort/proto}. */
    @Override
    public String toString()
    {
        final String ip = hostIp == null ? "" : hostIp.getAddress().length == 16 ? "[" + hostIp.getHostAddress() + "]:" : hostIp.getHostAddress() + ":";
        final String host = hostPort == 0 ? "" : isHostRange() ? hostPort + "-" + hostPortEnd : Integer.toString(hostPort);
        return ip + host + ":" + containerPort + "/" + protocol.wire();
    }
}
