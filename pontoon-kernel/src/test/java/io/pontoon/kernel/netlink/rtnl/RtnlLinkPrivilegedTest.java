// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netns.NetNs;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Link kinds and link setters through Rtnl, each checked with {@code ip -d -j link show}. */
@Tag("privileged")
class RtnlLinkPrivilegedTest
{
    private static final MacAddress MAC = MacAddress.parse("02:00:5e:10:00:01");

    @Test
    void bridgeAndSettersAreVisibleToIp()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            final NetNs b = lab.ns("B");
            try (Rtnl r = Rtnl.open(a))
            {
                final int br = r.linkAdd(Bridge.of("ptbr0").withStp(true).withAttrs(LinkAttrs.named("ptbr0").withUp(true)));
                final Map<String, Object> brj = Lab.link(a, "ptbr0");
                assertEquals((long) br, brj.get("ifindex"));
                assertEquals("bridge", Lab.at(brj, "linkinfo", "info_kind"));
                assertEquals(1L, Lab.at(brj, "linkinfo", "info_data", "stp_state"));
                assertTrue(Lab.hasFlag(brj, "UP"));

                // a veth whose first end is enslaved in the create request itself
                r.linkAdd(Veth.of("ptp0", "ptp1").withAttrs(LinkAttrs.named("ptp0").withMaster("ptbr0")));
                assertEquals("ptbr0", Lab.link(a, "ptp0").get("master"));
                assertEquals(br, r.linkGet("ptp0").orElseThrow().masterIndex());

                r.linkSetMtu("ptp1", 1300);
                assertEquals(1300L, Lab.link(a, "ptp1").get("mtu"));
                r.linkSetMac("ptp1", MAC);
                assertEquals(MAC.toString(), Lab.link(a, "ptp1").get("address"));
                r.linkSetMaster("ptp1", "ptbr0");
                assertEquals("ptbr0", Lab.link(a, "ptp1").get("master"));
                r.linkSetNoMaster("ptp1");
                assertNull(Lab.link(a, "ptp1").get("master"));
                assertEquals(0, r.linkGet("ptp1").orElseThrow().masterIndex());
                r.linkSetUp("ptp1");
                assertTrue(Lab.hasFlag(Lab.link(a, "ptp1"), "UP"));
                assertTrue(r.linkGet("ptp1").orElseThrow().up());
                r.linkSetDown("ptp1");
                assertFalse(Lab.hasFlag(Lab.link(a, "ptp1"), "UP"));

                final int index = r.linkIndex("ptp1");
                r.linkSetName("ptp1", "ptq1");
                assertNull(Lab.link(a, "ptp1"));
                assertEquals((long) index, Lab.link(a, "ptq1").get("ifindex"));

                r.linkSetNs("ptq1", b);
                assertNull(Lab.link(a, "ptq1"));
                assertNotNull(Lab.link(b, "ptq1"));

                r.linkDel("ptp0");
                assertNull(Lab.link(a, "ptp0"));
                assertNull(Lab.link(b, "ptq1"), "the peer went with it");
                r.linkDel("ptbr0");
                assertEquals(List.of("lo"), Lab.linkNames(a));
            }
        }
    }

    @Test
    void bridgePortHairpinModeIsVisibleToIp()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = Rtnl.open(a))
            {
                r.linkAdd(Bridge.of("ptbr0").withAttrs(LinkAttrs.named("ptbr0").withUp(true)));
                r.linkAdd(Veth.of("ptp0", "ptp1").withAttrs(LinkAttrs.named("ptp0").withMaster("ptbr0")));
                assertEquals(false, Lab.at(Lab.link(a, "ptp0"), "linkinfo", "info_slave_data", "hairpin"));
                r.linkSetHairpin("ptp0", true);
                assertEquals(true, Lab.at(Lab.link(a, "ptp0"), "linkinfo", "info_slave_data", "hairpin"));
                r.linkSetHairpin("ptp0", true);
                r.linkSetHairpin("ptp0", false);
                assertEquals(false, Lab.at(Lab.link(a, "ptp0"), "linkinfo", "info_slave_data", "hairpin"));
                final KernelException e = assertThrows(KernelException.class, () -> r.linkSetHairpin("ptp1", true));
                assertTrue(e.getMessage().contains("ptp1"), e.getMessage());
            }
        }
    }

    @Test
    void bridgeVlanFilteringIsSetOrRefusedWholly()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = Rtnl.open(a))
            {
                try
                {
                    r.linkAdd(Bridge.of("ptbr1").withVlanFiltering(true));
                    assertEquals(1L, Lab.at(Lab.link(a, "ptbr1"), "linkinfo", "info_data", "vlan_filtering"));
                }
                catch (final KernelException e)
                {
                    // kernels built without CONFIG_BRIDGE_VLAN_FILTERING (this one) refuse the attribute
                    assertEquals(Errno.EOPNOTSUPP, e.errno(), e.getMessage());
                    assertEquals("ip link add", e.operation());
                    assertEquals("bridge ptbr1", e.object());
                    assertEquals(List.of("lo"), Lab.linkNames(a), "nothing half-created");
                }
            }
        }
    }

    @Test
    void genericKindsAreCreatedByKindName()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = Rtnl.open(a))
            {
                final int index = r.linkAdd(Generic.of("ptifb0", "ifb").withAttrs(LinkAttrs.named("ptifb0").withMtu(1280)));
                final Map<String, Object> j = Lab.link(a, "ptifb0");
                assertEquals((long) index, j.get("ifindex"));
                assertEquals("ifb", Lab.at(j, "linkinfo", "info_kind"));
                assertEquals(1280L, j.get("mtu"));
                final KernelException e = assertThrows(KernelException.class,
                    () -> r.linkAdd(Generic.of("ptnk0", "no-such-kind")));
                assertEquals(Errno.EOPNOTSUPP, e.errno(), e.getMessage());
            }
        }
    }

    @Test
    void tunAndTapArePersistentDevicesConfiguredInOneGo()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            final NetNs b = lab.ns("B");
            try (Rtnl r = Rtnl.open(a))
            {
                r.linkAdd(Bridge.of("ptbr0"));
                final int tap = r.linkAdd(Tun.tap("pttap0").withAttrs(
                    LinkAttrs.named("pttap0").withMtu(1400).withMac(MAC).withMaster("ptbr0").withUp(true)));
                final Map<String, Object> j = Lab.link(a, "pttap0");
                assertEquals((long) tap, j.get("ifindex"));
                assertEquals("tun", Lab.at(j, "linkinfo", "info_kind"));
                assertEquals("tap", Lab.at(j, "linkinfo", "info_data", "type"));
                assertEquals(Boolean.TRUE, Lab.at(j, "linkinfo", "info_data", "persist"));
                assertEquals(Boolean.FALSE, Lab.at(j, "linkinfo", "info_data", "multi_queue"));
                assertEquals(1400L, j.get("mtu"));
                assertEquals(MAC.toString(), j.get("address"));
                assertEquals("ptbr0", j.get("master"));
                assertTrue(Lab.hasFlag(j, "UP"));
                assertEquals("tun", r.linkGet("pttap0").orElseThrow().kind());

                final KernelException dup = assertThrows(KernelException.class, () -> r.linkAdd(Tun.tun("pttap0")));
                assertEquals(Errno.EEXIST, dup.errno());
                assertEquals("tun pttap0", dup.object());

                // a failing configuration step removes the device again
                final KernelException bad = assertThrows(KernelException.class,
                    () -> r.linkAdd(Tun.tun("pttun1").withAttrs(LinkAttrs.named("pttun1").withMtu(70000))));
                assertEquals(Errno.EINVAL, bad.errno(), bad.getMessage());
                assertNull(Lab.link(a, "pttun1"), "nothing half-created");

                r.linkAdd(Tun.tun("pttun0").withMultiQueue(true).withAttrs(LinkAttrs.named("pttun0").withNs(b)));
                assertNull(Lab.link(a, "pttun0"));
                final Map<String, Object> mq = Lab.link(b, "pttun0");
                assertEquals("tun", Lab.at(mq, "linkinfo", "info_data", "type"));
                assertEquals(Boolean.TRUE, Lab.at(mq, "linkinfo", "info_data", "multi_queue"), mq.toString());

                r.linkDel("pttap0");
                assertNull(Lab.link(a, "pttap0"));
            }
        }
    }
}
