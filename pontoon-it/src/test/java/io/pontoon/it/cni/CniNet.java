// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.cni;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Pontoon network as the CNI tests see it: network configurations for {@code pontoon-cni}
 * pointing at one daemon, and what the daemon and the lab host say about the network
 * (endpoints, published ports, host-side veths).
 */
record CniNet(CniDaemon daemon, String name)
{
    /** Creates {@code name} on {@code subnet} through the CLI. */
    static CniNet create(final CniDaemon daemon, final String name, final String subnet)
    {
        daemon.cliOk("network", "create", "--subnet", subnet, name);
        return new CniNet(daemon, name);
    }

    /** {@code {"cniVersion", "name", "type": "pontoon", "socket"}} plus {@code extra} keys. */
    String conf(final String version, final Object... extra)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("cniVersion", version);
        m.put("name", name);
        m.put("type", "pontoon");
        m.put("socket", daemon.socket().toString());
        m.putAll(Json.obj(extra));
        return Json.write(m);
    }

    /** {@link #conf} with a {@code runtimeConfig} object built from {@code keyValues}. */
    String confWithRuntime(final String version, final Object... keyValues)
    {
        return conf(version, "runtimeConfig", Json.obj(keyValues));
    }

    /** One port mapping as a runtime puts it into {@code runtimeConfig.portMappings}. */
    static Map<String, Object> port(final int hostPort, final int containerPort)
    {
        return Json.obj("hostPort", (long) hostPort, "containerPort", (long) containerPort, "protocol", "tcp");
    }

    /** The addresses of the network's endpoints, from {@code pontoon network inspect NAME}. */
    List<String> endpointAddresses()
    {
        final Object parsed = Json.parse(daemon.cliOk("network", "inspect", name));
        final List<String> out = new ArrayList<>();
        for (final Object n : (List<?>) parsed)
        {
            for (final JsonObject e : JsonObject.wrap((Map<?, ?>) n).objects("Endpoints"))
            {
                out.add(e.string("IPAddress"));
            }
        }
        return out;
    }

    /** {@code nft list map ip pontoon pub_any} in the daemon's host. */
    String publishedPorts()
    {
        return daemon.host().execOk("nft", "list", "map", "ip", "pontoon", "pub_any");
    }

    /** Names of the host-side veths ({@code ptv*}) in the daemon's host: {@code ip -o link show}. */
    List<String> hostVeths()
    {
        final List<String> out = new ArrayList<>();
        for (final String line : daemon.host().execOk("ip", "-o", "link", "show").lines().toList())
        {
            final String[] f = line.split(":\\s+", 3);
            if (f.length > 1 && f[1].startsWith("ptv"))
            {
                out.add(f[1].replaceAll("@.*", ""));
            }
        }
        return out;
    }
}
