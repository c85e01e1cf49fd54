// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.controller;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import io.pontoon.core.model.PortMapping;
import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.Store;
import io.pontoon.core.store.Txn;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Host ports published on this host, one store key per protocol and port
 * ({@code ports/tcp/8080}) holding its bindings. Reservations are compare-and-set transactions
 * over every key involved, so two sandboxes can never publish the same host port, and a wildcard
 * binding (every host address) clashes with any other binding of that port. Mappings without a
 * host port, or with a host range, are resolved to one free port here.
 */
final class PortTable
{
    private static final String ANY = "*";
    private static final int RETRIES = 20;
    /** Docker's fallback ephemeral range for published ports. */
    static final int EPHEMERAL_LOW = 49153;
    static final int EPHEMERAL_HIGH = 65535;

    private final Store store;
    private final String root;
    private volatile int nextEphemeral = EPHEMERAL_LOW;

    PortTable(final Store store, final String root)
    {
        this.store = store;
        this.root = root + "ports/";
    }

    /**
     * Reserves every mapping for {@code endpointId}, all or nothing, and returns them as
     * reserved: each with one exact host port. A mapping without a host port gets the next free
     * port of the ephemeral range {@value #EPHEMERAL_LOW}-{@value #EPHEMERAL_HIGH} (round robin, as
     * Docker does); a host range gets its first free port. A port counts as free when no binding
     * clashes and {@code hostFree} accepts it (no host process holds it). {@code owner} names the
     * holder of a clashing binding for the error message.
     */
    List<PortMapping> reserve(final String endpointId, final List<PortMapping> ports, final Function<String, String> owner,
        final Predicate<PortMapping> hostFree)
    {
        for (int attempt = 0; attempt < RETRIES; attempt++)
        {
            final Map<String, List<Map<String, Object>>> updated = new LinkedHashMap<>();
            final Txn.Builder txn = Txn.builder();
            final List<PortMapping> exact = new ArrayList<>(ports.size());
            for (final PortMapping p : ports)
            {
                final PortMapping m = p.isEphemeral() || p.isHostRange() ? pick(p, updated, hostFree) : p;
                final String key = key(m);
                final List<Map<String, Object>> bindings = updated.containsKey(key) ? updated.get(key) : read(key, txn);
                final String ip = ip(m.hostIp());
                final Map<String, Object> clash = clash(bindings, ip);
                if (clash != null)
                {
                    throw PontoonException.conflict("host port %s:%d/%s is already published by %s",
                        ip.equals(ANY) ? "0.0.0.0" : ip, m.hostPort(), m.protocol().wire(),
                        owner.apply((String) clash.get("endpoint")));
                }
                final List<Map<String, Object>> next = new ArrayList<>(bindings);
                next.add(Json.obj("ip", ip, "endpoint", endpointId));
                updated.put(key, next);
                exact.add(m);
            }
            for (final Map.Entry<String, List<Map<String, Object>>> e : updated.entrySet())
            {
                txn.put(e.getKey(), Json.write(Json.obj("bindings", e.getValue())));
            }
            if (store.commit(txn.build()).succeeded())
            {
                return exact;
            }
        }
        throw PontoonException.unavailable("host ports are changing too fast; try again");
    }

    /** {@link #reserve(String, List, Function, Predicate)} of exact mappings only. */
    void reserve(final String endpointId, final List<PortMapping> ports, final Function<String, String> owner)
    {
        reserve(endpointId, ports, owner, p -> true);
    }

    /** The first free port for an ephemeral mapping or a host range; the commit re-checks it. */
    private PortMapping pick(final PortMapping p, final Map<String, List<Map<String, Object>>> taken,
        final Predicate<PortMapping> hostFree)
    {
        final boolean ephemeral = p.isEphemeral();
        final int low = ephemeral ? EPHEMERAL_LOW : p.hostPort();
        final int high = ephemeral ? EPHEMERAL_HIGH : p.hostPortEnd();
        final int size = high - low + 1;
        final int start = ephemeral ? Math.floorMod(nextEphemeral - low, size) : 0;
        final String ip = ip(p.hostIp());
        for (int k = 0; k < size; k++)
        {
            final int port = low + (start + k) % size;
            final PortMapping m = new PortMapping(p.protocol(), p.hostIp(), port, port, p.containerPort());
            final String key = key(m);
            final List<Map<String, Object>> bindings = taken.containsKey(key) ? taken.get(key) : read(key, null);
            if (clash(bindings, ip) == null && hostFree.test(m))
            {
                if (ephemeral)
                {
                    nextEphemeral = port + 1;
                }
                return m;
            }
        }
        throw ephemeral
            ? PontoonException.unavailable("no free host port for %s: all of %d-%d are taken", p, low, high)
            : PontoonException.conflict("no free host port for %s: every port of %d-%d is taken", p, low, high);
    }

    private static Map<String, Object> clash(final List<Map<String, Object>> bindings, final String ip)
    {
        for (final Map<String, Object> b : bindings)
        {
            final String other = (String) b.get("ip");
            if (other.equals(ip) || other.equals(ANY) || ip.equals(ANY))
            {
                return b;
            }
        }
        return null;
    }

    /** Releases the endpoint's bindings of these ports; missing ones are fine. */
    void release(final String endpointId, final List<PortMapping> ports)
    {
        for (int attempt = 0; attempt < RETRIES; attempt++)
        {
            final Txn.Builder txn = Txn.builder();
            boolean changed = false;
            for (final String key : ports.stream().map(PortTable::keySuffix).distinct().map(s -> root + s).toList())
            {
                final List<Map<String, Object>> bindings = read(key, txn);
                final List<Map<String, Object>> kept = bindings.stream().filter(b -> !endpointId.equals(b.get("endpoint")))
                    .toList();
                if (kept.size() == bindings.size())
                {
                    continue;
                }
                changed = true;
                if (kept.isEmpty())
                {
                    txn.delete(key);
                }
                else
                {
                    txn.put(key, Json.write(Json.obj("bindings", kept)));
                }
            }
            if (!changed || store.commit(txn.build()).succeeded())
            {
                return;
            }
        }
        throw PontoonException.unavailable("host ports are changing too fast; try again");
    }

    /** Releases every binding an endpoint holds (pruning after a crash). */
    void releaseAll(final String endpointId)
    {
        for (final KeyValue kv : store.list(root))
        {
            final boolean held = Json.parseObject(kv.value()).objects("bindings").stream()
                .anyMatch(b -> endpointId.equals(b.string("endpoint")));
            if (held)
            {
                store.delete(kv.key());
                final List<Map<String, Object>> kept = new ArrayList<>();
                for (final JsonObject b : Json.parseObject(kv.value()).objects("bindings"))
                {
                    if (!endpointId.equals(b.string("endpoint")))
                    {
                        kept.add(b.map());
                    }
                }
                if (!kept.isEmpty())
                {
                    store.put(kv.key(), Json.write(Json.obj("bindings", kept)));
                }
            }
        }
    }

    /** Endpoint ids holding any binding, for pruning after a crash. */
    List<String> holders()
    {
        final List<String> out = new ArrayList<>();
        for (final KeyValue kv : store.list(root))
        {
            for (final Object b : Json.parseObject(kv.value()).array("bindings"))
            {
                out.add((String) ((Map<?, ?>) b).get("endpoint"));
            }
        }
        return out;
    }

    private List<Map<String, Object>> read(final String key, final Txn.Builder txn)
    {
        final Optional<KeyValue> kv = store.get(key);
        if (txn != null)
        {
            txn.ifModRevision(key, kv.map(KeyValue::modRevision).orElse(0L));
        }
        final List<Map<String, Object>> out = new ArrayList<>();
        if (kv.isPresent())
        {
            for (final JsonObject b : Json.parseObject(kv.get().value()).objects("bindings"))
            {
                out.add(b.map());
            }
        }
        return out;
    }

    private String key(final PortMapping p)
    {
        return root + keySuffix(p);
    }

    private static String keySuffix(final PortMapping p)
    {
        return p.protocol().wire() + "/" + p.hostPort();
    }

    private static String ip(final InetAddress a)
    {
        return a == null || a.isAnyLocalAddress() ? ANY : a.getHostAddress();
    }
}
