// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.SandboxView;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Makes a lab host or a sandbox put packets on the wire that its own stack would never send: TCP to a spare
 * address is routed to a gateway on the underlay and its destination is rewritten on the way out
 * of {@code eth0} to {@code target}; replies from {@code target:port} get the spare address back
 * as their source on the way in, so the host's socket sees an ordinary connection. This is how a
 * LAN neighbour (or a sandbox, to its gateway) sends to {@code 127.0.0.1} with another host's MAC. Equals
 * {@code ip route add SPARE/32 via GATEWAY} and a {@code netdev} table with an {@code egress}
 * chain ({@code ip daddr SPARE ip daddr set TARGET}) and an {@code ingress} chain
 * ({@code ip saddr TARGET tcp sport PORT ip saddr set SPARE}); nft fixes the IP and TCP checksums.
 */
final class WireRewrite implements AutoCloseable
{
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Function<String[], ExecResult> exec;
    private final String spare;
    private final String table;

    private WireRewrite(final Function<String[], ExecResult> exec, final String spare, final String table)
    {
        this.exec = exec;
        this.spare = spare;
        this.table = table;
    }

    /** Installs the route and the rewriting on {@code host}; {@link #close()} removes both. */
    static WireRewrite open(final Lab.Host host, final String gateway, final String spare, final String target, final int port)
    {
        return open(host::exec, gateway, spare, target, port);
    }

    /** The same inside a sandbox of {@code d} (its {@code eth0}). */
    static WireRewrite open(final PontoonDaemon d, final SandboxView sandbox, final String gateway, final String spare,
        final String target, final int port)
    {
        return open(cmd -> d.nsExec(sandbox, cmd), gateway, spare, target, port);
    }

    private static WireRewrite open(final Function<String[], ExecResult> exec, final String gateway, final String spare,
        final String target, final int port)
    {
        // literals only: every address goes through the parser before it reaches ip or nft
        final String gw = IpPrefix.Ip.parse(gateway).getHostAddress();
        final String sp = IpPrefix.Ip.parse(spare).getHostAddress();
        final String to = IpPrefix.Ip.parse(target).getHostAddress();
        final String table = "pt_rewrite_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        final WireRewrite w = new WireRewrite(exec, sp, table);
        ok(exec, "ip", "route", "add", sp + "/32", "via", gw);
        try
        {
            ok(exec, "nft", "add table netdev " + table);
            ok(exec, "nft", "add chain netdev " + table + " out { type filter hook egress device \"eth0\" priority 0; }");
            ok(exec, "nft", "add rule netdev " + table + " out ip daddr " + sp + " ip daddr set " + to);
            ok(exec, "nft", "add chain netdev " + table + " in { type filter hook ingress device \"eth0\" priority 0; }");
            ok(exec, "nft", "add rule netdev " + table + " in ip saddr " + to + " tcp sport " + port + " ip saddr set " + sp);
        }
        catch (final RuntimeException e)
        {
            w.close();
            throw e;
        }
        return w;
    }

    private static void ok(final Function<String[], ExecResult> exec, final String... command)
    {
        final ExecResult r = exec.apply(command);
        if (!r.ok())
        {
            throw new LabException(String.join(" ", command) + "\n" + r.describe());
        }
    }

    @Override
    public void close()
    {
        exec.apply(new String[] {"nft", "delete table netdev " + table});
        exec.apply(new String[] {"ip", "route", "del", spare + "/32"});
    }
}
