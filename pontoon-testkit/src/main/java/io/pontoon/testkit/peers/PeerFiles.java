// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Commands;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;
import io.pontoon.testkit.MountTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names, directories and mounts of peers. Every peer gets an id {@code KIND-PIDnSEQ} and a
 * directory {@code /tmp/pt-ID} (short, because Unix socket paths below it are limited to 107
 * bytes); removing it first unmounts whatever the root mount namespace still has below it.
 */
final class PeerFiles
{
    /** Where peer directories go. Not {@code java.io.tmpdir}: that may be long or not support overlayfs. */
    static final Path BASE = Path.of("/tmp");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private PeerFiles()
    {
    }

    /**
     * Reserves a fresh id {@code KIND-PIDnSEQ} (e.g. {@code dk-4711n3}: the kind, this JVM's pid,
     * a counter) by creating directory {@code base/pt-ID}, mode 0700, skipping names a dead JVM
     * with the same pid left. The first call in a JVM first removes {@link StalePeers}.
     */
    static String reserve(final String kind, final Path base)
    {
        StalePeers.reapOnce();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final String id = kind + "-" + ProcessHandle.current().pid() + "n" + SEQUENCE.incrementAndGet();
            try
            {
                Files.createDirectory(base.resolve("pt-" + id), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                return id;
            }
            catch (final FileAlreadyExistsException e)
            {
                // left by an earlier JVM with our pid; try the next number
            }
            catch (final IOException e)
            {
                throw new LabException("cannot create a peer directory in " + base + ": " + e, e);
            }
        }
        throw new LabException("no free peer directory name in " + base + " after 100 tries");
    }

    static void mkdirs(final Path d)
    {
        try
        {
            Files.createDirectories(d);
        }
        catch (final IOException e)
        {
            throw new LabException("cannot create " + d + ": " + e, e);
        }
    }

    static void write(final Path file, final String text)
    {
        try
        {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new LabException("cannot write " + file + ": " + e, e);
        }
    }

    /** Mount points at or below {@code dir} in this (the root) mount namespace, deepest first. */
    static List<Path> mountsUnder(final Path dir)
    {
        final List<Path> out = new ArrayList<>(MountTable.under(dir));
        out.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return out;
    }

    /**
     * Unmounts everything below {@code dir} ({@code umount}, then {@code umount -l} if busy) and
     * deletes it with {@code rm -rf --one-file-system}, so a mount that survived is never
     * descended into. Problems go to {@code problems}.
     */
    static void removeDir(final Path dir, final List<String> problems)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        for (final Path mp : mountsUnder(dir))
        {
            if (!Commands.run(List.of("umount", mp.toString()), Lab.DEFAULT_TIMEOUT).ok())
            {
                final ExecResult lazy = Commands.run(List.of("umount", "-l", mp.toString()), Lab.DEFAULT_TIMEOUT);
                if (!lazy.ok())
                {
                    problems.add("umount " + mp + ": " + lazy.describe());
                }
            }
        }
        final ExecResult rm = Commands.run(List.of("rm", "-rf", "--one-file-system", dir.toString()), Duration.ofSeconds(60));
        if (!rm.ok() || Files.exists(dir))
        {
            problems.add("rm -rf " + dir + ": " + rm.describe());
        }
    }
}
