// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.cni;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

/**
 * The body of {@code POST /v1/cni/add}, {@code /del}, {@code /check} and {@code /gc}.
 *
 * <pre>
 * {"ContainerId": "c0ffee", "Netns": "/var/run/netns/cni-1", "IfName": "eth0", "Network": "pnet",
 *  "Args": {"K8S_POD_NAME": "web"},
 *  "PortMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp", "hostIP": "0.0.0.0"}],
 *  "Ips": ["10.77.0.9/16"], "Mac": "c2:11:22:33:44:55",
 *  "ValidAttachments": [{"containerID": "c0ffee", "ifname": "eth0"}]}
 * </pre>
 *
 * @param containerId      CNI_CONTAINERID; null for GC
 * @param netns            CNI_NETNS; "" on DEL when the runtime gave none or the path is gone; null for GC
 * @param ifName           CNI_IFNAME; null for GC
 * @param network          the Pontoon network (config {@code network}, else the config {@code name})
 * @param args             CNI_ARGS as a map, without {@code IgnoreUnknown}
 * @param portMappings     the {@code portMappings} capability
 * @param ips              requested addresses, IP or CIDR (capability {@code ips}, {@code args.cni.ips}
 *                         or CNI_ARGS {@code IP=})
 * @param mac              requested MAC (capability {@code mac}, {@code args.cni.mac} or CNI_ARGS
 *                         {@code MAC=}), or null
 * @param validAttachments GC only: the attachments still in use on the network (never null for GC,
 *                         possibly empty); null otherwise
 */
public record CniRequest(String containerId, String netns, String ifName, String network,
                         Map<String, String> args, List<PortMapping> portMappings, List<String> ips,
                         String mac, List<Attachment> validAttachments)
{
    public CniRequest
    {
        args = args == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(args));
        portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
        ips = ips == null ? List.of() : List.copyOf(ips);
        validAttachments = validAttachments == null ? null : List.copyOf(validAttachments);
    }

    /** A GC request: only the network and the attachments to keep. */
    public static CniRequest gc(final String network, final List<Attachment> validAttachments)
    {
        return new CniRequest(null, null, null, network, null, null, null, null,
            validAttachments == null ? List.of() : validAttachments);
    }

    /** One host port forwarded to the container ({@code portMappings} capability entry). */
    public record PortMapping(int hostPort, int containerPort, String protocol, String hostIp)
    {
        public Map<String, Object> toJson()
        {
            return Json.obj("hostPort", (long) hostPort, "containerPort", (long) containerPort,
                "protocol", protocol, "hostIP", hostIp);
        }

        public static PortMapping fromJson(final JsonObject o)
        {
            return new PortMapping((int) o.integer("hostPort", 0), (int) o.integer("containerPort", 0),
                o.string("protocol", "tcp"), o.string("hostIP"));
        }
    }

    /** An attachment that GC must keep: {@code {"containerID": "...", "ifname": "..."}}. */
    public record Attachment(String containerId, String ifName)
    {
        public Map<String, Object> toJson()
        {
            return Json.obj("containerID", containerId, "ifname", ifName);
        }

        public static Attachment fromJson(final JsonObject o)
        {
            return new Attachment(o.requireString("containerID"), o.requireString("ifname"));
        }
    }

    public Map<String, Object> toJson()
    {
        final Map<String, Object> m = Json.obj("ContainerId", containerId, "Netns", netns, "IfName", ifName,
            "Network", network);
        m.put("Args", new LinkedHashMap<>(args));
        final List<Object> pm = new ArrayList<>();
        for (final PortMapping p : portMappings)
        {
            pm.add(p.toJson());
        }
        m.put("PortMappings", pm);
        m.put("Ips", ips);
        if (mac != null)
        {
            m.put("Mac", mac);
        }
        if (validAttachments != null)
        {
            final List<Object> va = new ArrayList<>();
            for (final Attachment a : validAttachments)
            {
                va.add(a.toJson());
            }
            m.put("ValidAttachments", va);
        }
        return m;
    }

    /** Parses a request; throws {@link JsonException} naming the bad field. */
    public static CniRequest fromJson(final JsonObject o)
    {
        final List<PortMapping> pm = new ArrayList<>();
        for (final JsonObject p : o.objects("PortMappings"))
        {
            pm.add(PortMapping.fromJson(p));
        }
        List<Attachment> va = null;
        if (o.raw("ValidAttachments") != null)
        {
            va = new ArrayList<>();
            for (final JsonObject a : o.objects("ValidAttachments"))
            {
                va.add(Attachment.fromJson(a));
            }
        }
        return new CniRequest(o.string("ContainerId"), o.string("Netns"), o.string("IfName"),
            o.requireString("Network"), o.stringMap("Args"), pm, o.strings("Ips"), o.string("Mac"), va);
    }
}
