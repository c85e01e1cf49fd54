// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.overlay;

import io.pontoon.core.model.NetworkRecord;
import io.pontoon.it.overlay.OverlayHost.Container;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Containers that talk to an address before anything holds it are answered as soon as it
 * appears: the driver announces the address into the bridge (gratuitous ARP) when a remote
 * endpoint's neighbour entry is written and when a local endpoint joins. The talkers' ARP
 * retransmit time is a minute, so their own retry cannot be what resolves it within the test.
 */
@Privileged
@LabHosts(count = 4)
class OverlayAnnounceIT extends OverlayLabBase
{
    private static final String X = "10.200.0.9";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void anAddressIsAnnouncedToWaitingContainersWhenItAppearsLocallyAndRemotely() throws Exception
    {
        final NetworkRecord n = OverlayHost.network("ovl", 0x1003, SUBNET, GATEWAY);
        create(n, h(1), h(2));
        final Container local = h(1).join(n, "10.200.0.3/24");
        final Container remote = h(2).join(n, "10.200.0.2/24");
        publish(n, List.of(local, remote), h(1), h(2));
        final Process localPing = waitingPing(local);
        final Process remotePing = waitingPing(remote);
        try
        {
            final Container x = h(1).join(n, X + "/24");
            Await.until("an echo of " + local.name() + " (same host) answered", WAIT, () -> !localPing.isAlive());
            assertEquals(0, localPing.exitValue(), neigh(local));
            assertTrue(remotePing.isAlive(), "h2 has not been told about " + X + " yet: " + neigh(remote));

            h(2).driver.upsert(n.id(), x.remote());
            Await.until("an echo of " + remote.name() + " (other host) answered", WAIT, () -> !remotePing.isAlive());
            assertEquals(0, remotePing.exitValue(), neigh(remote));
            assertTrue(neigh(remote).contains("lladdr " + x.ep().mac()), neigh(remote));
        }
        finally
        {
            localPing.destroyForcibly().waitFor();
            remotePing.destroyForcibly().waitFor();
        }
    }

    /**
     * Slows the container's ARP retries to one a minute and starts pinging {@link #X} (an echo
     * every 0.2 s until the first reply, for up to a minute; the echoes queue on the pending
     * neighbour entry); returns once its ARP request went unanswered (the entry is INCOMPLETE).
     */
    private static Process waitingPing(final Container c) throws IOException
    {
        assertTrue(c.exec("sysctl", "-qw", "net.ipv4.neigh.eth0.retrans_time_ms=60000").ok());
        final Process p = new ProcessBuilder("nsenter", "--net=" + c.ns().path(), "--", "ping", "-n", "-c1", "-i", "0.2", "-w",
            "60", X).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Await.until(c.name() + "'s unanswered ARP for " + X, WAIT, () -> neigh(c).contains("INCOMPLETE"));
        return p;
    }

    private static String neigh(final Container c)
    {
        return c.exec("ip", "neigh", "show", X).stdout().trim();
    }
}
