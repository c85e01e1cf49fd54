// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.testkit.Commands;
import io.pontoon.testkit.Lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The anchor for the overlay benchmark: the same two lab hosts joined by a VXLAN built by hand
 * with iproute2 the way the kernel documentation does it, with no Pontoon code on the path — a
 * bridge and a VXLAN device (VNI 3001, port 4789, learning off, proxy ARP) per host, one
 * container namespace per host on a veth with the kernel's defaults, and static FDB and
 * neighbour entries. Only the host's nftables (Pontoon's tables, loaded for the overlay under
 * test) are shared with Pontoon's path.
 */
final class HandBuiltVxlan implements AutoCloseable
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String BRIDGE = "pthb0";
    private static final String VXLAN = "pthbx";
    private static final String VETH = "pthbv";

    private final List<Lab.Host> hosts;
    private final List<String> namespaces = new ArrayList<>();

    private HandBuiltVxlan(final List<Lab.Host> hosts)
    {
        this.hosts = hosts;
    }

    /** Builds it on two lab hosts; container i (1, 2) gets 10.201.0.(i+1)/24. */
    static HandBuiltVxlan build(final Lab.Host h1, final Lab.Host h2, final int underlayMtu)
    {
        final HandBuiltVxlan v = new HandBuiltVxlan(List.of(h1, h2));
        try
        {
            final int mtu = underlayMtu - 50;
            for (int i = 0; i < 2; i++)
            {
                final Lab.Host h = v.hosts.get(i);
                final String ns = "pthb" + ProcessHandle.current().pid() + "c" + i;
                run("ip", "netns", "add", ns);
                v.namespaces.add(ns);
                h.execOk("ip", "link", "add", BRIDGE, "type", "bridge");
                h.execOk("ip", "link", "set", BRIDGE, "up");
                h.execOk("ip", "link", "add", VXLAN, "type", "vxlan", "id", "3001", "local", h.underlayIp(), "dev", "eth0",
                    "dstport", "4789", "nolearning", "proxy");
                h.execOk("ip", "link", "set", VXLAN, "mtu", String.valueOf(mtu), "master", BRIDGE, "up");
                h.execOk("ip", "link", "add", VETH, "type", "veth", "peer", "name", "eth0", "netns", ns);
                h.execOk("ip", "link", "set", VETH, "master", BRIDGE, "up");
                run("ip", "-n", ns, "link", "set", "lo", "up");
                run("ip", "-n", ns, "link", "set", "eth0", "mtu", String.valueOf(mtu), "address", mac(i), "up");
                run("ip", "-n", ns, "addr", "add", ip(i) + "/24", "dev", "eth0");
            }
            for (int i = 0; i < 2; i++)
            {
                final Lab.Host h = v.hosts.get(i);
                final int other = 1 - i;
                h.execOk("bridge", "fdb", "add", mac(other), "dev", VXLAN, "dst", v.hosts.get(other).underlayIp(), "self",
                    "permanent");
                h.execOk("ip", "neigh", "add", ip(other), "lladdr", mac(other), "dev", VXLAN, "nud", "permanent");
            }
            return v;
        }
        catch (final RuntimeException e)
        {
            v.close();
            throw e;
        }
    }

    /** The address of container i (0 or 1). */
    static String ip(final int i)
    {
        return "10.201.0." + (i + 2);
    }

    /** The network namespace of container i, as a path for nsenter. */
    Path ns(final int i)
    {
        return Path.of("/run/netns", namespaces.get(i));
    }

    private static String mac(final int i)
    {
        return "02:42:0a:c9:00:0" + (i + 2);
    }

    private static void run(final String... command)
    {
        final var r = Commands.run(List.of(command), TIMEOUT);
        if (!r.ok())
        {
            throw new IllegalStateException(r.describe());
        }
    }

    @Override
    public void close()
    {
        for (final String ns : namespaces)
        {
            Commands.run(List.of("ip", "netns", "del", ns), TIMEOUT);
        }
        for (final Lab.Host h : hosts)
        {
            try
            {
                h.exec("ip", "link", "del", VXLAN);
                h.exec("ip", "link", "del", BRIDGE);
            }
            catch (final RuntimeException e)
            {
                // the lab host is gone already, and its links with it
            }
        }
    }
}
