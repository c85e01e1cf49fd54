// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.bridge;

import io.pontoon.core.model.Ids;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.kernel.net.IpPrefix;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge driver's nft scripts are built from checked values only: a hostile chain id,
 * bridge name or address is refused while building {@link BridgeRules.NetworkRules}, before any
 * script text exists (so before nft runs).
 */
class BridgeRulesTest
{
    private static final IpPrefix SUBNET = IpPrefix.parseNetwork("10.200.7.0/24");

    @Test
    void aValidNetworkRendersQuotedNamesAndTheTypedSubnet()
    {
        final String script = BridgeRules.addNetwork(new BridgeRules.NetworkRules("0123456789ab", "pt-br.0_x", SUBNET, false, true));
        assertTrue(script.contains("add chain ip pontoon n_0123456789ab_to\n"), script);
        assertTrue(script.contains("add element ip pontoon bridges { \"pt-br.0_x\" }\n"), script);
        assertTrue(script.contains("add element ip pontoon post_from { 10.200.7.0/24 : jump n_0123456789ab_post_from }\n"), script);
        final String[] remove = BridgeRules.removeNetworkStatements(
            new BridgeRules.NetworkRules("0123456789ab", "pt-br.0_x", SUBNET, false, true));
        assertEquals("delete element ip pontoon fwd_to { \"pt-br.0_x\" }", remove[0]);
    }

    @Test
    void hostileChainIdsAreRefused()
    {
        for (final String id : List.of("0123456789ab; flush ruleset", "0123 456789a", "0123456789AB", "0123456789a",
            "0123456789abc", "x\nflush ruleset", ""))
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BridgeRules.NetworkRules(id, "ptbr0", SUBNET, false, true), id);
            assertTrue(e.getMessage().contains("chain id"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new BridgeRules.NetworkRules(null, "ptbr0", SUBNET, false, true));
    }

    @Test
    void hostileBridgeNamesAreRefused()
    {
        for (final String br : List.of("br0; flush ruleset", "br 0", "br0\"", "br0}", "br0\n", "", "abcdefghijklmnop", "br/0"))
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BridgeRules.NetworkRules("0123456789ab", br, SUBNET, false, true), br);
            assertTrue(e.getMessage().contains("interface name"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new BridgeRules.NetworkRules("0123456789ab", null, SUBNET, false, true));
    }

    @Test
    void addressesAreTypedPrefixesSoAHostnameNeverReachesAScript()
    {
        for (final String notAnAddress : List.of("localhost/24", "example.com/16", "10.200.7.0/24; flush ruleset", "10.200.7.0/24 flush"))
        {
            assertThrows(IllegalArgumentException.class, () -> IpPrefix.parseNetwork(notAnAddress), notAnAddress);
        }
        assertThrows(IllegalArgumentException.class, () -> new BridgeRules.NetworkRules("0123456789ab", "ptbr0", null, false, true));
    }

    @Test
    void theDriverDerivesRulesFromTheIdAndBridgeNeverFromTheNetworkName()
    {
        final String id = Ids.newId();
        final NetworkRecord n = new NetworkRecord(id, "my-net_1", BridgeNetworkDriver.NAME, NetworkRecord.SCOPE_LOCAL, false,
            SUBNET, IpPrefix.parse("10.200.7.1/24"), null, null, Map.of(), Map.of(), Instant.now(), "ptbr7");
        final String script = BridgeRules.addNetwork(BridgeNetworkDriver.net(n).rules());
        assertTrue(script.contains("n_" + id.substring(0, 12) + "_to"), script);
        assertFalse(script.contains("my-net_1"), script);

        // a record whose stored bridge name was tampered with cannot become a script
        final NetworkRecord tampered = new NetworkRecord(id, "my-net_1", BridgeNetworkDriver.NAME, NetworkRecord.SCOPE_LOCAL,
            false, SUBNET, IpPrefix.parse("10.200.7.1/24"), null, null, Map.of(), Map.of(), Instant.now(), "br0;flush ruleset");
        assertThrows(IllegalArgumentException.class, () -> BridgeNetworkDriver.net(tampered).rules());
    }
}
