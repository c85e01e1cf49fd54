// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.core.driver.bridge.BridgeDriver;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netns.NetNs;
import io.pontoon.kernel.nft.Nft;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Removing a bridge network's kernel state: everything in one nft transaction when it is all
 * there, and piece by piece when part of it is gone already (a half-made or half-removed
 * network), so removal never fails on what is missing and never leaves anything behind.
 */
@Privileged
@LabHosts(count = 1)
class BridgeRemovalIT
{
    @Test
    void aNetworkGoesWholeAndAlsoWhenPiecesAreGoneAlready(final Lab lab)
    {
        final Lab.Host h = lab.host("h1");
        try (NetNs ns = NetNs.open(h.nsPath()); Rtnl rtnl = Rtnl.open(ns); Nft nft = Nft.open(ns))
        {
            final BridgeDriver d = new BridgeDriver(ns, rtnl, nft);
            d.start();
            final BridgeDriver.Net a = new BridgeDriver.Net("aaaa11112222", "ptbrrm1", IpPrefix.parse("10.230.1.1/24"), 1500,
                false, true, true);
            final BridgeDriver.Net b = new BridgeDriver.Net("bbbb11112222", "ptbrrm2", IpPrefix.parse("10.230.2.1/24"), 1500,
                false, true, true);
            d.createNetwork(a);
            d.createNetwork(b);
            assertTrue(present(h, a) && present(h, b), h.execOk("nft", "list", "table", "ip", "pontoon"));

            d.deleteNetwork(a);
            assertFalse(present(h, a), "a is gone: " + h.execOk("nft", "list", "table", "ip", "pontoon"));
            assertTrue(present(h, b), "b is untouched");

            // part of b is gone already: one dispatch element and its chain, removed by hand
            h.execOk("nft", "delete element ip pontoon fwd_to { \"ptbrrm2\" }");
            h.execOk("nft", "delete chain ip pontoon n_bbbb11112222_to");
            d.deleteNetwork(b);
            assertFalse(present(h, b), "b is gone: " + h.execOk("nft", "list", "table", "ip", "pontoon"));
            d.deleteNetwork(b);
        }
    }

    /** Whether anything of {@code n} is in the kernel: its bridge, a chain or an element naming it. */
    private static boolean present(final Lab.Host h, final BridgeDriver.Net n)
    {
        final String rules = h.execOk("nft", "list", "table", "ip", "pontoon");
        return rules.contains(n.chainId()) || rules.contains(n.bridge()) || rules.contains(n.gateway().network().toString())
            || h.execOk("ip", "-o", "link", "show").contains(n.bridge());
    }
}
