// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netns;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NetNs} against a real kernel: a handle by pid names the same namespace as the pinned
 * file, a missing file is a {@link KernelException} with ENOENT, and {@link NetNs#call} never
 * moves the calling thread (platform or virtual) while its body runs inside the target.
 */
@Tag("privileged")
class NetNsPrivilegedTest
{
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Path THREAD_NS = Path.of("/proc/thread-self/ns/net");

    private Path dir;
    private String name;
    private NetNs ns;

    @BeforeEach
    void setUp() throws IOException
    {
        dir = Files.createTempDirectory("pt-ns");
        name = "pt-netns-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        ns = NetNs.create(dir, name);
    }

    @AfterEach
    void tearDown() throws IOException
    {
        try
        {
            ns.close();
        }
        finally
        {
            NetNs.delete(dir, name);
            Files.deleteIfExists(dir);
        }
    }

    /** The namespace inode a handle's descriptor refers to ({@code stat -L /proc/self/fd/FD}). */
    private static long inode(final NetNs h) throws IOException
    {
        return ((Number) Files.getAttribute(Path.of("/proc/self/fd/" + h.fd()), "unix:ino")).longValue();
    }

    /** {@code readlink /proc/thread-self/ns/net} of the calling thread: "net:[INODE]". */
    private static String threadNs()
    {
        try
        {
            return Files.readSymbolicLink(THREAD_NS).toString();
        }
        catch (final IOException e)
        {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void ofPidOpensTheNamespaceOfAProcessStartedInsideIt() throws Exception
    {
        final Process child = new ProcessBuilder("nsenter", "--net=" + ns.path(), "--", "sh", "-c", "echo ready; exec sleep 30")
            .redirectErrorStream(true).start();
        try
        {
            final BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "the child did not start inside the namespace");
            try (NetNs byPid = NetNs.ofPid(child.pid()); NetNs self = NetNs.self())
            {
                assertEquals(Path.of("/proc/" + child.pid() + "/ns/net"), byPid.path());
                assertFalse(byPid.owned());
                assertEquals(inode(ns), inode(byPid), "ofPid names the namespace the child was started in");
                assertNotEquals(inode(self), inode(byPid), "and not the JVM's own");
                assertEquals("net:[" + inode(ns) + "]", byPid.call(NetNsPrivilegedTest::threadNs));
            }
        }
        finally
        {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    @Test
    void openingAMissingFileNamesTheOperationThePathAndEnoent()
    {
        final Path missing = dir.resolve("pt-no-such-ns");
        final KernelException e = assertThrows(KernelException.class, () -> NetNs.open(missing));
        assertEquals("netns open", e.operation());
        assertEquals(missing.toString(), e.object());
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.isNotFound());
        assertTrue(e.getMessage().startsWith("netns open " + missing + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());

        final KernelException gonePid = assertThrows(KernelException.class, () -> NetNs.ofPid(Integer.MAX_VALUE));
        assertEquals(Errno.ENOENT, gonePid.errno(), gonePid.getMessage());
        assertEquals("/proc/" + Integer.MAX_VALUE + "/ns/net", gonePid.object());
    }

    @Test
    void callFromAnotherPlatformThreadLeavesThatThreadWhereItWas() throws Exception
    {
        final String target = "net:[" + inode(ns) + "]";
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread caller = Thread.ofPlatform().name("pt-caller").start(() ->
        {
            try
            {
                checkCall(target);
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        caller.join();
        assertNull(failure.get(), () -> "on a platform thread: " + failure.get());
    }

    @Test
    void callFromVirtualThreadsLeavesTheirCarriersWhereTheyWere() throws Exception
    {
        final String target = "net:[" + inode(ns) + "]";
        final List<Thread> callers = new ArrayList<>();
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 16; i++)
        {
            callers.add(Thread.ofVirtual().name("pt-vcaller-" + i).start(() ->
            {
                try
                {
                    checkCall(target);
                }
                catch (final Throwable t)
                {
                    failures.add(t);
                }
            }));
        }
        for (final Thread t : callers)
        {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertNotEquals(target, threadNs(), "the test thread itself never moved either");
    }

    /** One {@code call}: the body runs inside {@code target} on another platform thread; the caller stays put. */
    private void checkCall(final String target)
    {
        final Thread me = Thread.currentThread();
        final String before = threadNs();
        assertNotEquals(target, before, "the caller starts outside the namespace");
        final String[] inside = ns.call(() ->
        {
            final Thread body = Thread.currentThread();
            return new String[] {threadNs(), String.valueOf(body.isVirtual()), String.valueOf(body == me)};
        });
        assertEquals(target, inside[0], "the body runs inside the namespace");
        assertEquals("false", inside[1], "setns only on a platform thread");
        assertEquals("false", inside[2], "and never on the caller");
        assertEquals(before, threadNs(), "the caller's thread is still where it was");
        final RuntimeException boom = assertThrows(IllegalStateException.class, () -> ns.call(() ->
        {
            throw new IllegalStateException("body failed");
        }));
        assertEquals("body failed", boom.getMessage());
        assertEquals(before, threadNs(), "a failing body leaves the caller where it was too");
    }
}
