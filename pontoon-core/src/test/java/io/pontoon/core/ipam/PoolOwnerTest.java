// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.ipam;

import io.pontoon.kernel.net.IpPrefix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Messages name a pool by its network, or say that Docker asked for it through the IPAM plugin. */
class PoolOwnerTest
{
    @Test
    void aNetworksPoolIsNamedByItsNetworkAndARuntimesPoolByItsSubnet()
    {
        final IpPrefix subnet = IpPrefix.parseNetwork("10.212.0.0/24");
        assertEquals("network 'web'", new Pool("p", "0123abcd", "web", subnet, null, null).owner());
        assertEquals("pool 10.212.0.0/24 (requested by Docker through Pontoon's IPAM plugin)",
            new Pool("p", "0123abcd", Pool.RUNTIME_NETWORK, subnet, null, null).owner());
    }
}
