// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.netns.NetNs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh network namespaces for one privileged test, and iproute2 commands run inside them with
 * {@code nsenter --net=PATH}. Closing deletes every namespace it made (their links go with them).
 */
final class Lab implements AutoCloseable
{
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path dir;
    private final List<String> names = new ArrayList<>();
    private final List<NetNs> handles = new ArrayList<>();

    Lab()
    {
        try
        {
            dir = Files.createTempDirectory("pt-rtnl");
        }
        catch (final IOException e)
        {
            throw new IllegalStateException(e);
        }
    }

    /** A new, empty namespace named {@code pt<tag>-<pid>-<n>}. */
    NetNs ns(final String tag)
    {
        final String name = "pt" + tag + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        names.add(name);
        final NetNs ns = NetNs.create(dir, name);
        handles.add(ns);
        return ns;
    }

    /** Output of a command in {@code ns}; fails the test when it exits non-zero. */
    static String sh(final NetNs ns, final String... cmd)
    {
        final Result r = run(ns, cmd);
        if (r.exit() != 0)
        {
            throw new AssertionError(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.err());
        }
        return r.out();
    }

    static Result run(final NetNs ns, final String... cmd)
    {
        final List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + ns.path()));
        full.addAll(List.of(cmd));
        try
        {
            final Path err = Files.createTempFile("pt-lab", ".err");
            try
            {
                final Process p = new ProcessBuilder(full).redirectError(err.toFile()).start();
                final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS))
                {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + full);
                }
                return new Result(p.exitValue(), out, Files.readString(err));
            }
            finally
            {
                Files.deleteIfExists(err);
            }
        }
        catch (final IOException e)
        {
            throw new IllegalStateException(e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code ip -j ...} (or {@code bridge -j ...}) parsed as a list of objects. */
    static List<Map<String, Object>> json(final NetNs ns, final String... cmd)
    {
        return Json.list(sh(ns, cmd));
    }

    /** The {@code ip -d -j link show} object of one link, or null when it does not exist. */
    static Map<String, Object> link(final NetNs ns, final String name)
    {
        final Result r = run(ns, "ip", "-d", "-j", "link", "show", "dev", name);
        if (r.exit() != 0)
        {
            return null;
        }
        return Json.list(r.out()).getFirst();
    }

    /** Names of all links in {@code ns}, per {@code ip -j link show}. */
    static List<String> linkNames(final NetNs ns)
    {
        final List<String> out = new ArrayList<>();
        for (final Map<String, Object> l : json(ns, "ip", "-j", "link", "show"))
        {
            out.add((String) l.get("ifname"));
        }
        return out;
    }

    /** {@code obj.k1.k2...} in parsed JSON, or null when a step is missing. */
    @SuppressWarnings("unchecked")
    static Object at(final Object obj, final String... path)
    {
        Object o = obj;
        for (final String k : path)
        {
            if (!(o instanceof Map<?, ?> m))
            {
                return null;
            }
            o = ((Map<String, Object>) m).get(k);
        }
        return o;
    }

    /** Whether {@code ip -j} flags of a link contain {@code flag}. */
    static boolean hasFlag(final Map<String, Object> link, final String flag)
    {
        return link.get("flags") instanceof List<?> l && l.contains(flag);
    }

    @Override
    public void close()
    {
        for (final NetNs h : handles)
        {
            h.close();
        }
        for (final String n : names)
        {
            NetNs.delete(dir, n);
        }
        try
        {
            Files.deleteIfExists(dir);
        }
        catch (final IOException ignored)
        {
            // a leftover empty temp directory is harmless
        }
    }

    record Result(int exit, String out, String err)
    {
    }
}
