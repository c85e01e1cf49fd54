// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netns.NetNs;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two namespaces joined by a veth made through Rtnl, the container end created directly in the second. */
@Tag("privileged")
class RtnlVethPrivilegedTest
{
    @Test
    void vethWithPeerCreatedInTheOtherNamespaceCarriesPings()
    {
        try (Lab lab = new Lab())
        {
            final NetNs host = lab.ns("H");
            final NetNs sandbox = lab.ns("S");
            try (Rtnl h = Rtnl.open(host); Rtnl s = Rtnl.open(sandbox))
            {
                final MacAddress peerMac = MacAddress.parse("02:42:0a:c8:00:02");
                final Veth veth = Veth.of("ptv1", "eth0").withAttrs(LinkAttrs.named("ptv1").withMtu(1400).withUp(true))
                    .withPeer(LinkAttrs.named("eth0").withNs(sandbox).withMac(peerMac)).withQueues(1);
                final int index = h.linkAdd(veth);

                final Map<String, Object> hostEnd = Lab.link(host, "ptv1");
                assertEquals((long) index, hostEnd.get("ifindex"));
                assertEquals("veth", kind(hostEnd));
                assertEquals(1400L, hostEnd.get("mtu"));
                assertEquals(1L, hostEnd.get("num_tx_queues"));
                assertEquals(1L, hostEnd.get("num_rx_queues"));
                assertTrue(((List<?>) hostEnd.get("flags")).contains("UP"), hostEnd.toString());
                final Map<String, Object> sandboxEnd = Lab.link(sandbox, "eth0");
                assertEquals("veth", kind(sandboxEnd));
                assertEquals(peerMac.toString(), sandboxEnd.get("address"));
                assertEquals(1400L, sandboxEnd.get("mtu"), "the peer inherits the MTU");
                assertEquals(1L, sandboxEnd.get("num_rx_queues"));
                assertNull(Lab.link(host, "eth0"), "the peer must not exist in the host namespace");

                final LinkInfo mine = h.linkGet("ptv1").orElseThrow();
                assertEquals(index, mine.index());
                assertEquals("veth", mine.kind());
                assertEquals(1400, mine.mtu());
                assertTrue(mine.up());
                final LinkInfo theirs = s.linkGet("eth0").orElseThrow();
                assertEquals(peerMac, theirs.mac());
                assertEquals(index, theirs.linkIndex(), "IFLA_LINK of the peer is the host end's ifindex");
                assertEquals(theirs, s.linkGet(theirs.index()).orElseThrow());
                assertEquals(theirs.index(), s.linkIndex("eth0"), "names resolve in the handle's namespace");
                assertEquals(Errno.ENODEV, assertThrows(KernelException.class, () -> h.linkIndex("eth0")).errno(),
                    "not in the host namespace, nor in the test process's own (which has an eth0)");
                assertEquals(List.of("lo", "eth0"), s.linkList().stream().map(LinkInfo::name).toList());

                s.linkSetUp("eth0");
                h.addrAdd("ptv1", IpPrefix.parse("10.200.0.1/24"));
                s.addrAdd("eth0", "10.200.0.2/24");
                s.linkSetUp("lo");
                assertEquals(List.of(IpPrefix.parse("10.200.0.1/24")), h.addrList("ptv1").stream()
                    .filter(IpPrefix::isIpv4).toList());
                final Map<String, Object> ipAddr = Lab.json(sandbox, "ip", "-j", "addr", "show", "dev", "eth0").getFirst();
                assertTrue(ipAddr.get("addr_info").toString().contains("local=10.200.0.2, prefixlen=24"),
                    ipAddr.toString());

                assertEquals(0, Lab.run(host, "ping", "-c1", "-W1", "10.200.0.2").exit(), "host -> sandbox");
                assertEquals(0, Lab.run(sandbox, "ping", "-c1", "-W1", "10.200.0.1").exit(), "sandbox -> host");

                h.linkDel("ptv1");
                assertNull(Lab.link(host, "ptv1"));
                assertNull(Lab.link(sandbox, "eth0"), "deleting one end deletes the pair");
            }
        }
    }

    @SuppressWarnings("unchecked")
    static String kind(final Map<String, Object> link)
    {
        final Map<String, Object> info = (Map<String, Object>) link.get("linkinfo");
        return info == null ? null : (String) info.get("info_kind");
    }
}
