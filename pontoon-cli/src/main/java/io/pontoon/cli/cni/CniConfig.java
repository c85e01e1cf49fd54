// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pontoon.api.cni.CniCommand;
import io.pontoon.api.cni.CniErrorCode;
import io.pontoon.api.cni.CniRequest;
import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

/**
 * The network configuration a runtime passes on stdin, validated. On ADD and CHECK every key is
 * checked (unknown keys are error 2, bad values 7); DEL, GC and STATUS are lenient so that
 * cleaning up never fails over a value that does not matter for it.
 *
 * @param network      the Pontoon network ({@code network}, default {@code name})
 * @param timeoutMillis how long to wait for the daemon
 * @param ips          requested addresses from {@code runtimeConfig.ips} or {@code args.cni.ips}
 * @param mac          requested MAC from {@code runtimeConfig.mac} or {@code args.cni.mac}, or null
 * @param prevResult   the previous plugin's result, or null
 * @param validAttachments GC: {@code cni.dev/valid-attachments} plus {@code cni.dev/attachments}
 */
record CniConfig(String cniVersion, String name, String network, Path socket, long timeoutMillis,
                 List<CniRequest.PortMapping> portMappings, List<String> ips, String mac, JsonObject prevResult,
                 List<CniRequest.Attachment> validAttachments)
{
    static final String DEFAULT_SOCKET = "/run/pontoon/pontoon.sock";
    static final long DEFAULT_TIMEOUT_SECONDS = 60;

    private static final Set<String> KEYS = Set.of("cniVersion", "cniVersions", "name", "type", "network", "socket",
        "timeout", "runtimeConfig", "args", "prevResult", "capabilities", "disableCheck", "disableGC");
    private static final String KNOWN_KEYS = "pontoon-cni knows cniVersion, cniVersions, name, type, network, "
        + "socket, timeout, capabilities, disableCheck, disableGC, runtimeConfig, args, prevResult and cni.dev/*; "
        + "the Pontoon daemon manages IPAM, DNS, bridges and NAT itself";
    private static final Set<String> RUNTIME_KEYS = Set.of("portMappings", "ips", "mac");

    /** Parses a validated config; {@code cniVersion} was checked by {@link CniVersions#of} already. */
    static CniConfig parse(final JsonObject c, final CniCommand command, final String cniVersion)
    {
        final boolean strict = command == CniCommand.ADD || command == CniCommand.CHECK;
        try
        {
            return parse(c, command, cniVersion, strict);
        }
        catch (final JsonException e)
        {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "invalid network configuration: " + e.getMessage());
        }
    }

    private static CniConfig parse(final JsonObject c, final CniCommand command, final String cniVersion,
        final boolean strict)
    {
        final String name = c.string("name");
        if (name == null || name.isEmpty())
        {
            throw invalid("missing network name (key 'name')");
        }
        if (!CniChecks.isName(name))
        {
            throw invalid("invalid network name '" + name + "': must start with a letter or digit, then letters, "
                + "digits, '_', '.' or '-'");
        }
        final String type = c.string("type");
        if (type == null || type.isEmpty())
        {
            throw invalid("missing plugin type (key 'type')");
        }
        final String network = c.string("network", name);
        if (!CniChecks.isName(network))
        {
            throw invalid("invalid Pontoon network name '" + network + "' (key 'network')");
        }
        final String socket = c.string("socket", DEFAULT_SOCKET);
        if (!socket.startsWith("/"))
        {
            throw invalid("key 'socket' must be an absolute path, got '" + socket + "'");
        }
        final long timeout = c.integer("timeout", DEFAULT_TIMEOUT_SECONDS);
        if (timeout < 1 || timeout > 3600)
        {
            throw invalid("key 'timeout' must be 1..3600 seconds, got " + timeout);
        }
        if (strict)
        {
            for (final Map.Entry<String, Object> e : c.map().entrySet())
            {
                if (!KEYS.contains(e.getKey()) && !e.getKey().startsWith("cni.dev/"))
                {
                    throw unsupported(e.getKey(), e.getValue(), KNOWN_KEYS);
                }
            }
        }
        List<CniRequest.PortMapping> ports = List.of();
        List<String> ips = List.of();
        String mac = null;
        JsonObject prev = null;
        if (command == CniCommand.ADD || command == CniCommand.CHECK || command == CniCommand.DEL)
        {
            try
            {
                final JsonObject rc = c.objectOrEmpty("runtimeConfig");
                final JsonObject argsCni = c.objectOrEmpty("args").objectOrEmpty("cni");
                for (final Map.Entry<String, Object> e : rc.map().entrySet())
                {
                    if (strict && !RUNTIME_KEYS.contains(e.getKey()))
                    {
                        throw unsupported("runtimeConfig." + e.getKey(), e.getValue(),
                            "pontoon-cni honours the capabilities portMappings, ips and mac");
                    }
                }
                ports = ports(rc);
                ips = ips(rc.has("ips") ? rc : argsCni, rc.has("ips") ? "runtimeConfig.ips" : "args.cni.ips");
                mac = mac(rc.has("mac") ? rc : argsCni, rc.has("mac") ? "runtimeConfig.mac" : "args.cni.mac");
            }
            catch (final CniException | JsonException e)
            {
                if (strict)
                {
                    throw e;
                }
            }
            prev = command == CniCommand.DEL ? null : c.object("prevResult");
        }
        final List<CniRequest.Attachment> valid = command == CniCommand.GC ? attachments(c) : List.of();
        return new CniConfig(cniVersion, name, network, Path.of(socket), timeout * 1000, ports, ips, mac, prev, valid);
    }

    private static List<CniRequest.PortMapping> ports(final JsonObject rc)
    {
        final List<CniRequest.PortMapping> out = new ArrayList<>();
        final List<JsonObject> list = rc.objects("portMappings");
        for (int i = 0; i < list.size(); i++)
        {
            final JsonObject p = list.get(i);
            final String at = "runtimeConfig.portMappings[" + i + "]";
            final long host = p.integer("hostPort", 0);
            final long container = p.integer("containerPort", 0);
            if (host < 1 || host > 65535 || container < 1 || container > 65535)
            {
                throw invalid(at + ": hostPort and containerPort must be 1..65535, got " + Json.write(p));
            }
            final String proto = p.string("protocol", "tcp").toLowerCase(Locale.ROOT);
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp"))
            {
                throw invalid(at + ".protocol must be tcp, udp or sctp, got '" + p.string("protocol") + "'");
            }
            String hostIp = p.string("hostIP");
            if (hostIp != null && hostIp.isEmpty())
            {
                hostIp = null;
            }
            if (hostIp != null && !CniChecks.isIp(hostIp))
            {
                throw invalid(at + ".hostIP '" + hostIp + "' is not an IP address");
            }
            out.add(new CniRequest.PortMapping((int) host, (int) container, proto, hostIp));
        }
        return out;
    }

    private static List<String> ips(final JsonObject o, final String where)
    {
        final List<String> out = new ArrayList<>();
        for (final String ip : o.strings("ips"))
        {
            if (!CniChecks.isIpOrCidr(ip))
            {
                throw invalid(where + ": '" + ip + "' is not an IP address (10.1.2.3, 10.1.2.3/24, 2001:db8::5/64)");
            }
            out.add(ip);
        }
        return out;
    }

    private static String mac(final JsonObject o, final String where)
    {
        final String mac = o.string("mac");
        if (mac != null && !CniChecks.isUnicastMac(mac))
        {
            throw invalid(where + ": '" + mac + "' is not a unicast MAC (c2:11:22:33:44:55)");
        }
        return mac;
    }

    /** Both spellings of the GC list are accepted (libcni 1.2.0 vs spec text); absent means none valid. */
    private static List<CniRequest.Attachment> attachments(final JsonObject c)
    {
        final Set<CniRequest.Attachment> out = new LinkedHashSet<>();
        for (final String key : new String[] {"cni.dev/valid-attachments", "cni.dev/attachments"})
        {
            final List<JsonObject> list = c.objects(key);
            for (int i = 0; i < list.size(); i++)
            {
                final JsonObject a = list.get(i);
                final String id = a.string("containerID");
                final String ifName = a.string("ifname");
                if (!CniChecks.isName(id) || ifName == null || CniChecks.ifNameProblem(ifName) != null)
                {
                    throw invalid(key + "[" + i + "] must be {\"containerID\": ..., \"ifname\": ...}, got " + Json.write(a));
                }
                out.add(new CniRequest.Attachment(id, ifName));
            }
        }
        return List.copyOf(out);
    }

    private static CniException invalid(final String msg)
    {
        return new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, msg);
    }

    private static CniException unsupported(final String key, final Object value, final String details)
    {
        String v = Json.write(value);
        if (v.length() > 120)
        {
            v = v.substring(0, 117) + "...";
        }
        return new CniException(CniErrorCode.UNSUPPORTED_FIELD, "unsupported field '" + key + "' = " + v, details);
    }
}
