// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.docker;

import io.pontoon.testkit.Await;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.Spawned;
import io.pontoon.testkit.daemon.PontoonDaemon;
import io.pontoon.testkit.peers.DockerPeer;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the Docker plugin tests check again and again, with real packets: that Docker's calls
 * still work on a pontoon network, that a ping between two containers never lost a packet, and
 * that nothing of a removed network is left in the kernel or in Pontoon's store.
 */
final class DockerChecks
{
    static final String IMAGE = "ptbusybox";
    private static final Pattern SEQ = Pattern.compile("icmp_seq=(\\d+)");

    private DockerChecks()
    {
    }

    /** {@code docker inspect}: the container's address on {@code network}. */
    static String ip(final DockerPeer d, final String container, final String network)
    {
        return d.dockerOk("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}", container).trim();
    }

    /** {@code docker inspect}: the container's endpoint id on {@code network}. */
    static String endpointId(final DockerPeer d, final String container, final String network)
    {
        return d.dockerOk("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + network + "\").EndpointID}}", container)
            .trim();
    }

    /** An httpd serving /etc on port 80 (so {@code /passwd} answers 200). */
    static void runHttpd(final DockerPeer d, final String name, final String network, final int hostPort, final String... extra)
    {
        final List<String> args = new java.util.ArrayList<>(List.of("run", "-d", "--name", name, "--network", network,
            "-p", hostPort + ":80"));
        args.addAll(List.of(extra));
        args.addAll(List.of(IMAGE, "httpd", "-f", "-p", "80", "-h", "/etc"));
        d.dockerOk(args.toArray(String[]::new));
    }

    /** The HTTP status of {@code http://HOST:PORT/passwd} fetched from {@code client}. */
    static String httpStatus(final Lab.Host client, final String hostIp, final int port)
    {
        return client.exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "5",
            "http://" + hostIp + ":" + port + "/passwd").stdout().trim();
    }

    /**
     * A ping every 0.2 s from {@code container}'s namespace to {@code ip}, run from the lab host
     * with {@code nsenter --net=/proc/PID/ns/net}, so it needs neither dockerd nor Pontoon.
     */
    static Spawned startPinger(final DockerPeer d, final String container, final String ip)
    {
        final String pid = d.dockerOk("inspect", "-f", "{{.State.Pid}}", container).trim();
        final Spawned s = d.host().spawn("nsenter", "--net=/proc/" + pid + "/ns/net", "--", "stdbuf", "-oL", "ping", "-n",
            "-i", "0.2", ip);
        awaitReplies(s, 3);
        return s;
    }

    /** Waits until {@code more} further replies have arrived. */
    static void awaitReplies(final Spawned pinger, final int more)
    {
        final int start = sequences(pinger).size();
        Await.until(more + " more ping replies (" + pinger + ")", Duration.ofSeconds(60),
            () -> sequences(pinger).size() >= start + more);
    }

    /** Every ping so far got its reply: the sequence numbers received have no hole. */
    static void assertNoLoss(final Spawned pinger, final String what)
    {
        final TreeSet<Integer> seqs = sequences(pinger);
        assertFalse(seqs.isEmpty(), what + ": no replies at all\n" + pinger.output());
        final int expected = seqs.last() - seqs.first() + 1;
        assertEquals(expected, seqs.size(), what + ": ping lost " + (expected - seqs.size()) + " of " + expected
            + " packets\n" + pinger.output());
    }

    private static TreeSet<Integer> sequences(final Spawned pinger)
    {
        final TreeSet<Integer> out = new TreeSet<>();
        final Matcher m = SEQ.matcher(pinger.output());
        while (m.find())
        {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    /**
     * Docker's calls on {@code net} after a restart: the running {@code c1} reaches {@code c2} by
     * name (Docker's DNS), {@code c2}'s published 8080 answers {@code other}, a new container
     * (with a new published port) joins and is reached, {@code o1} (on another network) is
     * connected and disconnected.
     */
    static void assertDockerWorks(final DockerPeer d, final Lab.Host other, final String net, final String tag,
        final int newPort)
    {
        final String hostIp = d.host().underlayIp();
        assertTrue(d.docker("exec", "c1", "ping", "-c1", "-W2", "c2").ok(), tag + ": c1 -> c2 by name");
        Await.until(tag + ": published 8080 from another host", Duration.ofSeconds(20),
            () -> "200".equals(httpStatus(other, hostIp, 8080)));
        runHttpd(d, "w-" + tag, net, newPort);
        assertTrue(d.docker("exec", "w-" + tag, "ping", "-c1", "-W2", "c1").ok(), tag + ": new container -> c1");
        Await.until(tag + ": new published port " + newPort, Duration.ofSeconds(20),
            () -> "200".equals(httpStatus(other, hostIp, newPort)));
        final String c2 = ip(d, "c2", net);
        d.dockerOk("network", "connect", net, "o1");
        assertTrue(d.docker("exec", "o1", "ping", "-c1", "-W2", c2).ok(), tag + ": o1 after connect");
        d.dockerOk("network", "disconnect", net, "o1");
        assertFalse(d.docker("exec", "o1", "ping", "-c1", "-W1", c2).ok(), tag + ": o1 after disconnect");
    }

    /**
     * Nothing of a removed network is left: no link (its bridge, an endpoint's {@code ptv}/{@code
     * ptc} pair), no address in {@code subnetPrefix} (e.g. {@code "10.212.0."}), no nftables
     * rule, set or map element naming the bridge, the subnet or one of {@code ports}, and no
     * store key or value naming the network (id or name) or one of {@code endpointIds}.
     */
    static void assertNoTrace(final Lab.Host h, final PontoonDaemon p, final String netId, final String netName,
        final String subnetPrefix, final List<String> endpointIds, final List<Integer> ports)
    {
        final String bridge = "pt-" + netId.substring(0, 12);
        final String links = h.execOk("ip", "-o", "link", "show");
        assertFalse(links.contains(" " + bridge + ":") || links.contains(" " + bridge + "@"), bridge + " left\n" + links);
        for (final String ep : endpointIds)
        {
            final String s = ep.substring(0, 12);
            assertFalse(links.contains("ptv" + s) || links.contains("ptc" + s), "veth of endpoint " + s + " left\n" + links);
        }
        final String addrs = h.execOk("ip", "-o", "addr", "show");
        assertFalse(addrs.contains(subnetPrefix), "address in " + subnetPrefix + " left\n" + addrs);
        final String nft = h.execOk("nft", "-j", "list", "ruleset");
        assertFalse(nft.contains(bridge) || nft.contains(subnetPrefix), "nft still names " + bridge + " or " + subnetPrefix
            + "\n" + h.execOk("nft", "list", "ruleset"));
        for (final int port : ports)
        {
            assertFalse(Pattern.compile("[^0-9]" + port + "[^0-9]").matcher(nft).find(), "nft still has port " + port + "\n"
                + h.execOk("nft", "list", "ruleset"));
        }
        final String store = storeListing(p);
        assertFalse(store.isEmpty(), "the store lists nothing at all");
        for (final String s : concat(List.of(netId, "\"" + netName + "\"", bridge, subnetPrefix), endpointIds))
        {
            assertFalse(store.contains(s), "the store still mentions " + s + "\n" + store);
        }
        assertFalse(p.cliOk("network", "ls").contains(netName), p.cliOk("network", "ls"));
    }

    /**
     * {@code pontoon debug store}, every key and value (the IPAM's {@code pools-guard} key stays,
     * but its value names no pool: "-").
     */
    static String storeListing(final PontoonDaemon p)
    {
        return p.cliOk("debug", "store");
    }

    private static List<String> concat(final List<String> a, final List<String> b)
    {
        final List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
