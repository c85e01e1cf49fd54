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

/**
 * Host ports published on this host, one store key per protocol and port
 * ({@code ports/tcp/8080}) holding its bindings. Reservations are compare-and-set transactions
 * over every key involved, so two sandboxes can never publish the same host port, and a wildcard
 * binding (every host address) clashes with any other binding of that port.
 */
final class PortTable
{
    private static final String ANY = "*";
    private static final int RETRIES = 20;

    private final Store store;
    private final String root;

    PortTable(final Store store, final String root)
    {
        this.store = store;
        this.root = root + "ports/";
    }

    /**
     * Reserves every mapping for {@code endpointId}, all or nothing. {@code owner} names the
     * holder of a clashing binding for the error message.
     */
    void reserve(final String endpointId, final List<PortMapping> ports, final Function<String, String> owner)
    {
        for (int attempt = 0; attempt < RETRIES; attempt++)
        {
            final Map<String, List<Map<String, Object>>> updated = new LinkedHashMap<>();
            final Txn.Builder txn = Txn.builder();
            for (final PortMapping p : ports)
            {
                final String key = key(p);
                final List<Map<String, Object>> bindings = updated.containsKey(key) ? updated.get(key) : read(key, txn);
                final String ip = ip(p.hostIp());
                for (final Map<String, Object> b : bindings)
                {
                    final String other = (String) b.get("ip");
                    if (other.equals(ip) || other.equals(ANY) || ip.equals(ANY))
                    {
                        throw PontoonException.conflict("host port %s:%d/%s is already published by %s",
                            ip.equals(ANY) ? "0.0.0.0" : ip, p.hostPort(), p.protocol().wire(),
                            owner.apply((String) b.get("endpoint")));
                    }
                }
                final List<Map<String, Object>> next = new ArrayList<>(bindings);
                next.add(Json.obj("ip", ip, "endpoint", endpointId));
                updated.put(key, next);
            }
            for (final Map.Entry<String, List<Map<String, Object>>> e : updated.entrySet())
            {
                txn.put(e.getKey(), Json.write(Json.obj("bindings", e.getValue())));
            }
            if (store.commit(txn.build()).succeeded())
            {
                return;
            }
        }
        throw PontoonException.unavailable("host ports are changing too fast; try again");
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
        txn.ifModRevision(key, kv.map(KeyValue::modRevision).orElse(0L));
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
