// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.kernel.netns.NetNs;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.Leftovers;
import io.pontoon.testkit.Privileged;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs last (see {@code junit-platform.properties}) and fails if any test of this build left a
 * Pontoon object in the root namespace: a namespace or link named {@code pt*}/{@code pontoon*},
 * an nftables table with such a name, an entry in {@code /run/pontoon/netns}, or a namespace
 * pinned anywhere else under a {@code pt*}/{@code pontoon*} path ({@code /tmp/pt-ns*},
 * {@code /tmp/pt-rtnl*}, {@code /tmp/pt-bench*}, a test daemon's run directory). Objects of
 * builds running at the same time come and go, so only what persists for a while counts, and a
 * pinned namespace that a process outside this JVM is using is another build's, not a leftover.
 */
@Privileged
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeftoversIT
{
    private static final Duration WINDOW = Duration.ofSeconds(15);

    @Test
    @Order(1)
    void theDetectorSeesANamespaceThatIsLeftAndForgetsItOnceRemoved()
    {
        final Lab lab = Lab.create("LeftoversIT.selfTest", 1);
        try
        {
            final Leftovers seen = Leftovers.persisting(Duration.ofSeconds(1));
            for (final String ns : lab.namespaceNames())
            {
                assertTrue(seen.namespaces().contains(ns), ns + " not detected in " + seen);
            }
        }
        finally
        {
            lab.close();
        }
        final Leftovers after = Leftovers.now();
        for (final String ns : lab.namespaceNames())
        {
            assertFalse(after.namespaces().contains(ns), ns + " still detected after removal: " + after);
        }
    }

    /**
     * A namespace pinned outside {@code /run/netns} (as kernel tests, benchmarks and test daemons
     * pin theirs, {@code NetNs.create} under {@code /tmp/pt-*}) is reported until removed; the
     * caller can exclude its own; while a process outside this JVM's tree is in it (another build
     * using it right now) it is not reported.
     */
    @Test
    @Order(2)
    void theDetectorSeesANamespacePinnedUnderTmpAndForgetsItOnceRemoved() throws Exception
    {
        final Path dir = Files.createTempDirectory(Path.of("/tmp"), "pt-leftovers").toRealPath();
        final String name = "pt-left-" + ProcessHandle.current().pid();
        final String pin = dir.resolve(name).toString();
        try
        {
            NetNs.create(dir, name).close();
            final Leftovers seen = Leftovers.persisting(Duration.ofSeconds(1));
            assertTrue(seen.nsPins().contains(pin), pin + " not detected in " + seen);
            assertFalse(seen.excluding(List.of(Path.of(pin))).nsPins().contains(pin), "excluded by its owner");

            final long holder = startOutsideThisJvm(pin);
            try
            {
                assertFalse(Leftovers.now().nsPins().contains(pin), pin + " is in use by process " + holder + ", not left over");
            }
            finally
            {
                ProcessHandle.of(holder).ifPresent(ProcessHandle::destroyForcibly);
            }
            Await.until("the holder of " + pin + " to exit", Duration.ofSeconds(10), () -> ProcessHandle.of(holder).isEmpty());
            assertTrue(Leftovers.now().nsPins().contains(pin), pin + " not detected once nobody uses it");
        }
        finally
        {
            NetNs.delete(dir, name);
            Files.deleteIfExists(dir);
        }
        final Leftovers after = Leftovers.now();
        assertFalse(after.nsPins().contains(pin), pin + " still detected after removal: " + after);
    }

    /** Starts {@code sleep} inside the pinned namespace as an orphan (not a descendant of this JVM); returns its pid once it is inside. */
    private static long startOutsideThisJvm(final String pin) throws Exception
    {
        final Process sh = new ProcessBuilder("sh", "-c", "nsenter --net=" + pin + " sleep 60 </dev/null >/dev/null 2>&1 & echo $!")
            .redirectErrorStream(true).start();
        final String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        sh.waitFor();
        final long pid = Long.parseLong(out);
        final String target = "net:[" + Files.getAttribute(Path.of(pin), "unix:ino") + "]";
        Await.until("process " + pid + " to enter " + pin, Duration.ofSeconds(10), () ->
        {
            try
            {
                return target.equals(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString());
            }
            catch (final IOException e)
            {
                return false;
            }
        });
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.pid() == pid), "the holder was reparented");
        return pid;
    }

    @Test
    @Order(3)
    void noTestLeftAPontoonObjectInTheRootNamespace()
    {
        final Leftovers left = Leftovers.persisting(WINDOW);
        assertTrue(left.isEmpty(), "left behind by earlier tests (present for " + WINDOW + "): " + left);
    }
}
