// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.daemon;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherTest
{
    @Test
    void theRepoRootIsTheParentPomNotAModuleNamingItAsParent()
    {
        final Path root = Launcher.repoRoot();
        assertTrue(Files.isRegularFile(root.resolve("pontoon-cli/src/main/sh/pontoon")), root.toString());
        assertTrue(Path.of("").toAbsolutePath().startsWith(root), "found above the working directory: " + root);
        assertTrue(Files.isRegularFile(Path.of("pom.xml")), "the module's own pom.xml, which names pontoon-parent as parent, was skipped");
    }
}
