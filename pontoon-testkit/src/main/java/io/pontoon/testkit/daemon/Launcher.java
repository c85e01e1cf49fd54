// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.daemon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the source tree's {@code pontoon} launcher ({@code pontoon-cli/src/main/sh/pontoon}) and
 * checks that {@code mvn package} has built the jars it needs (the CLI's and the daemon's).
 */
public final class Launcher
{
    private static final String PARENT_MARKER = "<artifactId>pontoon-parent</artifactId>";

    private Launcher()
    {
    }

    /**
     * The repository root: the nearest directory at or above the working directory whose
     * {@code pom.xml} is {@code pontoon-parent} itself (not a module naming it as its parent).
     */
    public static Path repoRoot()
    {
        final Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent())
        {
            final Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).replaceAll("(?s)<parent>.*?</parent>", "").contains(PARENT_MARKER))
            {
                return dir;
            }
        }
        throw new IllegalStateException("no pom.xml of pontoon-parent at or above " + start);
    }

    /** The launcher script, after checking that the jars it runs exist. */
    public static Path script()
    {
        final Path root = repoRoot();
        final Path sh = root.resolve("pontoon-cli/src/main/sh/pontoon");
        if (!Files.isExecutable(sh))
        {
            throw new IllegalStateException("launcher missing or not executable: " + sh);
        }
        requireJar(root.resolve("pontoon-cli/target"), "pontoon-cli", root);
        requireJar(root.resolve("pontoon-daemon/target"), "pontoon-daemon", root);
        return sh;
    }

    private static void requireJar(final Path dir, final String artifact, final Path root)
    {
        if (Files.isDirectory(dir))
        {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, artifact + "-*.jar"))
            {
                for (final Path p : s)
                {
                    final String n = p.getFileName().toString();
                    if (!n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar") && !n.endsWith("-tests.jar")
                        && Files.isDirectory(dir.resolve("lib")))
                    {
                        return;
                    }
                }
            }
            catch (final IOException e)
            {
                throw new IllegalStateException("cannot list " + dir + ": " + e, e);
            }
        }
        throw new IllegalStateException(artifact + " is not packaged (no " + dir + "/" + artifact
            + "-*.jar with lib/); run 'mvn -pl pontoon-it -am package' in " + root);
    }

    private static String read(final Path p)
    {
        try
        {
            return Files.readString(p);
        }
        catch (final IOException e)
        {
            return "";
        }
    }
}
