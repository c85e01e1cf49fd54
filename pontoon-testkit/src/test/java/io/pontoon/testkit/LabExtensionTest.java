// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

@Privileged
class LabExtensionTest
{
    @Test
    @LabHosts(count = 3)
    void injectsALabWithTheAnnotatedNumberOfHosts(final Lab lab)
    {
        assertEquals(3, lab.hosts().size());
        assertEquals("LabExtensionTest.injectsALabWithTheAnnotatedNumberOfHosts", lab.testName());
        assertFalse(lab.closed());
    }

    @Test
    void aFailingTestIsDumpedAndItsLabRemoved() throws Exception
    {
        FailingLabScenario.armed = true;
        FailingLabScenario.lastLab = null;
        final SummaryGeneratingListener listener = new SummaryGeneratingListener();
        try
        {
            final Launcher launcher = LauncherFactory.create();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(FailingLabScenario.class)).build(), listener);
        }
        finally
        {
            FailingLabScenario.armed = false;
        }
        final TestExecutionSummary summary = listener.getSummary();
        assertEquals(1, summary.getTestsFailedCount(), () -> "expected exactly one failure: " + summary.getFailures());
        final Lab lab = FailingLabScenario.lastLab;
        assertNotNull(lab);

        assertTrue(lab.closed());
        final List<String> netns = Leftovers.snapshot().namespaces();
        assertEquals(3, lab.namespaceNames().size());
        for (final String n : lab.namespaceNames())
        {
            assertFalse(netns.contains(n), n + " survived the failing test");
        }

        final Path dump = LabExtension.DUMP_DIR.resolve("FailingLabScenario.breaksTheNetworkAndFails-" + lab.id() + ".txt");
        assertTrue(Files.exists(dump), dump + " missing");
        final String text = Files.readString(dump);
        for (final String expected : List.of("nobody is there", "=== switch", "=== h1 " + lab.host("h1").underlayPrefix(),
            "=== h2 " + lab.host("h2").underlayPrefix(), "--- ip -d link show", "--- ip neigh show", "--- bridge fdb show",
            "veth", "bridge", "table inet pt_scenario", "192.0.2.0/24 via " + lab.host("h2").underlayIp(),
            "scenario-daemon-says-hello"))
        {
            assertTrue(text.contains(expected), "dump lacks '" + expected + "':\n" + text);
        }
    }
}
