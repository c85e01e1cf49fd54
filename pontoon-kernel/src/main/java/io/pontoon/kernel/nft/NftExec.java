// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code nft} executable, inside a namespace through {@code nsenter --net=PATH} (a child
 * process cannot inherit a namespace from a JVM thread safely, and nsenter does the setns before
 * exec). Output is collected whole; a run that takes longer than {@link #TIMEOUT_SECONDS} is killed.
 */
final class NftExec
{
    static final long TIMEOUT_SECONDS = 60;
    private static final String NFT = firstExisting("/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft");
    private static final String NSENTER = firstExisting("/usr/bin/nsenter", "/bin/nsenter", "/usr/sbin/nsenter");

    private final Path netns;
    private final String nft;

    /** {@code netns} null means the JVM's own namespace. */
    NftExec(final Path netns)
    {
        this(netns, NFT);
    }

    /** With another {@code nft} executable (tests prove the fast path never spawns one). */
    NftExec(final Path netns, final String nft)
    {
        this.netns = netns;
        this.nft = nft;
    }

    private static String firstExisting(final String... paths)
    {
        for (final String p : paths)
        {
            if (Files.isExecutable(Path.of(p)))
            {
                return p;
            }
        }
        return Path.of(paths[0]).getFileName().toString();
    }

    /** The argv for {@code nft ARGS...} in this namespace. */
    List<String> command(final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        if (netns != null)
        {
            cmd.add(NSENTER);
            cmd.add("--net=" + netns);
            cmd.add("--");
        }
        cmd.add(nft);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code nft ARGS...} with {@code stdin} (may be null) and returns its stdout. */
    String run(final String stdin, final String... args)
    {
        final List<String> cmd = command(args);
        final String shown = String.join(" ", cmd);
        final Process p;
        try
        {
            p = new ProcessBuilder(cmd).start();
        }
        catch (final IOException e)
        {
            throw new NftException(shown, 127, e.toString());
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Thread outReader = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
        final Thread errReader = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
        try
        {
            feed(p.getOutputStream(), stdin);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                throw new NftException(shown, -1, "no exit within " + TIMEOUT_SECONDS + " s");
            }
            outReader.join();
            errReader.join();
            if (p.exitValue() != 0)
            {
                throw new NftException(shown, p.exitValue(), err.toString(StandardCharsets.UTF_8));
            }
            return out.toString(StandardCharsets.UTF_8);
        }
        catch (final InterruptedException e)
        {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NftException(shown, -1, "interrupted");
        }
    }

    /** Writes the script and closes stdin; a broken pipe means nft already quit, and its exit status says why. */
    private static void feed(final OutputStream in, final String stdin)
    {
        try (in)
        {
            if (stdin != null)
            {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        catch (final IOException ignored)
        {
            // reported through the exit status and stderr
        }
    }

    private static void copy(final InputStream in, final ByteArrayOutputStream out)
    {
        try (in)
        {
            in.transferTo(out);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
