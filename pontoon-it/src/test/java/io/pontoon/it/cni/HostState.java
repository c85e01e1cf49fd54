// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.cni;

import io.pontoon.testkit.Await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a CNI attachment can leave behind, snapshotted in the daemon's lab host: {@code ip -o link},
 * {@code ip -o addr}, {@code nft list ruleset} and the daemon's store ({@code pontoon debug store}).
 * Two snapshots taken around a failed ADD, or around an ADD and its DEL, must be equal apart from
 * what the kernel changes by itself (packet counters, IPv6 link-local addresses, which the kernel
 * gives a bridge once it first has carrier, DAD's {@code tentative} flag, a bridge's
 * carrier and operational state, which the kernel updates a moment after a port comes or goes) and
 * the IPAM's next-fit cursor, which moves on with every allocation by design. The comparison waits
 * up to {@link #SETTLE} for the snapshots to agree.
 */
record HostState(String links, String addresses, String ruleset, String store)
{
    static final Duration SETTLE = Duration.ofSeconds(5);

    /** Snapshots the daemon's host and store now. */
    static HostState of(final CniDaemon daemon)
    {
        final String links = daemon.host().execOk("ip", "-o", "link").replaceAll("NO-CARRIER,|,LOWER_UP| state \\S+", "");
        return new HostState(links,
            daemon.host().execOk("ip", "-o", "addr").replace(" tentative ", " ").replaceAll("(?m)^.* inet6 fe80::.*\\n", ""),
            daemon.host().execOk("nft", "list", "ruleset").replaceAll("counter packets \\d+ bytes \\d+", "counter"),
            daemon.cliOk("debug", "store").replaceAll("(?m)^\\S*/ipam/cursors/.*\\n", ""));
    }

    /** Asserts that nothing changed since {@code this} was taken; the failure lists the lines that differ. */
    void assertSameAs(final CniDaemon daemon, final String after)
    {
        final HostState[] now = {null};
        try
        {
            Await.until("host state as before", SETTLE, () -> equals(now[0] = of(daemon)));
        }
        catch (final AssertionError e)
        {
            final StringBuilder b = new StringBuilder("changed " + after + ":");
            diff(b, "link", links, now[0].links);
            diff(b, "addr", addresses, now[0].addresses);
            diff(b, "nft", ruleset, now[0].ruleset);
            diff(b, "store", store, now[0].store);
            fail(b.toString());
        }
    }

    private static void diff(final StringBuilder b, final String what, final String before, final String after)
    {
        final List<String> gone = new ArrayList<>(before.lines().toList());
        gone.removeAll(after.lines().toList());
        final List<String> added = new ArrayList<>(after.lines().toList());
        added.removeAll(before.lines().toList());
        gone.forEach(l -> b.append("\n  ").append(what).append(" - ").append(l));
        added.forEach(l -> b.append("\n  ").append(what).append(" + ").append(l));
    }
}
