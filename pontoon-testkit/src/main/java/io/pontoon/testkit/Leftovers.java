// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Kernel objects visible from the root namespace that Pontoon or its tests may have left
 * behind: root-namespace links ({@code ip -o link show}), named namespaces
 * ({@code ip netns list}), entries of Pontoon's own netns directory, and nftables tables
 * ({@code nft list tables}, as {@code FAMILY NAME}).
 */
public record Leftovers(List<String> links, List<String> namespaces, List<String> pontoonNamespaces, List<String> nftTables)
{
    /** Name prefixes of everything Pontoon and its tests create. */
    public static final List<String> PREFIXES = List.of("pt", "pontoon");
    /** Where the daemon pins sandbox namespaces; every entry in it counts as Pontoon's. */
    public static final Path PONTOON_NETNS_DIR = Path.of("/run/pontoon/netns");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    public Leftovers
    {
        links = List.copyOf(links);
        namespaces = List.copyOf(namespaces);
        pontoonNamespaces = List.copyOf(pontoonNamespaces);
        nftTables = List.copyOf(nftTables);
    }

    /** Everything that exists now, Pontoon's or not. Must run in the root namespace. */
    public static Leftovers snapshot()
    {
        return new Leftovers(
            parseLinks(Commands.runOk(List.of("ip", "-o", "link", "show"), TIMEOUT).stdout()),
            parseNetns(Commands.runOk(List.of("ip", "netns", "list"), TIMEOUT).stdout()),
            listDir(PONTOON_NETNS_DIR),
            parseNftTables(Commands.runOk(List.of("nft", "list", "tables"), TIMEOUT).stdout()));
    }

    /** What exists now and looks like Pontoon's: {@code snapshot().ours()}. */
    public static Leftovers now()
    {
        return snapshot().ours();
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

    /** Only the names with a Pontoon prefix (all of {@link #pontoonNamespaces()}). */
    public Leftovers ours()
    {
        final Predicate<String> p = Leftovers::hasPrefix;
        return new Leftovers(filter(links, p), filter(namespaces, p), pontoonNamespaces,
            filter(nftTables, t -> hasPrefix(t.substring(t.indexOf(' ') + 1))));
    }

    /** What is in both this and {@code other}. */
    public Leftovers retainAll(final Leftovers other)
    {
        return new Leftovers(filter(links, other.links::contains), filter(namespaces, other.namespaces::contains),
            filter(pontoonNamespaces, other.pontoonNamespaces::contains), filter(nftTables, other.nftTables::contains));
    }

    /** What is in this and not in {@code earlier}: what appeared since that snapshot. */
    public Leftovers minus(final Leftovers earlier)
    {
        return new Leftovers(filter(links, x -> !earlier.links.contains(x)), filter(namespaces, x -> !earlier.namespaces.contains(x)),
            filter(pontoonNamespaces, x -> !earlier.pontoonNamespaces.contains(x)), filter(nftTables, x -> !earlier.nftTables.contains(x)));
    }

    public boolean isEmpty()
    {
        return links.isEmpty() && namespaces.isEmpty() && pontoonNamespaces.isEmpty() && nftTables.isEmpty();
    }

    @Override
    public String toString()
    {
        return "links " + links + ", netns " + namespaces + ", " + PONTOON_NETNS_DIR + " " + pontoonNamespaces + ", nft tables " + nftTables;
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
