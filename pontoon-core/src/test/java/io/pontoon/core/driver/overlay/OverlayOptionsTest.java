// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.overlay;

import io.pontoon.core.PontoonException;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverlayOptionsTest
{
    private static NetworkRecord net(final Map<String, String> options)
    {
        return new NetworkRecord(Ids.newId(), "o", "overlay", NetworkRecord.SCOPE_GLOBAL, false,
            IpPrefix.parseNetwork("10.200.0.0/24"), IpPrefix.parse("10.200.0.1/24"), null, null, options, Map.of(),
            Instant.now(), null);
    }

    private static PontoonException.Kind kind(final Runnable r)
    {
        return assertThrows(PontoonException.class, r::run).kind();
    }

    @Test
    void optionsAreNormalisedAndUnknownOnesRefused()
    {
        assertEquals(Map.of(OverlayNetworkDriver.OPT_VNI, "4097", "com.docker.network.driver.mtu", "1400",
            OverlayNetworkDriver.OPT_HOST_MAC, "02:42:0a:c8:00:fa"), OverlayOptions.validate(Map.of(
                OverlayNetworkDriver.OPT_VNI, " 4097 ", "com.docker.network.driver.mtu", "1400",
                OverlayNetworkDriver.OPT_HOST_MAC, "02:42:0A:C8:00:FA")));
        final PontoonException e = assertThrows(PontoonException.class,
            () -> OverlayOptions.validate(Map.of("com.docker.network.bridge.name", "br9")));
        assertEquals(PontoonException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("pontoon.vni"), e.getMessage());
        for (final String bad : new String[] {"0", "16777216", "x", ""})
        {
            assertEquals(PontoonException.Kind.INVALID,
                kind(() -> OverlayOptions.validate(Map.of(OverlayNetworkDriver.OPT_VNI, bad))), bad);
        }
        assertEquals(16777215, OverlayNetworkDriver.vni(net(Map.of(OverlayNetworkDriver.OPT_VNI, "16777215"))));
        assertEquals(PontoonException.Kind.INVALID, kind(() -> OverlayNetworkDriver.vni(net(Map.of()))));
    }

    @Test
    void aHostAddressIsAUsableAddressOfTheSubnetOtherThanTheGateway()
    {
        assertNull(OverlayOptions.hostAddress(net(Map.of())));
        final NetworkRecord n = net(Map.of(OverlayNetworkDriver.OPT_HOST_ADDRESS, "10.200.0.250/24"));
        assertEquals(IpPrefix.Ip.parse("10.200.0.250"), OverlayOptions.hostAddress(n));
        assertEquals(MacAddress.parse("02:42:0a:c8:00:fa"), OverlayOptions.hostMac(n), "derived when not given");
        for (final String bad : new String[] {"10.200.0.1/24", "10.200.0.0/24", "10.200.0.255/24", "10.201.0.5/24",
            "fd00::5/64", "nonsense"})
        {
            assertEquals(PontoonException.Kind.INVALID,
                kind(() -> OverlayOptions.hostAddress(net(Map.of(OverlayNetworkDriver.OPT_HOST_ADDRESS, bad)))), bad);
        }
    }

    @Test
    void vxlanNamesFitInAnInterfaceName()
    {
        assertEquals("ptx1001", OverlayNetworkDriver.vxlanName(0x1001));
        assertEquals("ptxffffff", OverlayNetworkDriver.vxlanName(0xffffff));
        assertTrue(OverlayNetworkDriver.vxlanName(0xffffff).length() <= 15);
    }
}
