// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

/**
 * A separate JVM for {@link LabShutdownHookTest}: builds a lab, prints its namespace names and
 * waits to be killed with SIGTERM, never closing the lab itself.
 */
final class LabCrashProbe
{
    private LabCrashProbe()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Lab lab = Lab.create("LabCrashProbe", 2);
        lab.host("h1").spawn("sleep", "600");
        System.out.println("namespaces " + String.join(" ", lab.namespaceNames()));
        System.out.flush();
        Thread.sleep(600_000);
    }
}
