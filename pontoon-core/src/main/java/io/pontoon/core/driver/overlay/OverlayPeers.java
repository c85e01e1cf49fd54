// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.overlay;

import java.util.Collection;

/**
 * What the cluster control plane tells the overlay data plane about other hosts' endpoints. The
 * control plane calls it from its store watch (and with a full list after a (re)connect); the data
 * plane makes the kernel match, touching only entries that differ, so a resync after an outage or
 * a restart causes no traffic blip. Calls for one network arrive in order.
 */
public interface OverlayPeers
{
    /** Adds or updates one remote endpoint of {@code networkId}. */
    void upsert(String networkId, RemoteEndpoint endpoint);

    /** Removes one remote endpoint; unknown ids are fine. */
    void remove(String networkId, String endpointId);

    /** Replaces the whole set of remote endpoints of {@code networkId} (after a list). */
    void resync(String networkId, Collection<RemoteEndpoint> endpoints);
}
