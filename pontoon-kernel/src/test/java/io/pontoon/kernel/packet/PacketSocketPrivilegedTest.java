// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.packet;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.rtnl.Bridge;
import io.pontoon.kernel.netlink.rtnl.LinkAttrs;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netlink.rtnl.Veth;
import io.pontoon.kernel.nft.NsFixture;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gratuitous ARP sent through a bridge in one namespace resolves a pending neighbour entry in
 * another namespace behind a veth: the receiver has ARPed for the address, got no answer and
 * would not ask again for a minute ({@code retrans_time_ms=60000}).
 */
@Tag("privileged")
class PacketSocketPrivilegedTest
{
    private static final String X = "10.200.0.9";
    private static final MacAddress MAC = MacAddress.parse("02:42:0a:c8:00:09");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void gratuitousArpThroughABridgeResolvesAnIncompleteNeighbourBehindIt() throws Exception
    {
        try (NsFixture host = NsFixture.create("pkh"); NsFixture box = NsFixture.create("pkb"))
        {
            final int bridgeIndex;
            try (Rtnl r = Rtnl.open(host.ns()))
            {
                r.linkAdd(Bridge.of("ptbr0").withAttrs(LinkAttrs.named("ptbr0").withUp(true)));
                r.linkAdd(Veth.of("ptv0", "eth0").withAttrs(LinkAttrs.named("ptv0").withMaster("ptbr0").withUp(true))
                    .withPeer(LinkAttrs.named("eth0").withNs(box.ns())));
                bridgeIndex = r.linkIndex("ptbr0");
            }
            box.sh("ip", "link", "set", "eth0", "up");
            box.sh("ip", "addr", "add", "10.200.0.2/24", "dev", "eth0");
            box.sh("sysctl", "-qw", "net.ipv4.neigh.eth0.retrans_time_ms=60000");
            // one echo to X: its ARP request goes unanswered and the entry stays INCOMPLETE for minutes
            final Process ping = new ProcessBuilder("nsenter", "--net=" + box.path(), "--", "ping", "-n", "-c1", "-W", "60", X)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try
            {
                waitFor("an INCOMPLETE entry for " + X, () -> neigh(box).contains("INCOMPLETE"), box);
                final PacketSocket p = PacketSocket.open(host.ns());
                try
                {
                    assertEquals(bridgeIndex, p.ifindex("ptbr0"),
                        "names resolve in the socket's namespace");
                    p.sendGratuitousArp("ptbr0", (Inet4Address) IpPrefix.Ip.parse(X), MAC);
                    waitFor(X + " at " + MAC, () -> neigh(box).contains("lladdr " + MAC), box);
                    assertTrue(!neigh(box).contains("INCOMPLETE") && !neigh(box).contains("FAILED"), neigh(box));

                    final KernelException absent = assertThrows(KernelException.class,
                        () -> p.sendGratuitousArp("ptnone0", (Inet4Address) IpPrefix.Ip.parse(X), MAC));
                    assertEquals(Errno.ENODEV, absent.errno());
                    host.sh("ip", "link", "set", "ptbr0", "down");
                    final KernelException down = assertThrows(KernelException.class,
                        () -> p.sendGratuitousArp("ptbr0", (Inet4Address) IpPrefix.Ip.parse(X), MAC));
                    assertEquals("arping -A", down.operation());
                }
                finally
                {
                    p.close();
                }
                assertEquals(Errno.EBADF, assertThrows(KernelException.class, () -> p.ifindex("ptbr0")).errno());
            }
            finally
            {
                ping.destroyForcibly();
                ping.waitFor();
            }
        }
    }

    /** {@code ip neigh show X dev eth0} in the box, e.g. {@code 10.200.0.9 lladdr 02:42:... STALE}. */
    private static String neigh(final NsFixture box)
    {
        return box.sh("ip", "neigh", "show", X, "dev", "eth0").trim();
    }

    private static void waitFor(final String what, final BooleanSupplier ok, final NsFixture box) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!ok.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("no " + what + " within " + WAIT + ": " + neigh(box));
            }
            Thread.sleep(20);
        }
    }
}
