// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeftoversTest
{
    @Test
    void parsesLinkNamesFromIpOneLineOutput()
    {
        final String out = """
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\\    link/ether 06:00:ac:10:00:02 brd ff:ff:ff:ff:ff:ff
            7: pt-veth0@if6: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/ether 1a:2b:3c:4d:5e:6f brd ff:ff:ff:ff:ff:ff link-netns pt-x
            """;
        assertEquals(List.of("lo", "eth0", "pt-veth0"), Leftovers.parseLinks(out));
    }

    @Test
    void parsesNamespaceNamesWithAndWithoutIds()
    {
        assertEquals(List.of("pt-lab-1n1-h1", "other"), Leftovers.parseNetns("pt-lab-1n1-h1 (id: 3)\nother\n\n"));
        assertEquals(List.of(), Leftovers.parseNetns(""));
    }

    @Test
    void parsesNftTablesAsFamilyAndName()
    {
        assertEquals(List.of("inet pontoon", "ip nat", "bridge pt_x"),
            Leftovers.parseNftTables("table inet pontoon\ntable ip nat\ntable bridge pt_x\n"));
    }

    @Test
    void oursKeepsOnlyPontoonPrefixesAndEveryPontoonNetnsEntry()
    {
        final Leftovers all = new Leftovers(List.of("lo", "eth0", "pt-a", "pontoon0", "docker0"),
            List.of("pt-lab-1n1-sw", "cni-123", "pontoon-x"), List.of("abc123"),
            List.of("inet pontoon", "ip filter", "inet pt_t", "ip6 docker-bridges"),
            List.of("/tmp/pt-rtnl1/pt1-5-2", "/var/run/docker/netns/1a2b", "/tmp/pt-d-9/run/netns/abc", "/tmp/x/ptbench-7", "/tmp/x/y"));
        final Leftovers ours = all.ours();
        assertEquals(List.of("pt-a", "pontoon0"), ours.links());
        assertEquals(List.of("pt-lab-1n1-sw", "pontoon-x"), ours.namespaces());
        assertEquals(List.of("abc123"), ours.pontoonNamespaces());
        assertEquals(List.of("inet pontoon", "inet pt_t"), ours.nftTables());
        assertEquals(List.of("/tmp/pt-rtnl1/pt1-5-2", "/tmp/pt-d-9/run/netns/abc", "/tmp/x/ptbench-7"), ours.nsPins());
        assertFalse(ours.isEmpty());
        assertTrue(new Leftovers(List.of("lo", "eth0"), List.of("cni-1"), List.of(), List.of("ip nat"), List.of("/var/run/docker/netns/1"))
            .ours().isEmpty());
        assertFalse(new Leftovers(List.of(), List.of(), List.of(), List.of(), List.of("/tmp/pt-ns1/pt-x")).isEmpty());
    }

    @Test
    void intersectionKeepsWhatPersistsAndMinusKeepsWhatIsNew()
    {
        final Leftovers first = new Leftovers(List.of("pt-a", "pt-b"), List.of("pt-n1"), List.of(), List.of("inet pontoon"),
            List.of("/tmp/pt-ns1/a", "/tmp/pt-ns2/b"));
        final Leftovers second = new Leftovers(List.of("pt-b", "pt-c"), List.of("pt-n2"), List.of(), List.of("inet pontoon"),
            List.of("/tmp/pt-ns2/b", "/tmp/pt-ns3/c"));
        assertEquals(new Leftovers(List.of("pt-b"), List.of(), List.of(), List.of("inet pontoon"), List.of("/tmp/pt-ns2/b")),
            first.retainAll(second));
        assertEquals(new Leftovers(List.of("pt-c"), List.of("pt-n2"), List.of(), List.of(), List.of("/tmp/pt-ns3/c")), second.minus(first));
    }

    @Test
    void pinsAreTheNsfsMountsOfMountinfoOutsideTheNetnsDirectories()
    {
        final String mountinfo = """
            22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw
            25 22 0:5 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
            31 22 0:4 net:[4026532300] /tmp/pt-rtnl123/pt1-55-2 rw shared:1 - nsfs nsfs rw
            32 22 0:4 net:[4026532301] /run/netns/pt-lab-1n1-h1 rw shared:1 - nsfs nsfs rw
            33 22 0:4 net:[4026532302] /run/pontoon/netns/abc rw - nsfs nsfs rw
            34 22 0:4 net:[4026532303] /tmp/pt\\040dir/pt-x rw master:3 propagate_from:1 - nsfs nsfs rw
            35 22 0:4 net:[4026532300] /tmp/pt-rtnl123/pt1-55-2 rw shared:1 - nsfs nsfs rw
            36 22 0:44 / /tmp/pt-mnt rw - tmpfs tmpfs rw
            """;
        assertEquals(List.of("/tmp/pt-rtnl123/pt1-55-2", "/tmp/pt dir/pt-x"),
            NsPins.parse(mountinfo, List.of(Path.of("/run/netns"), Path.of("/run/pontoon/netns"))));
        assertEquals(List.of(), NsPins.parse("", List.of()));
    }

    @Test
    void labNamespacesOfAnotherLiveJvmAreNotOurs(@TempDir final Path dir) throws Exception
    {
        final long me = ProcessHandle.current().pid();
        assertFalse(Leftovers.ofAnotherLiveJvm("pt-lab-" + me + "n1-h1"), "this JVM's own labs count");
        assertFalse(Leftovers.ofAnotherLiveJvm("pt-lab-1n1-h1"), "pid 1 is not a Java process");
        assertFalse(Leftovers.ofAnotherLiveJvm("pt-lab-" + Integer.MAX_VALUE + "n1-h1"), "a dead creator leaves a leftover");
        assertFalse(Leftovers.ofAnotherLiveJvm("pt-other"));
        final Path src = dir.resolve("Idle.java");
        Files.writeString(src, "class Idle { public static void main(String[] a) throws Exception { Thread.sleep(120_000); } }");
        final Process other = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), src.toString())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            assertTrue(Leftovers.ofAnotherLiveJvm("pt-lab-" + other.pid() + "n3-sw"), "a live other JVM's lab is not ours");
        }
        finally
        {
            other.destroyForcibly();
            other.waitFor();
        }
        assertFalse(Leftovers.ofAnotherLiveJvm("pt-lab-" + other.pid() + "n3-sw"), "once it is gone, its lab is a leftover");
    }

    @Test
    void excludingDropsTheCallersOwnPins()
    {
        final Leftovers l = new Leftovers(List.of("pt-a"), List.of(), List.of(), List.of(), List.of("/tmp/pt-ns1/a", "/tmp/pt-ns2/b"));
        assertEquals(List.of("/tmp/pt-ns2/b"), l.excluding(List.of(Path.of("/tmp/pt-ns1/a"))).nsPins());
        assertEquals(List.of("pt-a"), l.excluding(List.of(Path.of("/tmp/pt-ns1/a"))).links());
    }
}
