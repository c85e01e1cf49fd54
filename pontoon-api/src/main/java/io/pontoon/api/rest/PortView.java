// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.util.Map;

import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

/**
 * One published port of a sandbox: {@code {"HostIp", "HostPort", "ContainerPort", "Protocol"}}.
 * {@code HostIp} is null when the port is published on every host address.
 */
public record PortView(String hostIp, int hostPort, int containerPort, String protocol)
{
    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Fields.map();
        m.put("HostIp", hostIp);
        m.put("HostPort", hostPort);
        m.put("ContainerPort", containerPort);
        m.put("Protocol", protocol);
        return m;
    }

    public static PortView fromJson(final JsonObject o)
    {
        final String proto = o.requireString("Protocol");
        if (!proto.equals("tcp") && !proto.equals("udp"))
        {
            throw new JsonException("field 'Protocol' must be \"tcp\" or \"udp\"");
        }
        return new PortView(Fields.optional(o, "HostIp"), Fields.intIn(o, "HostPort", 1, 65535, null),
            Fields.intIn(o, "ContainerPort", 1, 65535, null), proto);
    }
}
