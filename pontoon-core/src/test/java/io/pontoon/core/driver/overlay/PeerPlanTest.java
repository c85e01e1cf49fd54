// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.overlay;

import io.pontoon.core.driver.overlay.PeerPlan.DelFdb;
import io.pontoon.core.driver.overlay.PeerPlan.DelNeigh;
import io.pontoon.core.driver.overlay.PeerPlan.Desired;
import io.pontoon.core.driver.overlay.PeerPlan.KernelView;
import io.pontoon.core.driver.overlay.PeerPlan.Op;
import io.pontoon.core.driver.overlay.PeerPlan.PutFdb;
import io.pontoon.core.driver.overlay.PeerPlan.PutNeigh;
import io.pontoon.core.driver.overlay.PeerPlan.Scope;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;
import io.pontoon.kernel.netlink.rtnl.Fdb;
import io.pontoon.kernel.netlink.rtnl.Neigh;
import io.pontoon.kernel.netlink.rtnl.RtConst;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerPlanTest
{
    private static final String DEV = "ptx2a";
    private static final InetAddress LOCAL = ip("198.18.0.11");
    private static final InetAddress H2 = ip("198.18.0.12");
    private static final InetAddress H3 = ip("198.18.0.13");

    private static InetAddress ip(final String s)
    {
        return IpPrefix.Ip.parse(s);
    }

    private static MacAddress mac(final int last)
    {
        return new MacAddress(0x0242_0ac8_0000L | last);
    }

    private static RemoteEndpoint ep(final String id, final int last, final InetAddress vtep)
    {
        return new RemoteEndpoint(id, "h", ip("10.200.0." + last), mac(last), vtep);
    }

    private static List<Op> plan(final List<RemoteEndpoint> eps, final KernelView have, final Scope scope)
    {
        return PeerPlan.plan(DEV, Desired.of(eps, LOCAL), have, scope);
    }

    private static KernelView empty()
    {
        return KernelView.of(List.of(), List.of());
    }

    /** The kernel as it is after {@code ops}: what a later plan diffs against. */
    private static KernelView after(final KernelView v, final List<Op> ops)
    {
        ops.forEach(v::apply);
        return v;
    }

    @Test
    void newEndpointsGetForwardingBeforeTheirNeighbourAndLocalOnesNothing()
    {
        final List<RemoteEndpoint> eps = List.of(ep("a", 2, H2), ep("b", 3, H3), ep("mine", 4, LOCAL));
        final List<Op> ops = plan(eps, empty(), Scope.ALL);
        assertEquals(List.of(
            new PutFdb(Fdb.vxlan(DEV, mac(2), H2)), new PutFdb(Fdb.bridgePort(DEV, mac(2))),
            new PutFdb(Fdb.vxlan(DEV, mac(3), H3)), new PutFdb(Fdb.bridgePort(DEV, mac(3))),
            new PutNeigh(Neigh.permanent(DEV, ip("10.200.0.2"), mac(2))),
            new PutNeigh(Neigh.permanent(DEV, ip("10.200.0.3"), mac(3)))), ops);
    }

    @Test
    void whatTheKernelHasAlreadyIsNotWrittenAgain()
    {
        final List<RemoteEndpoint> eps = List.of(ep("a", 2, H2), ep("b", 3, H3));
        final KernelView have = after(empty(), plan(eps, empty(), Scope.ALL));
        assertEquals(List.of(), plan(eps, have, Scope.ALL));
        // the same view read back from a dump, with the port's own local entry and a proxy entry around
        final List<Fdb> fdb = new ArrayList<>(List.of(Fdb.vxlan(DEV, mac(2), H2), Fdb.vxlan(DEV, mac(3), H3),
            Fdb.bridgePort(DEV, mac(2)), Fdb.bridgePort(DEV, mac(3)), new Fdb(DEV, mac(99), null, false, true, true)));
        final List<Neigh> neigh = List.of(Neigh.permanent(DEV, ip("10.200.0.2"), mac(2)),
            new Neigh(DEV, ip("10.200.0.3"), mac(3), RtConst.NUD_PERMANENT | RtConst.NUD_NOARP, false),
            Neigh.proxyFor(DEV, ip("10.200.0.9")));
        assertEquals(List.of(), plan(eps, KernelView.of(fdb, neigh), Scope.ALL));
    }

    @Test
    void aResyncRemovesFloodEntriesStaleEndpointsAndMovesAMacToItsNewVtep()
    {
        final List<Fdb> fdb = List.of(Fdb.flood(DEV, H2), Fdb.vxlan(DEV, mac(2), H2), Fdb.vxlan(DEV, mac(2), H3),
            Fdb.bridgePort(DEV, mac(2)), Fdb.vxlan(DEV, mac(7), H3), Fdb.bridgePort(DEV, mac(7)));
        final List<Neigh> neigh = List.of(Neigh.permanent(DEV, ip("10.200.0.2"), mac(2)),
            Neigh.permanent(DEV, ip("10.200.0.7"), mac(7)));
        final List<RemoteEndpoint> eps = List.of(ep("a", 2, H3));
        final List<Op> ops = plan(eps, KernelView.of(fdb, neigh), Scope.ALL);
        assertEquals(List.of(
            new DelNeigh(Neigh.permanent(DEV, ip("10.200.0.7"), mac(7))),
            new DelFdb(Fdb.bridgePort(DEV, mac(7))),
            new DelFdb(Fdb.flood(DEV, H2)),
            new DelFdb(Fdb.vxlan(DEV, mac(2), H2)),
            new DelFdb(Fdb.vxlan(DEV, mac(7), H3))), ops, "mac 2 already has H3: its H2 copy goes, nothing is put");

        final List<Op> moved = plan(List.of(ep("a", 2, H3)), KernelView.of(List.of(Fdb.vxlan(DEV, mac(2), H2),
            Fdb.bridgePort(DEV, mac(2))), neigh.subList(0, 1)), Scope.ALL);
        assertEquals(List.of(new PutFdb(Fdb.vxlan(DEV, mac(2), H3))), moved, "one atomic replace, no delete");
    }

    @Test
    void anIncrementalChangeTouchesOnlyItsOwnKeys()
    {
        final KernelView have = KernelView.of(List.of(Fdb.flood(DEV, H2), Fdb.vxlan(DEV, mac(9), H2)), List.of());
        final RemoteEndpoint a = ep("a", 2, H2);
        final List<Op> ops = plan(List.of(a), have, Scope.of(a));
        assertTrue(ops.stream().noneMatch(o -> o instanceof DelFdb), "leftovers wait for a resync: " + ops);
        assertEquals(3, ops.size(), ops.toString());
        after(have, ops);
        final List<Op> gone = plan(List.of(), have, Scope.of(a));
        assertEquals(List.of(new DelNeigh(Neigh.permanent(DEV, ip("10.200.0.2"), mac(2))),
            new DelFdb(Fdb.bridgePort(DEV, mac(2))), new DelFdb(Fdb.vxlan(DEV, mac(2), H2))), gone);
    }

    @Test
    void theNewestEndpointWinsASharedAddressAndItsRemovalHandsItBack()
    {
        final RemoteEndpoint old = ep("old", 2, H2);
        final RemoteEndpoint moved = new RemoteEndpoint("new", "h3", ip("10.200.0.2"), mac(42), H3);
        final KernelView have = after(empty(), plan(List.of(old), empty(), Scope.ALL));
        final List<Op> ops = plan(List.of(old, moved), have, Scope.of(moved));
        assertTrue(ops.contains(new PutNeigh(Neigh.permanent(DEV, ip("10.200.0.2"), mac(42)))), ops.toString());
        after(have, ops);
        final List<Op> back = plan(List.of(old), have, Scope.of(moved));
        assertTrue(back.contains(new PutNeigh(Neigh.permanent(DEV, ip("10.200.0.2"), mac(2)))), back.toString());
        assertTrue(back.contains(new DelFdb(Fdb.vxlan(DEV, mac(42), H3))), back.toString());
    }
}
