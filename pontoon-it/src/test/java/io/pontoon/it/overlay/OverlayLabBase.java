// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.overlay;

import io.pontoon.core.driver.overlay.OverlayNetworkDriver;
import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.it.overlay.OverlayHost.Container;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.testkit.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Three lab hosts (h1-h3; h4 is "outside") each running Pontoon's bridge and overlay drivers from
 * this JVM inside its namespace; the test plays the cluster control plane through
 * {@link io.pontoon.core.driver.overlay.OverlayPeers}. No etcd, no daemon.
 */
abstract class OverlayLabBase
{
    static final String SUBNET = "10.200.0.0/24";
    static final String GATEWAY = "10.200.0.1/24";

    Lab lab;
    Path sandboxes;
    final List<OverlayHost> hosts = new ArrayList<>();
    /** The hosts each network (by id) has a host address on. */
    final Map<String, List<OverlayHost>> members = new LinkedHashMap<>();

    @BeforeEach
    void hosts(final Lab l) throws IOException
    {
        lab = l;
        sandboxes = Files.createTempDirectory("pt-ovl-sandboxes-");
        for (int i = 1; i <= 3; i++)
        {
            hosts.add(new OverlayHost(l.host("h" + i), sandboxes));
        }
    }

    @AfterEach
    void cleanUp() throws IOException
    {
        for (final OverlayHost h : hosts)
        {
            h.close();
        }
        Files.deleteIfExists(sandboxes);
    }

    OverlayHost h(final int i)
    {
        return hosts.get(i - 1);
    }

    /**
     * Creates {@code n} on the given hosts with host addresses .251, .252, ... of the subnet, given
     * the way the control plane does: in the host's own copy of the record.
     */
    void create(final NetworkRecord n, final OverlayHost... on)
    {
        for (final OverlayHost h : on)
        {
            member(n, h);
            h.driver.createNetwork(mirror(n, h));
        }
    }

    /** {@code h}'s copy of the record: with its host address and MAC in the options. */
    static NetworkRecord mirror(final NetworkRecord n, final OverlayHost h)
    {
        final Map<String, String> o = new LinkedHashMap<>(n.options());
        final IpPrefix a = hostAddress(n, h);
        o.put(OverlayNetworkDriver.OPT_HOST_ADDRESS, new IpPrefix(a.address(), n.subnet().length()).toString());
        o.put(OverlayNetworkDriver.OPT_HOST_MAC, OverlayNetworkDriver.hostMac(a.address()).toString());
        return new NetworkRecord(n.id(), n.name(), n.driver(), n.scope(), n.internal(), n.subnet(), n.gateway(), n.ipRange(),
            n.poolId(), o, n.labels(), n.created(), n.bridgeName());
    }

    void member(final NetworkRecord n, final OverlayHost h)
    {
        final List<OverlayHost> l = members.computeIfAbsent(n.id(), k -> new ArrayList<>());
        if (!l.contains(h))
        {
            l.add(h);
        }
    }

    static IpPrefix hostAddress(final NetworkRecord n, final OverlayHost h)
    {
        final byte[] b = n.subnet().address().getAddress();
        return IpPrefix.parse((b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (250 + h.lab.name().charAt(1)
            - '0') + "/32");
    }

    /** Everything the control plane would publish for {@code n}: containers and host addresses of every host. */
    List<RemoteEndpoint> everything(final NetworkRecord n, final List<Container> containers)
    {
        final List<RemoteEndpoint> all = new ArrayList<>();
        containers.stream().filter(c -> c.network().id().equals(n.id())).forEach(c -> all.add(c.remote()));
        for (final OverlayHost h : members.getOrDefault(n.id(), List.of()))
        {
            final IpPrefix a = hostAddress(n, h);
            all.add(new RemoteEndpoint("host-" + h.lab.name() + "-" + n.id(), h.lab.name(), a.address(),
                OverlayNetworkDriver.hostMac(a.address()), h.vtep));
        }
        return all;
    }

    /** Tells every host the whole set (its own entries included: the driver skips them). */
    void publish(final NetworkRecord n, final List<Container> containers, final OverlayHost... to)
    {
        final List<RemoteEndpoint> all = everything(n, containers);
        for (final OverlayHost h : to)
        {
            h.driver.resync(n.id(), all);
        }
    }

    static String vx(final NetworkRecord n)
    {
        return OverlayNetworkDriver.vxlanName(OverlayNetworkDriver.vni(n));
    }
}
