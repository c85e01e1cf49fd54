// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kernel objects visible from the root namespace that Pontoon or its tests may have left
 * behind: root-namespace links ({@code ip -o link show}), named namespaces
 * ({@code ip netns list}), entries of Pontoon's own netns directory, nftables tables
 * ({@code nft list tables}, as {@code FAMILY NAME}), and namespaces pinned by a bind mount
 * anywhere else ({@code nsfs} mounts in {@code /proc/self/mountinfo}, as mount points), where
 * kernel tests, benchmarks and test daemons pin theirs ({@code /tmp/pt-rtnl*}, {@code /tmp/pt-ns*},
 * {@code /tmp/pt-bench*}, {@code /tmp/pt-d-*}/run/netns).
 */
public record Leftovers(List<String> links, List<String> namespaces, List<String> pontoonNamespaces, List<String> nftTables,
    List<String> nsPins)
{
    /** Name prefixes of everything Pontoon and its tests create. */
    public static final List<String> PREFIXES = List.of("pt", "pontoon");
    /** Where the daemon pins sandbox namespaces; every entry in it counts as Pontoon's. */
    public static final Path PONTOON_NETNS_DIR = Path.of("/run/pontoon/netns");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LAB_NS = Pattern.compile(Pattern.quote(Lab.PREFIX) + "([0-9]{1,10})n[0-9]+-.+");

    public Leftovers
    {
        links = List.copyOf(links);
        namespaces = List.copyOf(namespaces);
        pontoonNamespaces = List.copyOf(pontoonNamespaces);
        nftTables = List.copyOf(nftTables);
        nsPins = List.copyOf(nsPins);
    }

    /** Everything that exists now, Pontoon's or not. Must run in the root namespace. */
    public static Leftovers snapshot()
    {
        return new Leftovers(
            parseLinks(Commands.runOk(List.of("ip", "-o", "link", "show"), TIMEOUT).stdout()),
            parseNetns(Commands.runOk(List.of("ip", "netns", "list"), TIMEOUT).stdout()),
            listDir(PONTOON_NETNS_DIR),
            parseNftTables(Commands.runOk(List.of("nft", "list", "tables"), TIMEOUT).stdout()),
            NsPins.snapshot(List.of(Lab.NETNS_DIR, PONTOON_NETNS_DIR)));
    }

    /**
     * What exists now and looks like Pontoon's: {@code snapshot().ours()}, less what another
     * build running at the same time is using: pinned namespaces a live process outside this
     * JVM's process tree is in or holds open, and lab namespaces ({@code pt-lab-PIDnSEQ-HOST})
     * whose creating JVM is another live Java process.
     */
    public static Leftovers now()
    {
        final Leftovers ours = snapshot().ours();
        final Set<String> busy = NsPins.heldElsewhere(ours.nsPins);
        return new Leftovers(ours.links, filter(ours.namespaces, n -> !ofAnotherLiveJvm(n)), ours.pontoonNamespaces,
            ours.nftTables, filter(ours.nsPins, p -> !busy.contains(p)));
    }

    /** Whether {@code ns} is a lab namespace created by a Java process that is alive and is not this one. */
    static boolean ofAnotherLiveJvm(final String ns)
    {
        final Matcher m = LAB_NS.matcher(ns);
        if (!m.matches())
        {
            return false;
        }
        final long pid = Long.parseLong(m.group(1));
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid)
            .flatMap(p -> p.info().command()).filter(c -> c.endsWith("/java")).isPresent();
    }

    /**
     * What stays for the whole {@code window}: the intersection of {@link #now()} taken every
     * 250 ms, returned early once it is empty. Objects of tests that run concurrently (other
     * modules, other builds) come and go; real leftovers persist.
     */
    public static Leftovers persisting(final Duration window)
    {
        final long deadline = System.nanoTime() + window.toNanos();
        Leftovers seen = now();
        while (!seen.isEmpty() && System.nanoTime() < deadline)
        {
            Await.pause(Duration.ofMillis(250));
            seen = seen.retainAll(now());
        }
        return seen;
    }

    /**
     * Only the names with a Pontoon prefix (all of {@link #pontoonNamespaces()}), and the pins
     * with a Pontoon prefix on any element of their path.
     */
    public Leftovers ours()
    {
        final Predicate<String> p = Leftovers::hasPrefix;
        return new Leftovers(filter(links, p), filter(namespaces, p), pontoonNamespaces,
            filter(nftTables, t -> hasPrefix(t.substring(t.indexOf(' ') + 1))), filter(nsPins, NsPins::looksOurs));
    }

    /** Without the pins at {@code own}: namespaces the caller pinned itself and still uses. */
    public Leftovers excluding(final Collection<Path> own)
    {
        final Set<String> skip = new HashSet<>();
        own.forEach(o -> skip.add(o.toString()));
        return withPins(filter(nsPins, x -> !skip.contains(x)));
    }

    private Leftovers withPins(final List<String> pins)
    {
        return new Leftovers(links, namespaces, pontoonNamespaces, nftTables, pins);
    }

    /** What is in both this and {@code other}. */
    public Leftovers retainAll(final Leftovers other)
    {
        return new Leftovers(filter(links, other.links::contains), filter(namespaces, other.namespaces::contains),
            filter(pontoonNamespaces, other.pontoonNamespaces::contains), filter(nftTables, other.nftTables::contains),
            filter(nsPins, other.nsPins::contains));
    }

    /** What is in this and not in {@code earlier}: what appeared since that snapshot. */
    public Leftovers minus(final Leftovers earlier)
    {
        return new Leftovers(filter(links, x -> !earlier.links.contains(x)), filter(namespaces, x -> !earlier.namespaces.contains(x)),
            filter(pontoonNamespaces, x -> !earlier.pontoonNamespaces.contains(x)), filter(nftTables, x -> !earlier.nftTables.contains(x)),
            filter(nsPins, x -> !earlier.nsPins.contains(x)));
    }

    public boolean isEmpty()
    {
        return links.isEmpty() && namespaces.isEmpty() && pontoonNamespaces.isEmpty() && nftTables.isEmpty() && nsPins.isEmpty();
    }

    @Override
    public String toString()
    {
        return "links " + links + ", netns " + namespaces + ", " + PONTOON_NETNS_DIR + " " + pontoonNamespaces + ", nft tables " + nftTables
            + ", pinned namespaces " + nsPins;
    }

    static boolean hasPrefix(final String name)
    {
        return PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** Names from {@code ip -o link show}: "{@code 7: pt-a@if6: <...> ...}" gives {@code pt-a}. */
    static List<String> parseLinks(final String out)
    {
        final List<String> names = new ArrayList<>();
        for (final String line : out.split("\n"))
        {
            final String[] f = line.split(": ", 3);
            if (f.length >= 2)
            {
                final int at = f[1].indexOf('@');
                names.add((at < 0 ? f[1] : f[1].substring(0, at)).trim());
            }
        }
        return names;
    }

    /** Names from {@code ip netns list}: "{@code pt-x (id: 3)}" gives {@code pt-x}. */
    static List<String> parseNetns(final String out)
    {
        return Stream.of(out.split("\n")).map(String::trim).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+")[0]).toList();
    }

    /** Tables from {@code nft list tables}: "{@code table inet pontoon}" gives {@code inet pontoon}. */
    static List<String> parseNftTables(final String out)
    {
        return Stream.of(out.split("\n")).map(String::trim).filter(l -> l.startsWith("table "))
            .map(l -> l.substring("table ".length()).trim()).toList();
    }

    private static List<String> listDir(final Path dir)
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
            throw new LabException("cannot list " + dir + ": " + e, e);
        }
    }

    private static List<String> filter(final List<String> xs, final Predicate<String> keep)
    {
        return xs.stream().filter(keep).toList();
    }
}
