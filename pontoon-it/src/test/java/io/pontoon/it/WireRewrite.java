// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.testkit.Lab;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a lab host put packets on the wire that its own stack would never send: TCP to a spare
 * address is routed to a gateway on the underlay and its destination is rewritten on the way out
 * of {@code eth0} to {@code target}; replies from {@code target:port} get the spare address back
 * as their source on the way in, so the host's socket sees an ordinary connection. This is how a
 * LAN neighbour sends to {@code 127.0.0.1} with another host's MAC. Equals
 * {@code ip route add SPARE/32 via GATEWAY} and a {@code netdev} table with an {@code egress}
 * chain ({@code ip daddr SPARE ip daddr set TARGET}) and an {@code ingress} chain
 * ({@code ip saddr TARGET tcp sport PORT ip saddr set SPARE}); nft fixes the IP and TCP checksums.
 */
final class WireRewrite implements AutoCloseable
{
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Lab.Host host;
    private final String spare;
    private final String table;

    private WireRewrite(final Lab.Host host, final String spare, final String table)
    {
        this.host = host;
        this.spare = spare;
        this.table = table;
    }

    /** Installs the route and the rewriting on {@code host}; {@link #close()} removes both. */
    static WireRewrite open(final Lab.Host host, final String gateway, final String spare, final String target, final int port)
    {
        // literals only: every address goes through the parser before it reaches ip or nft
        final String gw = IpPrefix.Ip.parse(gateway).getHostAddress();
        final String sp = IpPrefix.Ip.parse(spare).getHostAddress();
        final String to = IpPrefix.Ip.parse(target).getHostAddress();
        final String table = "pt_rewrite_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        final WireRewrite w = new WireRewrite(host, sp, table);
        host.execOk("ip", "route", "add", sp + "/32", "via", gw);
        try
        {
            host.execOk("nft", "add table netdev " + table);
            host.execOk("nft", "add chain netdev " + table + " out { type filter hook egress device \"eth0\" priority 0; }");
            host.execOk("nft", "add rule netdev " + table + " out ip daddr " + sp + " ip daddr set " + to);
            host.execOk("nft", "add chain netdev " + table + " in { type filter hook ingress device \"eth0\" priority 0; }");
            host.execOk("nft", "add rule netdev " + table + " in ip saddr " + to + " tcp sport " + port + " ip saddr set " + sp);
        }
        catch (final RuntimeException e)
        {
            w.close();
            throw e;
        }
        return w;
    }

    @Override
    public void close()
    {
        host.exec("nft", "delete table netdev " + table);
        host.exec("ip", "route", "del", spare + "/32");
    }
}
