// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sandbox modes other than a network: {@code host} (the host's own namespace), {@code none}
 * (only {@code lo}, up) and {@code container:SB} (another sandbox's namespace, which then cannot
 * be removed without force); and the foreground {@code run} with {@code --rm}.
 */
@Privileged
@LabHosts(count = 1)
class ModesIT
{
    private static Lab.Host h1;
    private static PontoonDaemon d;

    @BeforeAll
    static void up(final Lab lab)
    {
        h1 = lab.host("h1");
        d = PontoonDaemon.start(h1);
        d.cliOk("network", "create", "--subnet", "10.200.40.0/24", "mn");
    }

    @AfterAll
    static void down()
    {
        if (d != null)
        {
            d.close();
        }
    }

    @Test
    void hostModeRunsInTheHostsOwnNamespace() throws Exception
    {
        final ExecResult fg = d.cli("run", "--rm", "--network", "host", "--", "ip", "-o", "-4", "addr", "show", "eth0");
        assertEquals(0, fg.exitCode(), fg.describe());
        assertTrue(fg.stdout().contains("inet " + h1.underlayPrefix()), "a host-mode process sees h1's eth0: " + fg.stdout());
        d.cliOk("run", "-d", "--name", "hostd", "--network", "host", "sleep", "3600");
        final SandboxView s = d.inspect("hostd");
        assertEquals("host", s.mode());
        assertNull(s.netnsPath());
        assertEquals(List.of(), s.endpoints());
        assertEquals(h1.execOk("ip", "-o", "link").lines().map(l -> l.split(": ")[1]).toList(),
            d.exec("hostd", "ip", "-o", "link").stdout().lines().map(l -> l.split(": ")[1]).toList(), "same links as h1");
        assertTrue(Files.readString(Path.of("/proc/" + s.pid() + "/cmdline")).startsWith("sleep"), "pid is the sleep");
        assertEquals(nsFile(h1.nsPath()), nsOf(String.valueOf(s.pid())),
            "the detached process lives in h1's namespace");
        d.cliOk("rm", "-f", "hostd");
        assertTrue(h1.exec("ip", "link", "show", "eth0").ok(), "removing a host-mode sandbox leaves the host alone");
    }

    @Test
    void noneModeHasOnlyLoopbackAndItIsUp()
    {
        final ExecResult links = d.cli("run", "--rm", "--network", "none", "--", "ip", "-o", "link");
        assertEquals(0, links.exitCode(), links.describe());
        final List<String> lines = links.stdout().lines().toList();
        assertEquals(1, lines.size(), "only lo: " + links.stdout());
        assertTrue(lines.get(0).startsWith("1: lo: <LOOPBACK,UP,LOWER_UP>"), lines.get(0));
        final ExecResult addrs = d.cli("run", "--rm", "--network", "none", "--", "ip", "-o", "-4", "addr");
        assertEquals(List.of("inet 127.0.0.1/8"), addrs.stdout().lines().map(l -> l.replaceAll(".*(inet \\S+).*", "$1")).toList());
        d.cliOk("run", "-d", "--name", "nonebox", "--network", "none", "sleep", "3600");
        final SandboxView s = d.inspect("nonebox");
        assertEquals("none", s.mode());
        assertEquals(List.of(), s.endpoints());
        assertTrue(d.nsExec(s, "ping", "-c1", "-W1", "127.0.0.1").ok(), "lo works");
        d.cliOk("rm", "-f", "nonebox");
        assertFalse(Files.exists(Path.of(s.netnsPath())), "its namespace is gone");
        assertEquals(List.of(), d.sandboxes().stream().filter(x -> x.mode().equals("none")).toList(), "--rm removed the others");
    }

    @Test
    void containerModeSharesTheNamespaceAndProtectsItsTarget()
    {
        d.cliOk("run", "-d", "--name", "owner", "--network", "mn", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "joiner", "--network", "container:owner", "sleep", "3600");
        final SandboxView owner = d.inspect("owner");
        final SandboxView joiner = d.inspect("joiner");
        assertEquals("container:" + owner.id(), joiner.mode());
        assertEquals(owner.netnsPath(), joiner.netnsPath());
        // IPv4 and links only: an IPv6 link-local address can finish DAD (drop "tentative") between two looks
        assertEquals(d.exec("owner", "ip", "-4", "addr").stdout(), d.exec("joiner", "ip", "-4", "addr").stdout(), "same addresses");
        assertEquals(d.exec("owner", "ip", "-o", "link").stdout(), d.exec("joiner", "ip", "-o", "link").stdout(), "same interfaces");
        assertEquals(nsFile(Path.of(owner.netnsPath())), nsOf(String.valueOf(owner.pid())), "the owner's process is in its namespace");
        assertEquals(nsOf(String.valueOf(owner.pid())), nsOf(String.valueOf(joiner.pid())), "same namespace for both processes");
        assertTrue(Ping.reaches(d, joiner, "10.200.40.1"), "the joiner uses the owner's eth0");

        final ExecResult refused = d.cli("rm", "owner");
        assertEquals(1, refused.exitCode(), refused.describe());
        assertEquals("Error: sandbox owner is shared by joiner (container:owner); remove them first or use force",
            refused.stderr().strip());
        assertEquals("running", d.inspect("owner").state(), "the refused rm removed nothing");
        assertEquals("running", d.inspect("joiner").state());
        assertTrue(Files.exists(Path.of(owner.netnsPath())));

        final ExecResult connect = d.cli("network", "connect", "mn", "joiner");
        assertEquals("Error: sandbox joiner is in mode container:owner and cannot be connected to networks",
            connect.stderr().strip(), connect.describe());

        assertEquals("owner", d.cliOk("rm", "-f", "owner"));
        assertEquals(List.of(), d.sandboxes().stream().map(SandboxView::name).filter(n -> n.equals("owner") || n.equals("joiner"))
            .toList(), "rm -f removes the joiners too");
        assertFalse(Files.exists(Path.of(owner.netnsPath())));
        assertEquals(List.of(), d.network("mn").endpoints());
    }

    @Test
    void aSandboxCanJoinAJoinerAndEndsUpInTheOwnersNamespace()
    {
        d.cliOk("run", "-d", "--name", "o2", "--network", "mn", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "j2", "--network", "container:o2", "sleep", "3600");
        d.cliOk("run", "-d", "--name", "j3", "--network", "container:j2", "sleep", "3600");
        final SandboxView o2 = d.inspect("o2");
        assertEquals("container:" + o2.id(), d.inspect("j3").mode());
        d.cliOk("rm", "-f", "j2");
        assertEquals("running", d.inspect("j3").state(), "removing one joiner leaves the other");
        d.cliOk("rm", "-f", "o2");
        assertEquals(List.of(), d.sandboxes().stream().map(SandboxView::name).filter(n -> n.matches("o2|j2|j3")).toList());
    }

    @Test
    void foregroundRunReturnsTheExitCodeAndRmRemovesTheSandbox()
    {
        final ExecResult r = d.cli("run", "--rm", "--name", "fg", "--network", "mn", "sh", "-c", "ip -o -4 addr show eth0; exit 3");
        assertEquals(3, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("inet 10.200.40."), r.stdout());
        assertFalse(d.sandboxes().stream().anyMatch(s -> s.name().equals("fg")), "--rm removed it");
        assertEquals(List.of(), d.network("mn").endpoints());

        final ExecResult keep = d.cli("run", "--name", "fgkeep", "--network", "mn", "true");
        assertEquals(0, keep.exitCode(), keep.describe());
        assertEquals("created", d.inspect("fgkeep").state(), "without --rm the sandbox stays");
        d.cliOk("rm", "fgkeep");
    }

    @Test
    void aDetachedSandboxWithRmGoesWhenItsProcessEnds()
    {
        d.cliOk("run", "-d", "--rm", "--name", "brief", "--network", "mn", "sleep", "1");
        Await.until("brief to be removed after its process ended", Duration.ofSeconds(15),
            () -> d.sandboxes().stream().noneMatch(s -> s.name().equals("brief")));
        assertEquals(List.of(), d.network("mn").endpoints());
        d.cliOk("run", "-d", "--name", "ends", "--network", "mn", "sh", "-c", "exit 7");
        Await.until("ends to exit", Duration.ofSeconds(15), () -> d.inspect("ends").state().equals("exited"));
        assertEquals(Integer.valueOf(7), d.inspect("ends").exitCode());
        d.cliOk("rm", "ends");
    }

    /** The namespace a pinned namespace file stands for, in the form of {@link #nsOf}. */
    private static String nsFile(final Path p)
    {
        try
        {
            return "net:[" + Files.getAttribute(p, "unix:ino") + "]";
        }
        catch (final java.io.IOException e)
        {
            throw new AssertionError("cannot stat " + p, e);
        }
    }

    /** The network namespace of a process, as {@code readlink /proc/PID/ns/net} prints it. */
    private static String nsOf(final String pid)
    {
        try
        {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString();
        }
        catch (final java.io.IOException e)
        {
            throw new AssertionError("no process " + pid, e);
        }
    }
}
