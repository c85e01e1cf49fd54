// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.daemon;

import io.pontoon.api.json.Json;
import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a daemon's host holds, in forms that compare exactly: links with their masters
 * ({@code ip -o link}), IPv4 addresses ({@code ip -o -4 addr}), IPv4 routes, the whole
 * {@code nft list ruleset}, the namespace files under the daemon's run directory, {@code pontoon
 * network ls}, {@code pontoon ps --format json}, the daemon's store ({@code pontoon debug store}
 * as {@code KEY=VALUE} lines, see {@link #store(PontoonDaemon)}), and inside each sandbox its
 * IPv4 addresses and routes. Addresses are compared without the interface index, which a link
 * made again gets anew. Two snapshots around a failed command prove it left nothing
 * half-created (no leaked address, port reservation or name key either); around a restart, that
 * the restart duplicated and lost nothing.
 */
public record HostState(List<String> links, List<String> addresses, List<String> routes, String nftRuleset,
    List<String> netnsFiles, String networks, String sandboxes, List<String> store, Map<String, String> insideSandboxes)
{
    /**
     * Store keys left out of {@link #store(PontoonDaemon)}: the IPAM's next-fit cursor moves on
     * a dynamic allocation even when the command then fails and gives the address back (as
     * Docker's does); it is a hint, not state anything owns.
     */
    private static final String CURSORS = "/ipam/cursors/";

    public HostState
    {
        links = List.copyOf(links);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        netnsFiles = List.copyOf(netnsFiles);
        store = List.copyOf(store);
        insideSandboxes = Map.copyOf(insideSandboxes);
    }

    /** Takes a snapshot; the daemon must be running (it is asked for networks and sandboxes). */
    public static HostState of(final PontoonDaemon d)
    {
        final Lab.Host h = d.host();
        final Map<String, String> inside = new TreeMap<>();
        for (final SandboxView s : d.sandboxes())
        {
            if (s.netnsPath() != null && s.mode() != null && !s.mode().startsWith("container:"))
            {
                inside.put(s.name(), String.join("\n", addresses(ok(d.nsExec(s, "ip", "-o", "-4", "addr", "show")))) + "\n"
                    + ok(d.nsExec(s, "ip", "-4", "route", "show")));
            }
        }
        return new HostState(links(h), addresses(h.execOk("ip", "-o", "-4", "addr", "show")), routes(h.execOk("ip", "-4", "route", "show")),
            h.execOk("nft", "list", "ruleset"), files(d.netnsDir()), d.cliOk("network", "ls"), d.cliOk("ps", "--format", "json"),
            store(d), inside);
    }

    /**
     * Every key of the daemon's store as {@code KEY=VALUE}, sorted ({@code pontoon debug store
     * --format json}); the volatile {@code modRevision} is dropped, and so are the IPAM cursors
     * ({@link #CURSORS}).
     */
    public static List<String> store(final PontoonDaemon d)
    {
        if (!(Json.parse(d.cliOk("debug", "store", "--format", "json")) instanceof List<?> entries))
        {
            throw new AssertionError("pontoon debug store --format json did not print an array");
        }
        final List<String> out = new ArrayList<>();
        for (final Object o : entries)
        {
            final Map<?, ?> m = (Map<?, ?>) o;
            final String key = String.valueOf(m.get("key"));
            if (!key.contains(CURSORS))
            {
                out.add(key + "=" + m.get("value"));
            }
        }
        out.sort(null);
        return out;
    }

    /** Each line of {@code ip -o link show} as {@code NAME[ master BRIDGE][ mtu N]}, sorted. */
    public static List<String> links(final Lab.Host h)
    {
        final List<String> out = new ArrayList<>();
        for (final String line : lines(h.execOk("ip", "-o", "link", "show")))
        {
            final String[] f = line.split(": ", 3);
            if (f.length < 3)
            {
                continue;
            }
            final int at = f[1].indexOf('@');
            final StringBuilder b = new StringBuilder(at < 0 ? f[1] : f[1].substring(0, at));
            final String[] w = f[2].split("\\s+");
            for (int i = 0; i + 1 < w.length; i++)
            {
                if (w[i].equals("master") || w[i].equals("mtu"))
                {
                    b.append(' ').append(w[i]).append(' ').append(w[i + 1]);
                }
            }
            out.add(b.toString());
        }
        out.sort(null);
        return out;
    }

    /**
     * {@code ip -o -4 addr} lines without the leading interface index: a link deleted and made
     * again by the daemon has a new index but the same configuration.
     */
    private static List<String> addresses(final String text)
    {
        return lines(text).stream().map(l -> l.replaceFirst("^\\d+: ", "")).toList();
    }

    /** Route lines without the {@code linkdown} flag, which follows a bridge's carrier, not its configuration. */
    private static List<String> routes(final String text)
    {
        return lines(text).stream().map(l -> l.replace(" linkdown", "")).toList();
    }

    /** What differs from {@code other}, one line per field that does; empty when equal. */
    public String diff(final HostState other)
    {
        final StringBuilder b = new StringBuilder();
        diff(b, "links", links, other.links);
        diff(b, "addresses", addresses, other.addresses);
        diff(b, "routes", routes, other.routes);
        diff(b, "netns files", netnsFiles, other.netnsFiles);
        diff(b, "nft ruleset", lines(nftRuleset), lines(other.nftRuleset));
        diff(b, "network ls", lines(networks), lines(other.networks));
        diff(b, "ps --format json", lines(sandboxes), lines(other.sandboxes));
        diff(b, "store", store, other.store);
        if (!insideSandboxes.equals(other.insideSandboxes))
        {
            b.append("inside sandboxes: was ").append(insideSandboxes).append("\n  now ").append(other.insideSandboxes).append('\n');
        }
        return b.toString();
    }

    private static void diff(final StringBuilder b, final String what, final List<String> was, final List<String> now)
    {
        if (was.equals(now))
        {
            return;
        }
        final List<String> gone = new ArrayList<>(was);
        gone.removeAll(now);
        final List<String> added = new ArrayList<>(now);
        added.removeAll(was);
        b.append(what).append(" changed: gone ").append(gone).append(", added ").append(added);
        if (gone.isEmpty() && added.isEmpty())
        {
            b.append(" (same lines, other order or count: was ").append(was).append(", now ").append(now).append(')');
        }
        b.append('\n');
    }

    private static String ok(final ExecResult r)
    {
        if (!r.ok())
        {
            throw new AssertionError("command in a sandbox failed\n" + r.describe());
        }
        return r.stdout();
    }

    static List<String> lines(final String text)
    {
        return Stream.of(text.split("\n")).map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> files(final Path dir)
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
            throw new IllegalStateException("cannot list " + dir + ": " + e, e);
        }
    }
}
