// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.EndpointView;
import io.pontoon.api.rest.NetworkView;
import io.pontoon.api.rest.PortView;
import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.daemon.HostState;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that what the daemon reports and what the kernel of its host holds agree, after
 * whatever happened before (a crash, a restart): every sandbox with its own namespace has its
 * namespace file and nothing else is in the netns directory; every endpoint's interface is in
 * its sandbox with the recorded address, and the first one holds the default route; addresses
 * are unique per network; the host has exactly one {@code ptv<12 hex>} veth per endpoint, one bridge and
 * one set of nft chains and dispatch elements per bridge network, and exactly the published
 * ports' DNAT elements.
 */
final class Consistency
{
    private static final Pattern PUB_ANY = Pattern.compile("(tcp|udp) \\. (\\d+) : ([0-9.]+) \\. (\\d+)");
    private static final Pattern FWD_TO = Pattern.compile("\"([^\"]+)\" : jump n_([0-9a-f]{12})_to");
    private static final Pattern CHAIN = Pattern.compile("chain n_([0-9a-f]{12})_(to|from|post_to|post_from) ");

    private Consistency()
    {
    }

    /** {@code pontoon rm -f} every sandbox, then {@code pontoon network rm} every network named {@code prefix*}. */
    static void removeAll(final PontoonDaemon d, final String prefix)
    {
        final List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        d.sandboxes().forEach(s -> rm.add(s.id()));
        if (rm.size() > 2)
        {
            d.cliOk(rm.toArray(String[]::new));
        }
        final List<String> nets = new ArrayList<>(List.of("network", "rm"));
        d.networks().stream().filter(n -> n.name().startsWith(prefix)).forEach(n -> nets.add(n.name()));
        if (nets.size() > 2)
        {
            d.cliOk(nets.toArray(String[]::new));
        }
    }

    /** Every disagreement found, one per line; empty when the daemon and the kernel agree. */
    static List<String> problems(final PontoonDaemon d)
    {
        final Lab.Host h = d.host();
        final List<String> out = new ArrayList<>();
        final List<SandboxView> sandboxes = d.sandboxes();
        final List<NetworkView> networks = d.networks();

        final Set<String> ownNs = new TreeSet<>();
        int endpoints = 0;
        final Set<String> expectedPub = new TreeSet<>();
        for (final SandboxView s : sandboxes)
        {
            if (s.netnsPath() != null && !s.mode().startsWith("container:"))
            {
                ownNs.add(s.id());
                if (!Files.exists(Path.of(s.netnsPath())))
                {
                    out.add("sandbox " + s.name() + ": namespace file " + s.netnsPath() + " is missing");
                    continue;
                }
            }
            if (s.endpoints().isEmpty())
            {
                continue;
            }
            final String addrs = d.nsExec(s, "ip", "-o", "-4", "addr", "show").stdout();
            for (final EndpointView e : s.endpoints())
            {
                endpoints++;
                if (!addrs.matches("(?s).*: " + e.iface() + " +inet " + Pattern.quote(e.ipAddress()) + " .*"))
                {
                    out.add("sandbox " + s.name() + ": no " + e.ipAddress() + " on " + e.iface() + " (has: " + addrs.strip() + ")");
                }
            }
            final EndpointView first = s.endpoints().get(0);
            final String routes = d.nsExec(s, "ip", "route").stdout();
            if (first.gateway() != null && !routes.contains("default via " + first.gateway() + " dev " + first.iface()))
            {
                out.add("sandbox " + s.name() + ": no default route via " + first.gateway() + " (has: " + routes.strip() + ")");
            }
            for (final PortView p : s.ports())
            {
                if (p.hostIp() == null)
                {
                    final String ip = first.ipAddress().substring(0, first.ipAddress().indexOf('/'));
                    expectedPub.add(p.protocol() + " . " + p.hostPort() + " : " + ip + " . " + p.containerPort());
                }
            }
        }
        final List<String> files = list(d.netnsDir());
        if (!new TreeSet<>(files).equals(ownNs))
        {
            out.add("netns files " + files + " but sandboxes with their own namespace " + ownNs);
        }

        final Set<String> bridges = new TreeSet<>();
        final Set<String> chainIds = new TreeSet<>();
        for (final NetworkView n : networks)
        {
            if (!n.driver().equals("bridge"))
            {
                continue;
            }
            final String br = n.options().getOrDefault("com.docker.network.bridge.name",
                n.name().equals("bridge") ? "pontoon0" : "pt-" + n.id().substring(0, 12));
            bridges.add(br);
            chainIds.add(n.id().substring(0, 12));
            final Set<String> seen = new HashSet<>();
            for (final var e : n.endpoints())
            {
                if (e.ipAddress() != null && !seen.add(e.ipAddress()))
                {
                    out.add("network " + n.name() + ": address " + e.ipAddress() + " given twice");
                }
            }
        }
        final List<String> links = HostState.links(h);
        final long veths = links.stream().filter(l -> l.split(" ")[0].matches("ptv[0-9a-f]{12}")).count();
        if (veths != endpoints)
        {
            out.add(endpoints + " endpoints but " + veths + " ptv links: " + links);
        }
        final Set<String> hostBridges = new TreeSet<>();
        for (final String l : links)
        {
            final String name = l.split(" ")[0];
            if (name.matches("pt-[0-9a-f]{12}") || name.equals("pontoon0") || bridges.contains(name))
            {
                hostBridges.add(name);
            }
        }
        if (!hostBridges.equals(bridges))
        {
            out.add("bridges on the host " + hostBridges + " but networks' bridges " + bridges);
        }
        final String ruleset = h.execOk("nft", "list", "table", "ip", "pontoon").replaceAll("\\s+", " ");
        final Set<String> fwdTo = new TreeSet<>();
        final Matcher f = FWD_TO.matcher(ruleset);
        while (f.find())
        {
            fwdTo.add(f.group(1));
        }
        if (!fwdTo.equals(bridges))
        {
            out.add("fwd_to elements " + fwdTo + " but networks' bridges " + bridges);
        }
        final Set<String> chains = new TreeSet<>();
        final Matcher c = CHAIN.matcher(ruleset);
        while (c.find())
        {
            chains.add(c.group(1));
        }
        if (!chains.equals(chainIds))
        {
            out.add("network chains for " + chains + " but bridge networks " + chainIds);
        }
        final String pubAny = h.execOk("nft", "list", "map", "ip", "pontoon", "pub_any").replaceAll("\\s+", " ");
        final Set<String> pub = new TreeSet<>();
        final Matcher m = PUB_ANY.matcher(pubAny);
        while (m.find())
        {
            pub.add(m.group(1) + " . " + m.group(2) + " : " + m.group(3) + " . " + m.group(4));
        }
        if (!pub.equals(expectedPub))
        {
            out.add("pub_any elements " + pub + " but published ports " + expectedPub);
        }
        return out;
    }

    private static List<String> list(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir))
        {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        catch (final IOException e)
        {
            throw new IllegalStateException(e);
        }
    }
}
