// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.cluster;

import io.pontoon.core.driver.overlay.OverlayPeers;
import io.pontoon.core.driver.overlay.RemoteEndpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link OverlayPeers} that applies the calls to a table and logs them with their time. */
final class RecordingPeers implements OverlayPeers
{
    /** One call: {@code op} is upsert, remove or resync; {@code id} the endpoint (or the count for resync). */
    record Call(long nanos, String op, String network, String id)
    {
    }

    private final Map<String, Map<String, RemoteEndpoint>> table = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();

    @Override
    public void upsert(final String networkId, final RemoteEndpoint endpoint)
    {
        table.computeIfAbsent(networkId, k -> new ConcurrentHashMap<>()).put(endpoint.id(), endpoint);
        log("upsert", networkId, endpoint.id());
    }

    @Override
    public void remove(final String networkId, final String endpointId)
    {
        table.computeIfAbsent(networkId, k -> new ConcurrentHashMap<>()).remove(endpointId);
        log("remove", networkId, endpointId);
    }

    @Override
    public void resync(final String networkId, final Collection<RemoteEndpoint> endpoints)
    {
        final Map<String, RemoteEndpoint> m = new ConcurrentHashMap<>();
        endpoints.forEach(e -> m.put(e.id(), e));
        table.put(networkId, m);
        log("resync", networkId, Integer.toString(endpoints.size()));
    }

    private synchronized void log(final String op, final String net, final String id)
    {
        calls.add(new Call(System.nanoTime(), op, net, id));
    }

    /** The remote endpoints of {@code networkId} as the data plane was told them. */
    Map<String, RemoteEndpoint> of(final String networkId)
    {
        return Map.copyOf(table.getOrDefault(networkId, Map.of()));
    }

    synchronized List<Call> calls()
    {
        return List.copyOf(calls);
    }

    /** Calls after {@code nanos} (System.nanoTime). */
    synchronized List<Call> callsSince(final long nanos)
    {
        return calls.stream().filter(c -> c.nanos() - nanos > 0).toList();
    }
}
