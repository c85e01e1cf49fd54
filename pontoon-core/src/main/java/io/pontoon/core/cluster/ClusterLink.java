// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.core.PontoonException;

/**
 * Whether this host is in sync with the cluster store: true after a successful resync, false from
 * the moment a probe, a lease renewal or a watch says the store is unreachable. Operations that
 * need the cluster check it first and fail at once with UNAVAILABLE instead of waiting for a
 * request timeout.
 */
final class ClusterLink
{
    private final String store;
    private volatile boolean up;
    private volatile String reason = "not connected yet";

    ClusterLink(final String store)
    {
        this.store = store;
    }

    boolean up()
    {
        return up;
    }

    String reason()
    {
        return reason;
    }

    String store()
    {
        return store;
    }

    void up(final boolean value, final String why)
    {
        up = value;
        reason = why;
    }

    /** Throws UNAVAILABLE naming the store and the reason unless in sync. */
    void require(final String what)
    {
        if (!up)
        {
            throw PontoonException.unavailable("cluster store %s is unreachable (%s): %s until it is back; running containers"
                + " keep working", store, reason, what);
        }
    }
}
