// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TCP throughput over Pontoon's overlay against the underlay it rides on: two lab hosts
 * (namespaces on a lab switch), each running the bridge and overlay drivers from this JVM, one
 * container per host; iperf3 between the containers over the overlay, and between the two hosts
 * on the underlay, alternating, {@code runs} runs of {@code seconds} seconds each. Prints the
 * medians and their ratio as a markdown table; as the anchor, the same two hosts joined by a
 * VXLAN built by hand with iproute2 ({@link HandBuiltVxlan}), measured in the same rounds; and for
 * reference the two hosts talking over Pontoon's VXLAN between their host addresses.
 *
 * <p>Usage (root): {@code OverlayBench [runs] [seconds]} (defaults 3 and 5). Needs iperf3.
 */
public final class OverlayBench
{
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private OverlayBench()
    {
    }

    /** One lab host with Pontoon's drivers. */
    private record Stack(Lab.Host host, NetNs ns, Rtnl rtnl, Nft nft, OverlayNetworkDriver driver, InetAddress vtep)
    {
        static Stack on(final Lab.Host h)
        {
            final NetNs ns = NetNs.open(h.nsPath());
            final Rtnl rtnl = Rtnl.open(ns);
            final Nft nft = Nft.open(ns);
            final BridgeDriver bridge = new BridgeDriver(ns, rtnl, nft);
            bridge.start();
            final InetAddress vtep = IpPrefix.Ip.parse(h.underlayIp());
            return new Stack(h, ns, rtnl, nft, new OverlayNetworkDriver(bridge, rtnl, vtep), vtep);
        }

        void close()
        {
            rtnl.close();
            nft.close();
            ns.close();
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final Path dir = Files.createTempDirectory("pt-ovlbench-");
        final List<String> sandboxes = new ArrayList<>();
        final List<Process> servers = new ArrayList<>();
        final List<Stack> stacks = new ArrayList<>();
        HandBuiltVxlan handBuilt = null;
        try (Lab lab = Lab.create("OverlayBench", 2))
        {
            final Stack s1 = Stack.on(lab.host("h1"));
            stacks.add(s1);
            final Stack s2 = Stack.on(lab.host("h2"));
            stacks.add(s2);
            final String id = Ids.newId();
            final NetworkRecord n = new NetworkRecord(id, "bench", OverlayNetworkDriver.NAME, NetworkRecord.SCOPE_GLOBAL,
                false, IpPrefix.parseNetwork("10.200.0.0/24"), IpPrefix.parse("10.200.0.1/24"), null, null,
                Map.of(OverlayNetworkDriver.OPT_VNI, "2817"), Map.of(), Instant.now(), "pt-" + Ids.shortId(id));
            final List<RemoteEndpoint> peers = new ArrayList<>();
            int host = 251;
            for (final Stack s : stacks)
            {
                s.driver().createNetwork(n);
                final IpPrefix a = IpPrefix.parse("10.200.0." + host++ + "/32");
                s.driver().hostAddress(n, a);
                peers.add(new RemoteEndpoint("host-" + s.host().name(), s.host().name(), a.address(),
                    OverlayNetworkDriver.hostMac(a.address()), s.vtep()));
            }
            final Path c1 = container(s1, n, "10.200.0.2/24", dir, sandboxes, peers);
            final Path c2 = container(s2, n, "10.200.0.3/24", dir, sandboxes, peers);
            for (final Stack s : stacks)
            {
                s.driver().resync(n.id(), peers);
            }

            handBuilt = HandBuiltVxlan.build(s1.host(), s2.host(), s1.rtnl().linkGet("eth0").orElseThrow().mtu());
            servers.add(Commands.start(List.of("nsenter", "--net=" + handBuilt.ns(1), "--", "iperf3", "-s"),
                lab.logDir().resolve("iperf3-handbuilt.log")));
            servers.add(Commands.start(List.of("nsenter", "--net=" + s2.host().nsPath(), "--", "iperf3", "-s"),
                lab.logDir().resolve("iperf3-underlay.log")));
            servers.add(Commands.start(List.of("nsenter", "--net=" + c2, "--", "iperf3", "-s"),
                lab.logDir().resolve("iperf3-overlay.log")));
            final double[] underlay = new double[runs];
            final double[] overlay = new double[runs];
            final double[] hostToHost = new double[runs];
            final double[] anchor = new double[runs];
            final long[] underlayFrames = new long[2];
            final long[] overlayFrames = new long[2];
            for (int i = 0; i < runs; i++)
            {
                underlay[i] = iperf(s1.host().nsPath(), s2.host().underlayIp(), seconds, s2.host(), underlayFrames);
                overlay[i] = iperf(c1, "10.200.0.3", seconds, s2.host(), overlayFrames);
                anchor[i] = iperf(handBuilt.ns(0), HandBuiltVxlan.ip(1), seconds);
                hostToHost[i] = iperf(s1.host().nsPath(), "10.200.0.252", seconds);
                System.err.printf("run %d: underlay %.2f, overlay %.2f, hand-built VXLAN %.2f, overlay host to host %.2f"
                    + " Gbit/s%n", i + 1, underlay[i], overlay[i], anchor[i], hostToHost[i]);
            }
            final int mtu = s1.rtnl().linkGet("eth0").orElseThrow().mtu();
            final int overlayMtu = s1.rtnl().linkGet(OverlayNetworkDriver.vxlanName(2817)).orElseThrow().mtu();
            final double u = Stats.median(underlay);
            final double o = Stats.median(overlay);
            System.out.println("| path | median Gbit/s (" + runs + " x " + seconds + " s, iperf3 TCP) |");
            System.out.println("|---|---|");
            System.out.printf("| underlay: host h1 -> host h2 (veth through the lab switch, MTU %d) | %.2f |%n", mtu, u);
            System.out.printf("| overlay: container on h1 -> container on h2 (VXLAN, MTU %d) | %.2f |%n", overlayMtu, o);
            final double[] ratios = new double[runs];
            for (int i = 0; i < runs; i++)
            {
                ratios[i] = overlay[i] / underlay[i];
            }
            System.out.printf("| overlay / underlay (of the medians; median of the per-run ratios) | %.2f; %.2f |%n", o / u,
                Stats.median(ratios));
            final double a = Stats.median(anchor);
            final double[] vsAnchor = new double[runs];
            for (int i = 0; i < runs; i++)
            {
                vsAnchor[i] = overlay[i] / anchor[i];
            }
            System.out.printf("| anchor: container -> container over a VXLAN built by hand with iproute2 on the same hosts"
                + " | %.2f (%.2f of underlay) |%n", a, a / u);
            System.out.printf("| overlay / hand-built VXLAN (of the medians; median of the per-run ratios) | %.2f; %.2f |%n",
                o / a, Stats.median(vsAnchor));
            System.out.printf("| for reference: h1 -> h2 between their host addresses over the same VXLAN (no container"
                + " veths) | %.2f (%.2f of underlay) |%n", Stats.median(hostToHost), Stats.median(hostToHost) / u);
            System.out.printf("%nBytes per frame received on h2's eth0 (GSO kept end to end when far above the MTU):"
                + " underlay %d, overlay %d.%n", underlayFrames[0] / Math.max(1, underlayFrames[1]),
                overlayFrames[0] / Math.max(1, overlayFrames[1]));
        }
        finally
        {
            for (final Process p : servers)
            {
                Commands.killTree(p.toHandle());
            }
            for (final String name : sandboxes)
            {
                NetNs.delete(dir, name);
            }
            if (handBuilt != null)
            {
                handBuilt.close();
            }
            stacks.forEach(Stack::close);
            Files.deleteIfExists(dir);
        }
    }

    /** A sandbox on {@code s} joined to {@code n}; adds it to {@code peers}. Returns its namespace path. */
    private static Path container(final Stack s, final NetworkRecord n, final String address, final Path dir,
        final List<String> sandboxes, final List<RemoteEndpoint> peers)
    {
        final String name = "ptovlbench" + ProcessHandle.current().pid() + "c" + sandboxes.size();
        final IpPrefix ip = IpPrefix.parse(address);
        final String epId = Ids.newId();
        final EndpointRecord ep = new EndpointRecord(epId, name, n.id(), Ids.newId(), ip, Mac.fromIpv4(ip.address()), "eth0",
            "ptv" + Ids.shortId(epId), List.of(), List.of(), Instant.now());
        try (NetNs ns = NetNs.create(dir, name); Rtnl rtnl = Rtnl.open(ns))
        {
            sandboxes.add(name);
            rtnl.linkSetUp("lo");
            s.driver().join(n, ep, new SandboxNs(ep.sandboxId(), ns, rtnl), true);
            peers.add(new RemoteEndpoint(epId, s.host().name(), ip.address(), MacAddress.parse(ep.mac()), s.vtep()));
            return ns.path();
        }
    }

    /**
     * {@code iperf3 -c SERVER -t SECONDS -J} inside {@code ns}; received Gbit/s. Retries while the
     * server starts. Adds the bytes and frames {@code receiver}'s eth0 took in to {@code frames}.
     */
    private static double iperf(final Path ns, final String server, final int seconds, final Lab.Host receiver,
        final long[] frames) throws InterruptedException
    {
        final long[] before = rx(receiver);
        final double gbps = iperf(ns, server, seconds);
        final long[] after = rx(receiver);
        frames[0] += after[0] - before[0];
        frames[1] += after[1] - before[1];
        return gbps;
    }

    /** Received bytes and packets of eth0: {@code ip -s -j link show eth0}. */
    private static long[] rx(final Lab.Host h)
    {
        final Object parsed = Json.parse(h.execOk("ip", "-s", "-j", "link", "show", "eth0"));
        final JsonObject link = JsonObject.wrap((Map<?, ?>) ((List<?>) parsed).getFirst());
        final JsonObject rx = link.object("stats64").object("rx");
        return new long[] {rx.integer("bytes", 0), rx.integer("packets", 0)};
    }

    private static double iperf(final Path ns, final String server, final int seconds) throws InterruptedException
    {
        ExecResult r = null;
        for (int attempt = 0; attempt < 50; attempt++)
        {
            r = Commands.run(List.of("nsenter", "--net=" + ns, "--", "iperf3", "-c", server, "-t", String.valueOf(seconds),
                "-J"), RUN_TIMEOUT);
            if (r.ok())
            {
                final JsonObject end = Json.parseObject(r.stdout()).object("end");
                return ((Number) end.object("sum_received").raw("bits_per_second")).doubleValue() / 1e9;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("iperf3 to " + server + " failed: " + r.describe());
    }
}
