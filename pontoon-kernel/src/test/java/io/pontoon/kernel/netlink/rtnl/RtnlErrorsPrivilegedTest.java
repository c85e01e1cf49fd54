// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netns.NetNs;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gives a KernelException that names the operation, the object and the errno, and
 * leaves nothing half-created (checked with {@code ip link} in every namespace involved).
 */
@Tag("privileged")
class RtnlErrorsPrivilegedTest
{
    private static KernelException fails(final int errno, final String op, final String object, final Executable call)
    {
        final KernelException e = assertThrows(KernelException.class, call);
        assertEquals(errno, e.errno(), e.getMessage());
        assertEquals(op, e.operation(), e.getMessage());
        assertEquals(object, e.object(), e.getMessage());
        assertTrue(e.getMessage().startsWith(op + " " + object + ": "), e.getMessage());
        return e;
    }

    @Test
    void badNamesAreRefusedBeforeAnySyscall()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = Rtnl.open(a))
            {
                final KernelException tooLong = fails(Errno.EINVAL, "ip link add", "veth ptveth-far-too-long peer eth0",
                    () -> r.linkAdd(Veth.of("ptveth-far-too-long", "eth0")));
                assertTrue(tooLong.extack().contains("at most 15"), tooLong.extack());
                fails(Errno.EINVAL, "ip link add", "veth ptv0 peer e/th0", () -> r.linkAdd(Veth.of("ptv0", "e/th0")));
                fails(Errno.EINVAL, "ip link add", "bridge pt br", () -> r.linkAdd(Bridge.of("pt br")));
                fails(Errno.EINVAL, "ip link add", "bridge ..", () -> r.linkAdd(Bridge.of("..")));
                fails(Errno.EINVAL, "ip link add", "tun pt:1", () -> r.linkAdd(Tun.tun("pt:1")));
                fails(Errno.EINVAL, "ip link del", "pt\tx", () -> r.linkDel("pt\tx"));
                fails(Errno.EINVAL, "ip link set", "lo master br/0", () -> r.linkSetMaster("lo", "br/0"));
                fails(Errno.EINVAL, "ip addr add", "10.0.0.1/24 dev a b", () -> r.addrAdd("a b", "10.0.0.1/24"));
                assertEquals(List.of("lo"), Lab.linkNames(a));
            }
        }
    }

    @Test
    void unknownDevicesAndMissingObjectsAreNamed()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = Rtnl.open(a))
            {
                r.linkAdd(Bridge.of("ptbr0").withAttrs(LinkAttrs.named("ptbr0").withUp(true)));
                fails(Errno.ENODEV, "ip link set", "ptnope up", () -> r.linkSetUp("ptnope"));
                fails(Errno.ENODEV, "ip link del", "ptnope", () -> r.linkDel("ptnope"));
                fails(Errno.ENODEV, "ip addr add", "10.0.0.1/24 dev ptnope", () -> r.addrAdd("ptnope", "10.0.0.1/24"));
                fails(Errno.ENODEV, "ip route add", "10.9.0.0/16 dev ptnope table 254",
                    () -> r.routeAdd(Route.dev(IpPrefix.parse("10.9.0.0/16"), "ptnope")));
                fails(Errno.ENODEV, "ip link add", "bridge ptbr1",
                    () -> r.linkAdd(Bridge.of("ptbr1").withAttrs(LinkAttrs.named("ptbr1").withMaster("ptnope"))));
                assertTrue(r.linkGet("ptnope").isEmpty());

                fails(Errno.EADDRNOTAVAIL, "ip addr del", "10.9.9.9/24 dev ptbr0", () -> r.addrDel("ptbr0", "10.9.9.9/24"));
                fails(Errno.ESRCH, "ip route del", "blackhole 10.99.0.0/16 table 254",
                    () -> r.routeDel(Route.blackhole(IpPrefix.parse("10.99.0.0/16"))));
                final MacAddress mac = MacAddress.parse("02:00:00:00:00:99");
                final Neigh neigh = Neigh.permanent("ptbr0", IpPrefix.Ip.parse("10.0.0.99"), mac);
                fails(Errno.ENOENT, "ip neigh del", neigh.describe(), () -> r.neighDel(neigh));
                final Fdb fdb = new Fdb("ptbr0", mac, null, true, false, false);
                fails(Errno.ENOENT, "bridge fdb del", "02:00:00:00:00:99 dev ptbr0 self static", () -> r.fdbDel(fdb));
                // "master" on a device that is no bridge port: nobody to ask
                fails(Errno.EOPNOTSUPP, "bridge fdb del", "02:00:00:00:00:99 dev ptbr0 master static",
                    () -> r.fdbDel(Fdb.bridgePort("ptbr0", mac)));
                assertEquals(List.of("lo", "ptbr0"), Lab.linkNames(a));
            }
        }
    }

    @Test
    void unparsableAddressesAreRefusedWithoutDns()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = Rtnl.open(a))
            {
                r.linkAdd(Bridge.of("ptbr0"));
                fails(Errno.EINVAL, "ip addr add", "10.0.0.300/24 dev ptbr0", () -> r.addrAdd("ptbr0", "10.0.0.300/24"));
                fails(Errno.EINVAL, "ip addr add", "10.0.0.1/33 dev ptbr0", () -> r.addrAdd("ptbr0", "10.0.0.1/33"));
                fails(Errno.EINVAL, "ip addr add", "localhost/8 dev ptbr0", () -> r.addrAdd("ptbr0", "localhost/8"));
                fails(Errno.EINVAL, "ip addr del", " dev ptbr0", () -> r.addrDel("ptbr0", ""));
                assertEquals(List.of(), r.addrList("ptbr0").stream().filter(IpPrefix::isIpv4).toList());
            }
        }
    }

    @Test
    void duplicatesAndKernelRefusalsLeaveNothingHalfCreated()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            final NetNs b = lab.ns("B");
            try (Rtnl r = Rtnl.open(a); Rtnl s = Rtnl.open(b))
            {
                r.linkAdd(Bridge.of("ptbr0"));
                fails(Errno.EEXIST, "ip link add", "bridge ptbr0", () -> r.linkAdd(Bridge.of("ptbr0")));
                fails(Errno.EEXIST, "ip link add", "veth ptbr0 peer ptx1", () -> r.linkAdd(Veth.of("ptbr0", "ptx1")));

                // the sandbox already has an eth0: the peer cannot be made, and the host end must not linger
                s.linkAdd(Bridge.of("eth0"));
                fails(Errno.EEXIST, "ip link add", "veth ptv9 peer eth0",
                    () -> r.linkAdd(Veth.of("ptv9", "eth0").withPeerNs(b)));
                // an MTU the kernel refuses on the peer only, after both ends were allocated
                final KernelException mtu = fails(Errno.EINVAL, "ip link add", "veth ptv8 peer eth1",
                    () -> r.linkAdd(Veth.of("ptv8", "eth1").withPeerNs(b).withPeer(LinkAttrs.named("eth1").withNs(b)
                        .withMtu(70000))));
                assertTrue(mtu.getMessage().contains("EINVAL"), mtu.getMessage());
                fails(Errno.EEXIST, "ip link add", "veth ptv7 peer ptv7", () -> r.linkAdd(Veth.of("ptv7", "ptv7")));
                // enslaving to something that is no bridge fails after the pair was registered
                fails(Errno.EOPNOTSUPP, "ip link add", "veth ptv6 peer ptw6",
                    () -> r.linkAdd(Veth.of("ptv6", "ptw6").withAttrs(LinkAttrs.named("ptv6").withMaster("lo"))));

                assertEquals(List.of("lo", "ptbr0"), Lab.linkNames(a));
                assertEquals(List.of("lo", "eth0"), Lab.linkNames(b));
                assertEquals("bridge", RtnlVethPrivilegedTest.kind(Lab.link(b, "eth0")), "the sandbox's eth0 is untouched");
            }
        }
    }

    /**
     * The kernel's own extended-ack text reaches {@link KernelException#extack()}: the same
     * operation through {@code ip} prints it as {@code Error: TEXT.} on the same kernel.
     */
    @Test
    void theKernelsExtackTextIsCarried()
    {
        try (Lab lab = new Lab())
        {
            final NetNs a = lab.ns("A");
            try (Rtnl r = Rtnl.open(a))
            {
                r.linkAdd(Bridge.of("ptbr0").withAttrs(LinkAttrs.named("ptbr0").withUp(true)));
                final KernelException mtu = fails(Errno.EINVAL, "ip link set", "ptbr0 mtu 70000",
                    () -> r.linkSetMtu("ptbr0", 70000));
                assertEquals("mtu greater than device maximum", mtu.extack());
                assertTrue(mtu.getMessage().endsWith("(mtu greater than device maximum)"), mtu.getMessage());
                final Lab.Result ipMtu = Lab.run(a, "ip", "link", "set", "ptbr0", "mtu", "70000");
                assertTrue(ipMtu.err().contains("Error: " + mtu.extack()), ipMtu.err());

                // a gateway on no connected network: fib_check_nh refuses it with its own words
                final Route far = Route.via(IpPrefix.parse("10.9.0.0/16"), IpPrefix.Ip.parse("10.1.1.1"));
                final KernelException gw = assertThrows(KernelException.class, () -> r.routeAdd(far));
                assertEquals("ip route add", gw.operation());
                assertEquals(101, gw.errno(), "ENETUNREACH: " + gw.getMessage());
                assertEquals("Nexthop has invalid gateway", gw.extack());
                final Lab.Result ipGw = Lab.run(a, "ip", "route", "add", "10.9.0.0/16", "via", "10.1.1.1");
                assertTrue(ipGw.err().contains("Error: " + gw.extack()), ipGw.err());
                assertEquals(1500L, Lab.link(a, "ptbr0").get("mtu"));
                assertEquals(List.of(), Lab.json(a, "ip", "-j", "route", "show"));
            }
        }
    }
}
