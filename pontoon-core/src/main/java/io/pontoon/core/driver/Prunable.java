// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver;

import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.NetworkRecord;

import java.util.Collection;
import java.util.Set;

/** A driver that can remove its own kernel objects that no record owns (after a crash). */
public interface Prunable
{
    /** Deletes Pontoon-owned links other than {@code bridges} and {@code hostInterfaces}. */
    void prune(Set<String> bridges, Set<String> hostInterfaces);

    /**
     * Deletes the driver's own firewall state (chains, set and map elements) that none of these
     * networks and endpoints explains; runs after they were re-applied. Default: nothing.
     */
    default void pruneRules(Collection<NetworkRecord> networks, Collection<EndpointRecord> endpoints)
    {
    }
}
