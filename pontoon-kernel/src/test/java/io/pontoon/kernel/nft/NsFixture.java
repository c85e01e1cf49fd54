// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import io.pontoon.kernel.netns.NetNs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh network namespace for one privileged test, pinned under a temporary directory with a
 * unique name (prefix {@code pt}, pid, counter), plus a way to run tools inside it through
 * {@code nsenter --net=PATH}. {@link #close()} removes it.
 */
public final class NsFixture implements AutoCloseable
{
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path dir;
    private final String name;
    private final NetNs ns;

    private NsFixture(final Path dir, final String name, final NetNs ns)
    {
        this.dir = dir;
        this.name = name;
        this.ns = ns;
    }

    public static NsFixture create(final String tag)
    {
        try
        {
            final Path dir = Files.createTempDirectory("pt-ns");
            final String name = "pt-" + tag + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
            return new NsFixture(dir, name, NetNs.create(dir, name));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    public NetNs ns()
    {
        return ns;
    }

    public Path path()
    {
        return ns.path();
    }

    /** A process result: exit status and output. */
    public record Result(int status, String out, String err)
    {
    }

    /** Runs {@code cmd} inside the namespace; never throws on a non-zero exit. */
    public Result run(final String... cmd)
    {
        final List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + path(), "--"));
        argv.addAll(List.of(cmd));
        try
        {
            final Process p = new ProcessBuilder(argv).redirectErrorStream(false).start();
            p.getOutputStream().close();
            final CompletableFuture<byte[]> errF = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            final byte[] out = p.getInputStream().readAllBytes();
            final byte[] err = errF.join();
            if (!p.waitFor(60, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + ": no exit within 60 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] drain(final InputStream in)
    {
        try (in)
        {
            return in.readAllBytes();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code cmd} inside the namespace and returns stdout; a non-zero exit throws. */
    public String sh(final String... cmd)
    {
        final Result r = run(cmd);
        if (r.status() != 0)
        {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.status() + "): " + r.err() + r.out());
        }
        return r.out();
    }

    /** JSON text with all whitespace removed, so tests can look for fragments like {@code "concat":["10.0.0.1",80]}. */
    public static String compact(final String json)
    {
        return json.replaceAll("\\s+", "");
    }

    @Override
    public void close()
    {
        try
        {
            ns.close();
        }
        finally
        {
            NetNs.delete(dir, name);
            try
            {
                Files.deleteIfExists(dir);
            }
            catch (final IOException ignored)
            {
                // a leftover empty temp directory is harmless
            }
        }
    }
}
