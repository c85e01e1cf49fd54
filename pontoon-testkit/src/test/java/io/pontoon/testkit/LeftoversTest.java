// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.util.List;

import org.junit.jupiter.api.Test;

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
            List.of("inet pontoon", "ip filter", "inet pt_t", "ip6 docker-bridges"));
        final Leftovers ours = all.ours();
        assertEquals(List.of("pt-a", "pontoon0"), ours.links());
        assertEquals(List.of("pt-lab-1n1-sw", "pontoon-x"), ours.namespaces());
        assertEquals(List.of("abc123"), ours.pontoonNamespaces());
        assertEquals(List.of("inet pontoon", "inet pt_t"), ours.nftTables());
        assertFalse(ours.isEmpty());
        assertTrue(new Leftovers(List.of("lo", "eth0"), List.of("cni-1"), List.of(), List.of("ip nat")).ours().isEmpty());
    }

    @Test
    void intersectionKeepsWhatPersistsAndMinusKeepsWhatIsNew()
    {
        final Leftovers first = new Leftovers(List.of("pt-a", "pt-b"), List.of("pt-n1"), List.of(), List.of("inet pontoon"));
        final Leftovers second = new Leftovers(List.of("pt-b", "pt-c"), List.of("pt-n2"), List.of(), List.of("inet pontoon"));
        assertEquals(new Leftovers(List.of("pt-b"), List.of(), List.of(), List.of("inet pontoon")), first.retainAll(second));
        assertEquals(new Leftovers(List.of("pt-c"), List.of("pt-n2"), List.of(), List.of()), second.minus(first));
    }
}
