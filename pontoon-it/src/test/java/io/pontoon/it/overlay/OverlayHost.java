// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.overlay;

import io.pontoon.api.json.Json;
import io.pontoon.core.driver.SandboxNs;
import io.pontoon.core.driver.bridge.BridgeDriver;
import io.pontoon.core.driver.overlay.OverlayNetworkDriver;
import io.pontoon.core.driver.overlay.RemoteEndpoint;
import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.Ids;
import io.pontoon.core.model.Mac;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netns.NetNs;
import io.pontoon.kernel.nft.Nft;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One lab host running Pontoon's bridge and overlay drivers from this JVM, inside the host's
 * namespace, with containers (sandbox namespaces of its own) joined to overlay networks. The
 * test plays the cluster control plane through {@link OverlayNetworkDriver}'s OverlayPeers side.
 * {@link #close} removes the sandboxes; the lab removes the host.
 */
final class OverlayHost implements AutoCloseable
{
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    final Lab.Host lab;
    final NetNs ns;
    final Rtnl rtnl;
    final Nft nft;
    final BridgeDriver bridge;
    final InetAddress vtep;
    OverlayNetworkDriver driver;
    private final Path sandboxDir;
    private final List<Container> containers = new ArrayList<>();

    /** A container: a sandbox namespace with one endpoint on an overlay network. */
    record Container(String name, OverlayHost host, NetworkRecord network, EndpointRecord ep, NetNs ns, Rtnl rtnl)
    {
        InetAddress ip()
        {
            return ep.ip().address();
        }

        String ipText()
        {
            return ip().getHostAddress();
        }

        /** This container as the other hosts are told about it. */
        RemoteEndpoint remote()
        {
            return new RemoteEndpoint(ep.id(), host.lab.name(), ip(), MacAddress.parse(ep.mac()), host.vtep);
        }

        /** {@code nsenter --net=SANDBOX -- ARGS}. */
        ExecResult exec(final String... args)
        {
            final List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + ns.path(), "--"));
            cmd.addAll(List.of(args));
            return Commands.run(cmd, TIMEOUT);
        }

        /** One echo, one second to answer: {@code ping -c1 -W1 IP}. */
        boolean pingOnce(final String ip)
        {
            return exec("ping", "-n", "-c1", "-W1", ip).ok();
        }

        /** Up to three one-second echoes. */
        boolean ping(final String ip)
        {
            for (int i = 0; i < 3; i++)
            {
                if (pingOnce(ip))
                {
                    return true;
                }
            }
            return false;
        }
    }

    OverlayHost(final Lab.Host lab, final Path sandboxDir)
    {
        this.lab = lab;
        this.sandboxDir = sandboxDir;
        this.ns = NetNs.open(lab.nsPath());
        this.rtnl = Rtnl.open(ns);
        this.nft = Nft.open(ns);
        this.bridge = new BridgeDriver(ns, rtnl, nft);
        this.vtep = IpPrefix.Ip.parse(lab.underlayIp());
        bridge.start();
        this.driver = new OverlayNetworkDriver(bridge, rtnl, vtep);
    }

    /** A new driver instance on the same kernel state: what a daemon restart sees. */
    OverlayNetworkDriver restartDriver()
    {
        driver.close();
        driver = new OverlayNetworkDriver(bridge, rtnl, vtep);
        return driver;
    }

    /** A global overlay network record as the control plane would store it. */
    static NetworkRecord network(final String name, final int vni, final String subnet, final String gateway)
    {
        final String id = Ids.newId();
        return new NetworkRecord(id, name, OverlayNetworkDriver.NAME, NetworkRecord.SCOPE_GLOBAL, false,
            IpPrefix.parseNetwork(subnet), IpPrefix.parse(gateway), null, null,
            Map.of(OverlayNetworkDriver.OPT_VNI, String.valueOf(vni)), Map.of(), Instant.now(), "pt-" + Ids.shortId(id));
    }

    /** Creates a sandbox and joins it to {@code n} with {@code address} (e.g. 10.200.0.2/24) and a default route. */
    Container join(final NetworkRecord n, final String address)
    {
        final String name = "ptovl" + ProcessHandle.current().pid() + "s" + SEQ.incrementAndGet();
        final NetNs sandbox = NetNs.create(sandboxDir, name);
        final Rtnl sr;
        try
        {
            sr = Rtnl.open(sandbox);
        }
        catch (final RuntimeException e)
        {
            sandbox.close();
            NetNs.delete(sandboxDir, name);
            throw e;
        }
        final IpPrefix ip = IpPrefix.parse(address);
        final String epId = Ids.newId();
        final EndpointRecord ep = new EndpointRecord(epId, name, n.id(), Ids.newId(), ip, Mac.fromIpv4(ip.address()), "eth0",
            "ptv" + Ids.shortId(epId), List.of(), List.of(), Instant.now());
        final Container c = new Container(name, this, n, ep, sandbox, sr);
        containers.add(c);
        sr.linkSetUp("lo");
        driver.join(n, ep, new SandboxNs(ep.sandboxId(), sandbox, sr), true);
        return c;
    }

    /** Runs {@code ARGS} in this host and parses its JSON output ({@code ip -j ...}, {@code bridge -j ...}). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> json(final String... args)
    {
        final String out = lab.execOk(args).trim();
        return out.isEmpty() ? List.of() : (List<Map<String, Object>>) Json.parse(out);
    }

    /** {@code ip -d -j link show DEV} of this host. */
    Map<String, Object> link(final String dev)
    {
        return json("ip", "-d", "-j", "link", "show", dev).getFirst();
    }

    @Override
    public void close()
    {
        RuntimeException failure = null;
        for (final Container c : containers)
        {
            try
            {
                c.rtnl().close();
                c.ns().close();
                NetNs.delete(sandboxDir, c.name());
            }
            catch (final RuntimeException e)
            {
                failure = failure == null ? e : failure;
            }
        }
        containers.clear();
        driver.close();
        rtnl.close();
        nft.close();
        ns.close();
        if (failure != null)
        {
            throw failure;
        }
    }
}
