// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount table of this mount namespace, {@code /proc/self/mountinfo}: each line is
 * "{@code ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS}", with
 * space, tab, newline and backslash in paths written as octal escapes ({@code \040}).
 */
public final class MountTable
{
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** One mount: where it is and its file-system type. */
    public record Mount(Path mountPoint, String fsType)
    {
    }

    private MountTable()
    {
    }

    /** Every mount, in mount order. */
    public static List<Mount> read()
    {
        try
        {
            return parse(Files.readString(MOUNTINFO));
        }
        catch (final IOException e)
        {
            throw new LabException("cannot read " + MOUNTINFO + ": " + e, e);
        }
    }

    /** Mount points at or below {@code dir}, in mount order (parents before what is mounted on them). */
    public static List<Path> under(final Path dir)
    {
        final Path d = dir.toAbsolutePath();
        return read().stream().map(Mount::mountPoint).filter(mp -> mp.startsWith(d)).toList();
    }

    /** The mounts of mountinfo text; malformed lines are skipped. */
    static List<Mount> parse(final String mountinfo)
    {
        final List<Mount> out = new ArrayList<>();
        for (final String line : mountinfo.split("\n"))
        {
            final String[] f = line.trim().split(" ");
            final int dash = List.of(f).indexOf("-");
            if (f.length > 4 && dash > 4 && dash + 1 < f.length)
            {
                out.add(new Mount(Path.of(unescape(f[4])), f[dash + 1]));
            }
        }
        return out;
    }

    private static String unescape(final String s)
    {
        if (s.indexOf('\\') < 0)
        {
            return s;
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7'))
            {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
