// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.daemon;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostStateTest
{
    private static HostState state(final List<String> links, final String nft)
    {
        return state(links, nft, List.of("/pontoon/v1/networks/n1={}"));
    }

    private static HostState state(final List<String> links, final String nft, final List<String> store)
    {
        return new HostState(links, List.of("a"), List.of("r"), nft, List.of(), "ls", "[]", store, Map.of());
    }

    @Test
    void equalSnapshotsHaveNoDiff()
    {
        final HostState a = state(List.of("eth0", "pt-1"), "table ip pontoon {\n}");
        assertEquals("", a.diff(state(List.of("eth0", "pt-1"), "table ip pontoon {\n}")));
    }

    @Test
    void aDiffNamesWhatWentAndWhatCame()
    {
        final String d = state(List.of("eth0", "ptv1 master pt-1"), "x\ny").diff(state(List.of("eth0", "ptv2 master pt-1"), "x\ny\ny"));
        assertTrue(d.contains("links changed: gone [ptv1 master pt-1], added [ptv2 master pt-1]"), d);
        assertTrue(d.contains("nft ruleset changed: gone [], added [] (same lines, other order or count"), d);
    }

    @Test
    void aLeftOverStoreKeyIsADiff()
    {
        final String d = state(List.of("eth0"), "x").diff(state(List.of("eth0"), "x",
            List.of("/pontoon/v1/ipam/addrs/p1/10.200.50.2={\"kind\":\"address\"}", "/pontoon/v1/networks/n1={}")));
        assertEquals("store changed: gone [], added [/pontoon/v1/ipam/addrs/p1/10.200.50.2={\"kind\":\"address\"}]\n", d);
    }
}
