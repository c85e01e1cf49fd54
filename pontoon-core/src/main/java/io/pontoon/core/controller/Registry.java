// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.controller;

import io.pontoon.core.PontoonException;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.SandboxRecord;
import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.Store;
import io.pontoon.core.store.Txn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The CNM records: persisted in the {@link Store} first, mirrored in memory so that lookups on
 * the attach path cost no store read and no scan. Keys under the root:
 * {@code networks/<id>}, {@code endpoints/<id>}, {@code sandboxes/<id>}, and name guards
 * {@code names/network/<name>}, {@code names/sandbox/<name>} that make names unique in the same
 * transaction that creates the record.
 */
final class Registry
{
    private final Store store;
    private final String root;
    private final Map<String, NetworkRecord> networks = new ConcurrentHashMap<>();
    private final Map<String, SandboxRecord> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, EndpointRecord> endpoints = new ConcurrentHashMap<>();

    Registry(final Store store, final String root)
    {
        this.store = store;
        this.root = root;
    }

    void load()
    {
        for (final KeyValue kv : store.list(root + "networks/"))
        {
            final NetworkRecord n = NetworkRecord.fromJson(kv.value());
            networks.put(n.id(), n);
        }
        for (final KeyValue kv : store.list(root + "sandboxes/"))
        {
            final SandboxRecord s = SandboxRecord.fromJson(kv.value());
            sandboxes.put(s.id(), s);
        }
        for (final KeyValue kv : store.list(root + "endpoints/"))
        {
            final EndpointRecord e = EndpointRecord.fromJson(kv.value());
            endpoints.put(e.id(), e);
        }
    }

    // -- networks

    Collection<NetworkRecord> networks()
    {
        return networks.values().stream().sorted(Comparator.comparing(NetworkRecord::name)).toList();
    }

    Optional<NetworkRecord> network(final String id)
    {
        return Optional.ofNullable(networks.get(id));
    }

    Optional<NetworkRecord> networkByName(final String name)
    {
        return networks.values().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    NetworkRecord resolveNetwork(final String ref)
    {
        return resolve("network", ref, networks, NetworkRecord::name);
    }

    void addNetwork(final NetworkRecord n)
    {
        final String nameKey = root + "names/network/" + n.name();
        if (!store.commit(Txn.builder().ifAbsent(nameKey).put(nameKey, n.id()).put(root + "networks/" + n.id(), n.toJson())
            .build()).succeeded())
        {
            throw PontoonException.conflict("network with name %s already exists", n.name());
        }
        networks.put(n.id(), n);
    }

    /** Replaces a network's record (same id and name); used for the mirrors of global networks. */
    void updateNetwork(final NetworkRecord n)
    {
        store.put(root + "networks/" + n.id(), n.toJson());
        networks.put(n.id(), n);
    }

    void removeNetwork(final NetworkRecord n)
    {
        store.commit(Txn.builder().delete(root + "names/network/" + n.name()).delete(root + "networks/" + n.id()).build());
        networks.remove(n.id());
    }

    // -- sandboxes

    Collection<SandboxRecord> sandboxes()
    {
        return sandboxes.values().stream().sorted(Comparator.comparing(SandboxRecord::created).reversed()).toList();
    }

    Optional<SandboxRecord> sandbox(final String id)
    {
        return Optional.ofNullable(sandboxes.get(id));
    }

    SandboxRecord resolveSandbox(final String ref)
    {
        return resolve("sandbox", ref, sandboxes, SandboxRecord::name);
    }

    boolean sandboxNameTaken(final String name)
    {
        return sandboxes.values().stream().anyMatch(s -> s.name().equals(name));
    }

    void addSandbox(final SandboxRecord s)
    {
        final String nameKey = root + "names/sandbox/" + s.name();
        if (!store.commit(Txn.builder().ifAbsent(nameKey).put(nameKey, s.id()).put(root + "sandboxes/" + s.id(), s.toJson())
            .build()).succeeded())
        {
            throw PontoonException.conflict("sandbox with name %s already exists", s.name());
        }
        sandboxes.put(s.id(), s);
    }

    void updateSandbox(final SandboxRecord s)
    {
        store.put(root + "sandboxes/" + s.id(), s.toJson());
        sandboxes.put(s.id(), s);
    }

    void removeSandbox(final SandboxRecord s)
    {
        store.commit(Txn.builder().delete(root + "names/sandbox/" + s.name()).delete(root + "sandboxes/" + s.id()).build());
        sandboxes.remove(s.id());
    }

    List<SandboxRecord> joinersOf(final String sandboxId)
    {
        return sandboxes.values().stream().filter(s -> sandboxId.equals(s.containerOf())).toList();
    }

    // -- endpoints

    void putEndpoint(final EndpointRecord e)
    {
        store.put(root + "endpoints/" + e.id(), e.toJson());
        endpoints.put(e.id(), e);
    }

    void removeEndpoint(final EndpointRecord e)
    {
        store.delete(root + "endpoints/" + e.id());
        endpoints.remove(e.id());
    }

    Collection<EndpointRecord> endpoints()
    {
        return endpoints.values();
    }

    /** The sandbox's endpoints in connection order (the first holds the default route). */
    List<EndpointRecord> endpointsOfSandbox(final String sandboxId)
    {
        return endpoints.values().stream().filter(e -> sandboxId.equals(e.sandboxId()))
            .sorted(Comparator.comparing(EndpointRecord::created).thenComparing(EndpointRecord::id)).toList();
    }

    List<EndpointRecord> endpointsOfNetwork(final String networkId)
    {
        return endpoints.values().stream().filter(e -> networkId.equals(e.networkId()))
            .sorted(Comparator.comparing(EndpointRecord::created).thenComparing(EndpointRecord::id)).toList();
    }

    /** Full id, then exact name, then a unique id prefix (like Docker). */
    private static <T> T resolve(final String what, final String ref, final Map<String, T> byId,
        final Function<T, String> name)
    {
        if (ref == null || ref.isEmpty())
        {
            throw PontoonException.invalid("a %s name or id is required", what);
        }
        final T exact = byId.get(ref);
        if (exact != null)
        {
            return exact;
        }
        final List<T> named = new ArrayList<>();
        final List<T> prefixed = new ArrayList<>();
        for (final Map.Entry<String, T> e : byId.entrySet())
        {
            if (name.apply(e.getValue()).equals(ref))
            {
                named.add(e.getValue());
            }
            else if (e.getKey().startsWith(ref) && ref.chars().allMatch(c -> Character.digit(c, 16) >= 0))
            {
                prefixed.add(e.getValue());
            }
        }
        if (!named.isEmpty())
        {
            return named.get(0);
        }
        if (prefixed.size() == 1)
        {
            return prefixed.get(0);
        }
        if (prefixed.size() > 1)
        {
            throw PontoonException.invalid("'%s' is ambiguous: it matches %d %s", ref, prefixed.size(),
                what.equals("sandbox") ? "sandboxes" : what + "s");
        }
        throw PontoonException.notFound("%s '%s' not found", what, ref);
    }

    static String shortId(final String id)
    {
        return Ids.shortId(id);
    }
}
