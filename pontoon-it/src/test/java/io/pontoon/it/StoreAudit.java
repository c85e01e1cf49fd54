// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.SandboxRecord;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The daemon's local store as {@code pontoon debug store --format json} shows it, with the
 * references between its keys checked: every endpoint's network and sandbox exist, every address
 * allocation is a network's gateway or an endpoint's address, every pool belongs to a network,
 * every port reservation to an endpoint that publishes that port, every name guard to its record
 * and every record to its name guard.
 */
record StoreAudit(Map<String, String> keys)
{
    private static final String ROOT = "/pontoon/v1/";

    /** Reads every key of the daemon's store. */
    static StoreAudit of(final PontoonDaemon d)
    {
        final Map<String, String> keys = new LinkedHashMap<>();
        if (!(Json.parse(d.cliOk("debug", "store", "--format", "json")) instanceof List<?> l))
        {
            throw new AssertionError("pontoon debug store --format json did not give an array");
        }
        for (final Object o : l)
        {
            final JsonObject kv = JsonObject.wrap((Map<?, ?>) o);
            keys.put(kv.requireString("key"), kv.requireString("value"));
        }
        return new StoreAudit(keys);
    }

    Map<String, NetworkRecord> networks()
    {
        final Map<String, NetworkRecord> out = new LinkedHashMap<>();
        under("networks/").forEach((k, v) -> out.put(k, NetworkRecord.fromJson(v)));
        return out;
    }

    Map<String, SandboxRecord> sandboxes()
    {
        final Map<String, SandboxRecord> out = new LinkedHashMap<>();
        under("sandboxes/").forEach((k, v) -> out.put(k, SandboxRecord.fromJson(v)));
        return out;
    }

    Map<String, EndpointRecord> endpoints()
    {
        final Map<String, EndpointRecord> out = new LinkedHashMap<>();
        under("endpoints/").forEach((k, v) -> out.put(k, EndpointRecord.fromJson(v)));
        return out;
    }

    /** The host ends of every endpoint's veth ({@code ptv<12 hex>}). */
    Set<String> hostIfNames()
    {
        final Set<String> out = new TreeSet<>();
        endpoints().values().forEach(e -> out.add(e.hostIfName()));
        return out;
    }

    /** Keys (after the root) that mention {@code id}. */
    List<String> keysMentioning(final String id)
    {
        return keys.entrySet().stream().filter(e -> e.getKey().contains(id) || e.getValue().contains(id))
            .map(Map.Entry::getKey).toList();
    }

    /** Every key no record explains, and every record missing its counterpart; empty when consistent. */
    List<String> orphans()
    {
        final List<String> out = new ArrayList<>();
        final Map<String, NetworkRecord> nets = networks();
        final Map<String, SandboxRecord> sbs = sandboxes();
        final Map<String, EndpointRecord> eps = endpoints();
        final Map<String, String> netNames = new LinkedHashMap<>();
        nets.values().forEach(n -> netNames.put(n.id(), n.name()));
        names("network", under("names/network/"), netNames, out);
        final Map<String, String> sbNames = new LinkedHashMap<>();
        sbs.values().forEach(sb -> sbNames.put(sb.id(), sb.name()));
        names("sandbox", under("names/sandbox/"), sbNames, out);
        for (final SandboxRecord s : sbs.values())
        {
            if (s.containerOf() != null && !sbs.containsKey(s.containerOf()))
            {
                out.add("sandbox " + s.name() + " shares the namespace of missing sandbox " + s.containerOf());
            }
        }
        for (final EndpointRecord e : eps.values())
        {
            if (!nets.containsKey(e.networkId()))
            {
                out.add("endpoint " + e.name() + " of missing network " + e.networkId());
            }
            if (e.sandboxId() != null && !sbs.containsKey(e.sandboxId()))
            {
                out.add("endpoint " + e.name() + " of missing sandbox " + e.sandboxId());
            }
            final NetworkRecord n = nets.get(e.networkId());
            if (n != null && n.poolId() != null && e.ip() != null
                && !keys.containsKey(ROOT + "ipam/addrs/" + n.poolId() + "/" + e.ip().address().getHostAddress()))
            {
                out.add("endpoint " + e.name() + " has address " + e.ip() + " which is not allocated in its network's pool"
                    + " (it could be handed out twice)");
            }
            for (final var p : e.ports())
            {
                if (!keys.containsKey(ROOT + "ports/" + p.protocol().wire() + "/" + p.hostPort()))
                {
                    out.add("endpoint " + e.name() + " publishes " + p + " without a host port reservation");
                }
            }
        }
        final Map<String, NetworkRecord> byPool = new LinkedHashMap<>();
        nets.values().stream().filter(n -> n.poolId() != null).forEach(n -> byPool.put(n.poolId(), n));
        under("ipam/pools/").keySet().stream().filter(p -> !byPool.containsKey(p))
            .forEach(p -> out.add("address pool " + p + " of no network"));
        byPool.forEach((p, n) ->
        {
            if (!keys.containsKey(ROOT + "ipam/pools/" + p))
            {
                out.add("network " + n.name() + " has no address pool " + p);
            }
        });
        under("ipam/cursors/").keySet().stream().filter(p -> !byPool.containsKey(p))
            .forEach(p -> out.add("allocation cursor of pool " + p + " of no network"));
        under("ipam/addrs/").forEach((k, v) -> address(k, v, byPool, eps, out));
        under("ports/").forEach((k, v) -> port(k, v, eps, out));
        for (final String k : keys.keySet())
        {
            if (!k.startsWith(ROOT) || !k.substring(ROOT.length()).matches("ipam/pools-guard"
                + "|(networks|sandboxes|endpoints|names/network|names/sandbox|ipam/pools|ipam/cursors|ipam/addrs|ports)/.*"))
            {
                out.add("unknown key " + k);
            }
        }
        return out;
    }

    /** Name guards ({@code name -> id}) and records ({@code id -> name}) must match one to one. */
    private static void names(final String what, final Map<String, String> guards, final Map<String, String> records,
        final List<String> out)
    {
        guards.forEach((name, id) ->
        {
            if (!name.equals(records.get(id)))
            {
                out.add(what + " name " + name + " guards id " + id + " which has no such record");
            }
        });
        records.forEach((id, name) ->
        {
            if (!id.equals(guards.get(name)))
            {
                out.add(what + " " + name + " (" + id + ") has no name guard");
            }
        });
    }

    private void address(final String k, final String v, final Map<String, NetworkRecord> byPool,
        final Map<String, EndpointRecord> eps, final List<String> out)
    {
        final int slash = k.indexOf('/');
        final String pool = k.substring(0, slash);
        final String ip = k.substring(slash + 1);
        final NetworkRecord n = byPool.get(pool);
        if (n == null)
        {
            out.add("address " + ip + " allocated in pool " + pool + " of no network");
            return;
        }
        final String kind = Json.parseObject(v).string("kind");
        if ("gateway".equals(kind))
        {
            if (n.gateway() == null || !n.gateway().address().getHostAddress().equals(ip))
            {
                out.add("address " + ip + " of network " + n.name() + " allocated as gateway but the gateway is " + n.gateway());
            }
            return;
        }
        if (eps.values().stream().noneMatch(e -> e.networkId().equals(n.id()) && e.ip() != null
            && e.ip().address().getHostAddress().equals(ip)))
        {
            out.add("address " + ip + " of network " + n.name() + " allocated but no endpoint has it");
        }
    }

    private static void port(final String k, final String v, final Map<String, EndpointRecord> eps, final List<String> out)
    {
        for (final Object b : Json.parseObject(v).array("bindings"))
        {
            final String ep = (String) ((Map<?, ?>) b).get("endpoint");
            final EndpointRecord e = eps.get(ep);
            if (e == null)
            {
                out.add("host port " + k + " reserved for missing endpoint " + ep);
                continue;
            }
            if (e.ports().stream().noneMatch(p -> k.equals(p.protocol().wire() + "/" + p.hostPort())))
            {
                out.add("host port " + k + " reserved for endpoint " + e.name() + " which does not publish it");
            }
        }
    }

    /** Keys under {@code ROOT + prefix}, keyed by the rest of the key. */
    private Map<String, String> under(final String prefix)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        keys.forEach((k, v) ->
        {
            if (k.startsWith(ROOT + prefix))
            {
                out.put(k.substring(ROOT.length() + prefix.length()), v);
            }
        });
        return out;
    }
}
