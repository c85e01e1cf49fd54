// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only pontoon-kernel may touch java.lang.foreign: the native boundary stays in one module. */
class ForeignImportBoundaryTest
{
    @Test
    void onlyTheKernelModuleImportsJavaLangForeign() throws IOException
    {
        final Path root = Path.of("..").toAbsolutePath().normalize();
        final List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator)
            {
                final String rel = root.relativize(f).toString();
                if (rel.contains("/target/") || rel.startsWith("pontoon-kernel/"))
                {
                    continue;
                }
                scanned++;
                if (Files.readString(f).contains("java.lang.foreign"))
                {
                    offenders.add(rel);
                }
            }
        }
        assertTrue(scanned > 5, "scanned too few sources (" + scanned + ") from " + root);
        assertEquals(List.of(), offenders.stream().filter(o -> !o.endsWith("ForeignImportBoundaryTest.java")).toList());
    }
}
