// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CniChecksTest
{
    @Test
    void addressesAreLiteralOnly()
    {
        assertEquals(4, CniChecks.ipVersion("10.77.0.5"));
        assertEquals(6, CniChecks.ipVersion("fd00:77::5"));
        assertEquals(6, CniChecks.ipVersion("::ffff:10.0.0.1"));
        for (final String bad : new String[] {"10.77.0", "10.77.0.256", "010.1.1.1", "1.2.3.4.5", "localhost", "",
            "fd00::g", "fe80::1%eth0", "[::1]", "1.2.3.-4"})
        {
            assertEquals(-1, CniChecks.ipVersion(bad), bad);
        }
        assertTrue(CniChecks.isCidr("10.77.0.5/16"));
        assertTrue(CniChecks.isCidr("fd00::/8"));
        assertFalse(CniChecks.isCidr("10.0.0.0/33"));
        assertFalse(CniChecks.isCidr("fd00::/129"));
        assertFalse(CniChecks.isCidr("10.0.0.0/"));
        assertFalse(CniChecks.isCidr("10.0.0.0"));
        assertTrue(CniChecks.isIpOrCidr("10.0.0.1"));
        assertTrue(CniChecks.isIpOrCidr("10.0.0.1/24"));
    }

    @Test
    void macsNamesAndInterfaceNames()
    {
        assertTrue(CniChecks.isUnicastMac("c2:11:22:33:44:55"));
        assertTrue(CniChecks.isUnicastMac("02:42:AC:11:00:02"));
        assertFalse(CniChecks.isUnicastMac("01:00:5e:00:00:01"), "multicast");
        assertFalse(CniChecks.isUnicastMac("c2-11-22-33-44-55"));
        assertFalse(CniChecks.isUnicastMac("c2:11:22:33:44"));
        assertTrue(CniChecks.isName("c0ffee_1.a-b"));
        assertFalse(CniChecks.isName("_x"));
        assertFalse(CniChecks.isName("a/b"));
        assertNull(CniChecks.ifNameProblem("eth0"));
        assertNull(CniChecks.ifNameProblem("abcdefghijklmno"));
        assertTrue(CniChecks.ifNameProblem("abcdefghijklmnop").contains("15"));
        assertTrue(CniChecks.ifNameProblem("..") != null);
        assertTrue(CniChecks.ifNameProblem("a b") != null);
    }

    @Test
    void versions()
    {
        assertTrue(CniChecks.isSemver("1.10.0"));
        assertFalse(CniChecks.isSemver("1.0"));
        assertFalse(CniChecks.isSemver("v1.0.0"));
        assertTrue(CniChecks.compareVersions("1.10.0", "1.9.0") > 0);
        assertTrue(CniChecks.compareVersions("0.4.0", "1.1.0") < 0);
    }
}
