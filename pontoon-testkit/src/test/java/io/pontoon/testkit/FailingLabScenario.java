// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Not a test of its own (the name matches no test pattern): {@link LabExtensionTest} runs it
 * through the JUnit launcher to watch the extension handle a failing test.
 */
@LabHosts(count = 2)
@EnabledIf("armed")
class FailingLabScenario
{
    static volatile boolean armed;
    static volatile Lab lastLab;

    static boolean armed()
    {
        return armed;
    }

    @Test
    void breaksTheNetworkAndFails(final Lab lab)
    {
        lastLab = lab;
        final Lab.Host h1 = lab.host("h1");
        h1.execOk("nft", "add table inet pt_scenario");
        h1.execOk("ip", "route", "add", "192.0.2.0/24", "via", lab.host("h2").underlayIp());
        final Spawned daemon = h1.spawn("sh", "-c", "echo scenario-daemon-says-hello; exec sleep 600");
        Await.until("the background process to write", Duration.ofSeconds(10), () -> daemon.output().contains("hello"));
        assertTrue(h1.ping("198.18.255.254"), "nobody is there, so this fails");
    }
}
