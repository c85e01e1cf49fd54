// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.net.IpPrefix;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.pontoon.kernel.nft.NftFamily.INET;
import static io.pontoon.kernel.nft.NftKey.concat;
import static io.pontoon.kernel.nft.NftKey.ipv4;
import static io.pontoon.kernel.nft.NftKey.port;
import static io.pontoon.kernel.nft.NsFixture.compact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast path against a real kernel: elements written over netlink, checked with {@code nft -j list}. */
@Tag("privileged")
class NftElementsTest
{
    static final String SKELETON = """
        table inet pt_t {
          set s4 { type ipv4_addr . inet_service; }
          map m4 { type ipv4_addr . inet_service : ipv4_addr . inet_service; }
          map vm { type ipv4_addr : verdict; }
          set ports { type inet_service; flags interval; }
          set cports { type ipv4_addr . inet_service; flags interval; }
          set s6 { type ipv6_addr . inet_proto . inet_service; }
          set ifs { type ifname . ether_addr; }
          chain pt_c1 { }
        }
        """;

    private NsFixture lab;
    private Nft nft;

    @BeforeEach
    void setUp()
    {
        lab = NsFixture.create("nft");
        nft = Nft.open(lab.ns());
        nft.apply(SKELETON);
    }

    @AfterEach
    void tearDown()
    {
        try
        {
            nft.close();
        }
        finally
        {
            lab.close();
        }
    }

    private String listJson(final String kind, final String name)
    {
        return compact(lab.sh("nft", "-j", "list", kind, "inet", "pt_t", name));
    }

    private static SetElement svc(final String ip, final int p)
    {
        return SetElement.of(concat(ipv4(ip), port(p)));
    }

    @Test
    void setElementsAreAddedIdempotentlyAndDeleted()
    {
        nft.setAdd(INET, "pt_t", "s4", List.of(svc("198.18.1.1", 80), svc("198.18.1.2", 443)));
        String json = listJson("set", "s4");
        assertTrue(json.contains("{\"concat\":[\"198.18.1.1\",80]}"), json);
        assertTrue(json.contains("{\"concat\":[\"198.18.1.2\",443]}"), json);

        nft.setAdd(INET, "pt_t", "s4", List.of(svc("198.18.1.1", 80)));
        assertEquals(2, nft.setList(INET, "pt_t", "s4").size());

        nft.setDel(INET, "pt_t", "s4", List.of(svc("198.18.1.1", 80)));
        json = listJson("set", "s4");
        assertFalse(json.contains("198.18.1.1"), json);
        assertTrue(json.contains("198.18.1.2"), json);

        final KernelException e = assertThrows(KernelException.class,
            () -> nft.setDel(INET, "pt_t", "s4", List.of(svc("198.18.1.1", 80))));
        assertTrue(e.isNotFound(), e.getMessage());
        assertTrue(e.getMessage().contains("inet pt_t s4"), e.getMessage());

        nft.setDestroy(INET, "pt_t", "s4", List.of(svc("198.18.1.1", 80), svc("198.18.1.2", 443)));
        assertEquals(List.of(), nft.setList(INET, "pt_t", "s4"));
    }

    @Test
    void mapElementsMapConcatenationsAndCanBeReplaced()
    {
        final NftKey key = concat(ipv4("198.18.1.1"), port(8080));
        nft.setAdd(INET, "pt_t", "m4", List.of(SetElement.of(key, concat(ipv4("10.200.0.2"), port(80)))));
        String json = listJson("map", "m4");
        assertTrue(json.contains("[{\"concat\":[\"198.18.1.1\",8080]},{\"concat\":[\"10.200.0.2\",80]}]"), json);

        final KernelException clash = assertThrows(KernelException.class,
            () -> nft.setAdd(INET, "pt_t", "m4", List.of(SetElement.of(key, concat(ipv4("10.200.0.3"), port(80))))));
        assertTrue(clash.isExists(), clash.getMessage());

        nft.mapPut(INET, "pt_t", "m4", List.of(SetElement.of(key, concat(ipv4("10.200.0.3"), port(81)))));
        json = listJson("map", "m4");
        assertTrue(json.contains("{\"concat\":[\"10.200.0.3\",81]}"), json);
        assertFalse(json.contains("10.200.0.2"), json);
        assertEquals(List.of(SetElement.of(NftKey.raw(key.bytes()), NftKey.raw(concat(ipv4("10.200.0.3"), port(81)).bytes()))),
            nft.setList(INET, "pt_t", "m4"));

        nft.setDel(INET, "pt_t", "m4", List.of(SetElement.of(key)));
        assertFalse(listJson("map", "m4").contains("198.18.1.1"));
    }

    /**
     * The skeleton was loaded with the real {@code nft}; a second handle on the same namespace
     * whose {@code nft} executable does not exist still adds, deletes, puts, lists and batches
     * elements, so none of those spawns a process. Checked with the real {@code nft list}.
     */
    @Test
    void elementOperationsSpawnNoProcess()
    {
        try (Nft noExe = Nft.open(lab.ns(), "/nonexistent/pt-no-nft"))
        {
            final NftException spawned = assertThrows(NftException.class, () -> noExe.apply("add table inet pt_t\n"));
            assertTrue(spawned.getMessage().contains("/nonexistent/pt-no-nft"), spawned.getMessage());

            noExe.setAdd(INET, "pt_t", "s4", List.of(svc("198.18.9.1", 80), svc("198.18.9.2", 443)));
            noExe.setDel(INET, "pt_t", "s4", List.of(svc("198.18.9.2", 443)));
            final NftKey key = concat(ipv4("198.18.9.1"), port(8080));
            noExe.setAdd(INET, "pt_t", "m4", List.of(SetElement.of(key, concat(ipv4("10.200.9.2"), port(80)))));
            noExe.mapPut(INET, "pt_t", "m4", List.of(SetElement.of(key, concat(ipv4("10.200.9.3"), port(81)))));
            noExe.batch().add(INET, "pt_t", "vm", List.of(SetElement.of(ipv4("198.18.9.3"), NftVerdict.jump("pt_c1"))))
                .destroy(INET, "pt_t", "s4", List.of(svc("198.18.9.9", 9))).commit();
            assertEquals(List.of(SetElement.of(NftKey.raw(svc("198.18.9.1", 80).key().bytes()))), noExe.setList(INET, "pt_t", "s4"));
        }
        final String s4 = listJson("set", "s4");
        assertTrue(s4.contains("{\"concat\":[\"198.18.9.1\",80]}"), s4);
        assertFalse(s4.contains("198.18.9.2"), s4);
        final String m4 = listJson("map", "m4");
        assertTrue(m4.contains("[{\"concat\":[\"198.18.9.1\",8080]},{\"concat\":[\"10.200.9.3\",81]}]"), m4);
        final String vm = listJson("map", "vm");
        assertTrue(vm.contains("[\"198.18.9.3\",{\"jump\":{\"target\":\"pt_c1\"}}]"), vm);
    }

    @Test
    void verdictMapsTakeAcceptDropJumpAndGoto()
    {
        nft.setAdd(INET, "pt_t", "vm", List.of(
            SetElement.of(ipv4("198.18.2.1"), NftVerdict.ACCEPT),
            SetElement.of(ipv4("198.18.2.2"), NftVerdict.DROP),
            SetElement.of(ipv4("198.18.2.3"), NftVerdict.jump("pt_c1")),
            SetElement.of(ipv4("198.18.2.4"), NftVerdict.goTo("pt_c1"))));
        final String json = listJson("map", "vm");
        assertTrue(json.contains("[\"198.18.2.1\",{\"accept\":null}]"), json);
        assertTrue(json.contains("[\"198.18.2.2\",{\"drop\":null}]"), json);
        assertTrue(json.contains("[\"198.18.2.3\",{\"jump\":{\"target\":\"pt_c1\"}}]"), json);
        assertTrue(json.contains("[\"198.18.2.4\",{\"goto\":{\"target\":\"pt_c1\"}}]"), json);
        assertTrue(nft.setList(INET, "pt_t", "vm").contains(SetElement.of(NftKey.raw(ipv4("198.18.2.3").bytes()),
            NftVerdict.jump("pt_c1"))));

        final KernelException e = assertThrows(KernelException.class,
            () -> nft.setAdd(INET, "pt_t", "vm", List.of(SetElement.of(ipv4("198.18.2.5"), NftVerdict.jump("pt_nochain")))));
        assertTrue(e.isNotFound(), e.getMessage());
    }

    @Test
    void intervalsWorkOnPlainAndConcatenatedSets()
    {
        nft.setAdd(INET, "pt_t", "ports", List.of(SetElement.range(port(1000), port(2000)), SetElement.of(port(80)),
            SetElement.range(port(60000), port(65535))));
        final String text = lab.sh("nft", "list", "set", "inet", "pt_t", "ports");
        assertTrue(text.contains("elements = { 80, 1000-2000, 60000-65535 }"), text);
        assertEquals(new HashSet<>(List.of(SetElement.of(NftKey.raw(port(80).bytes())),
                SetElement.range(NftKey.raw(port(1000).bytes()), NftKey.raw(port(2000).bytes())),
                SetElement.range(NftKey.raw(port(60000).bytes()), NftKey.raw(port(65535).bytes())))),
            new HashSet<>(nft.setList(INET, "pt_t", "ports")));

        nft.setDel(INET, "pt_t", "ports", List.of(SetElement.range(port(1000), port(2000))));
        final String after = lab.sh("nft", "list", "set", "inet", "pt_t", "ports");
        assertTrue(after.contains("elements = { 80, 60000-65535 }"), after);

        nft.setAdd(INET, "pt_t", "cports", List.of(SetElement.range(concat(ipv4("198.18.3.1"), port(1000)),
            concat(ipv4("198.18.3.1"), port(2000))), svc("198.18.3.2", 53)));
        final String c = lab.sh("nft", "list", "set", "inet", "pt_t", "cports");
        assertTrue(c.contains("198.18.3.1 . 1000-2000"), c);
        assertTrue(c.contains("198.18.3.2 . 53"), c);
        nft.setDel(INET, "pt_t", "cports", List.of(svc("198.18.3.2", 53)));
        assertEquals(1, nft.setList(INET, "pt_t", "cports").size());
    }

    @Test
    void ipv6ProtoIfnameAndMacKeys()
    {
        nft.setAdd(INET, "pt_t", "s6", List.of(SetElement.of(concat(NftKey.ipv6("fd00:200::2"), NftKey.proto(6), port(443)))));
        nft.setAdd(INET, "pt_t", "ifs", List.of(SetElement.of(concat(NftKey.ifname("pt-veth0"), NftKey.ether("02:42:AC:11:00:02")))));
        final String s6 = lab.sh("nft", "list", "set", "inet", "pt_t", "s6");
        assertTrue(s6.contains("fd00:200::2 . tcp . 443"), s6);
        final String ifs = lab.sh("nft", "list", "set", "inet", "pt_t", "ifs");
        assertTrue(ifs.contains("\"pt-veth0\" . 02:42:ac:11:00:02"), ifs);
    }

    @Test
    void aThousandElementsGoInOneBatchAndFlushEmptiesTheSet()
    {
        final List<SetElement> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++)
        {
            many.add(svc("10.200." + (i / 250) + "." + (i % 250 + 1), 1000 + i));
        }
        nft.setAdd(INET, "pt_t", "s4", many);
        assertEquals(1000, nft.setList(INET, "pt_t", "s4").size());
        assertTrue(listJson("set", "s4").contains("{\"concat\":[\"10.200.3.250\",1999]}"));
        nft.setFlush(INET, "pt_t", "s4");
        assertEquals(List.of(), nft.setList(INET, "pt_t", "s4"));
    }

    @Test
    void aFailingBatchChangesNothing()
    {
        final NftBatch b = nft.batch()
            .add(INET, "pt_t", "s4", List.of(svc("198.18.4.1", 1)))
            .delete(INET, "pt_t", "s4", List.of(svc("198.18.4.2", 2)));
        assertThrows(KernelException.class, b::commit);
        assertEquals(List.of(), nft.setList(INET, "pt_t", "s4"));
    }

    @Test
    void unknownTablesAndSetsAreNamed()
    {
        final KernelException noTable = assertThrows(KernelException.class,
            () -> nft.setAdd(INET, "pt_nope", "s4", List.of(svc("198.18.5.1", 1))));
        assertTrue(noTable.isNotFound());
        assertTrue(noTable.getMessage().contains("table inet pt_nope does not exist"), noTable.getMessage());

        final KernelException noSet = assertThrows(KernelException.class,
            () -> nft.setAdd(INET, "pt_t", "nope", List.of(svc("198.18.5.1", 1))));
        assertTrue(noSet.getMessage().contains("set nope does not exist in table inet pt_t"), noSet.getMessage());

        final IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
            () -> nft.setAdd(INET, "pt_t", "s4", List.of(SetElement.of(ipv4("198.18.5.1")))));
        assertTrue(wrongType.getMessage().contains("inet pt_t s4"), wrongType.getMessage());

        assertThrows(IllegalArgumentException.class, () -> svc("198.18.5.300", 1));
    }

    @Test
    void scriptsAreAppliedAtomicallyAndTablesDeleteIdempotently()
    {
        final NftException e = assertThrows(NftException.class,
            () -> nft.apply("table inet pt_t { chain pt_c2 { } }\ntable inet pt_t { set broken { type nonsense; } }\n"));
        assertTrue(e.stderr().contains("nonsense"), e.stderr());
        assertFalse(compact(nft.list(INET, "pt_t")).contains("pt_c2"));

        assertTrue(nft.tableExists(INET, "pt_t"));
        nft.deleteTable(INET, "pt_t");
        assertFalse(nft.tableExists(INET, "pt_t"));
        nft.deleteTable(INET, "pt_t");
        final NftException gone = assertThrows(NftException.class, () -> nft.list(INET, "pt_t"));
        assertTrue(gone.isNotFound(), gone.getMessage());
    }

    @Test
    void prefixesBecomeRanges()
    {
        nft.apply("table inet pt_t { set nets { type ipv4_addr; flags interval; }; }");
        nft.setAdd(INET, "pt_t", "nets", List.of(SetElement.prefix(IpPrefix.parse("10.200.0.0/16")),
            SetElement.prefix(IpPrefix.parse("198.18.7.0/24"))));
        final String text = lab.sh("nft", "list", "set", "inet", "pt_t", "nets");
        assertTrue(text.contains("10.200.0.0/16"), text);
        assertTrue(text.contains("198.18.7.0/24"), text);
    }
}
