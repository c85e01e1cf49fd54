// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.cni;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;

/**
 * The 200 reply of {@code /v1/cni/add} and {@code /v1/cni/check}: what the attachment consists of.
 * The plugin turns it into a CNI result of the requested version.
 *
 * <pre>
 * {"Interfaces": [{"name": "pnt0", "mac": "a6:1d:.."},
 *                 {"name": "veth1a2b3c4d", "mac": "6e:.."},
 *                 {"name": "eth0", "mac": "02:42:0a:4d:00:05", "sandbox": "/var/run/netns/cni-1", "mtu": 1500}],
 *  "Ips": [{"address": "10.77.0.5/16", "gateway": "10.77.0.1", "interface": 2}],
 *  "Routes": [{"dst": "0.0.0.0/0", "gw": "10.77.0.1"}],
 *  "Dns": {"nameservers": ["10.77.0.1"], "domain": "", "search": [], "options": []}}
 * </pre>
 */
public record CniReply(List<Interface> interfaces, List<Ip> ips, List<Route> routes, Dns dns)
{
    public CniReply
    {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        ips = ips == null ? List.of() : List.copyOf(ips);
        routes = routes == null ? List.of() : List.copyOf(routes);
        dns = dns == null ? Dns.NONE : dns;
    }

    /**
     * An interface; {@code sandbox} is the namespace path for the container-side interface and
     * null for host-side ones; {@code mtu} 0 means unknown.
     */
    public record Interface(String name, String mac, String sandbox, int mtu)
    {
        public Map<String, Object> toJson()
        {
            return Json.obj("name", name, "mac", mac, "sandbox", sandbox, "mtu", mtu > 0 ? (Object) (long) mtu : null);
        }

        public static Interface fromJson(final JsonObject o)
        {
            return new Interface(o.requireString("name"), o.string("mac"), o.string("sandbox"),
                (int) o.integer("mtu", 0));
        }
    }

    /**
     * An address in CIDR form; {@code interfaceIndex} indexes {@link #interfaces()} (null: the
     * interface named CNI_IFNAME).
     */
    public record Ip(String address, String gateway, Integer interfaceIndex)
    {
        public Map<String, Object> toJson()
        {
            return Json.obj("address", address, "gateway", gateway,
                "interface", interfaceIndex == null ? null : (Object) (long) interfaceIndex);
        }

        public static Ip fromJson(final JsonObject o)
        {
            final Integer idx = o.raw("interface") == null ? null : (int) o.integer("interface", 0);
            return new Ip(o.requireString("address"), o.string("gateway"), idx);
        }
    }

    /** A route inside the container; {@code gw} may be null. */
    public record Route(String dst, String gw)
    {
        public Map<String, Object> toJson()
        {
            return Json.obj("dst", dst, "gw", gw);
        }

        public static Route fromJson(final JsonObject o)
        {
            return new Route(o.requireString("dst"), o.string("gw"));
        }
    }

    /** Resolver settings for the container, in CNI's shape. */
    public record Dns(List<String> nameservers, String domain, List<String> search, List<String> options)
    {
        public static final Dns NONE = new Dns(List.of(), null, List.of(), List.of());

        public Dns
        {
            nameservers = nameservers == null ? List.of() : List.copyOf(nameservers);
            search = search == null ? List.of() : List.copyOf(search);
            options = options == null ? List.of() : List.copyOf(options);
        }

        public boolean isEmpty()
        {
            return nameservers.isEmpty() && (domain == null || domain.isEmpty()) && search.isEmpty()
                && options.isEmpty();
        }

        public Map<String, Object> toJson()
        {
            return Json.obj("nameservers", nameservers.isEmpty() ? null : nameservers,
                "domain", domain == null || domain.isEmpty() ? null : domain,
                "search", search.isEmpty() ? null : search, "options", options.isEmpty() ? null : options);
        }

        public static Dns fromJson(final JsonObject o)
        {
            if (o == null)
            {
                return NONE;
            }
            return new Dns(o.strings("nameservers"), o.string("domain"), o.strings("search"), o.strings("options"));
        }
    }

    public Map<String, Object> toJson()
    {
        final List<Object> is = new ArrayList<>();
        for (final Interface i : interfaces)
        {
            is.add(i.toJson());
        }
        final List<Object> as = new ArrayList<>();
        for (final Ip a : ips)
        {
            as.add(a.toJson());
        }
        final List<Object> rs = new ArrayList<>();
        for (final Route r : routes)
        {
            rs.add(r.toJson());
        }
        return Json.obj("Interfaces", is, "Ips", as, "Routes", rs, "Dns", dns.toJson());
    }

    /** Parses a reply; throws {@link io.pontoon.api.json.JsonException} naming the bad field. */
    public static CniReply fromJson(final JsonObject o)
    {
        final List<Interface> is = new ArrayList<>();
        for (final JsonObject i : o.objects("Interfaces"))
        {
            is.add(Interface.fromJson(i));
        }
        final List<Ip> as = new ArrayList<>();
        for (final JsonObject a : o.objects("Ips"))
        {
            as.add(Ip.fromJson(a));
        }
        final List<Route> rs = new ArrayList<>();
        for (final JsonObject r : o.objects("Routes"))
        {
            rs.add(Route.fromJson(r));
        }
        return new CniReply(is, as, rs, Dns.fromJson(o.object("Dns")));
    }
}
