// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.core.model.NetworkRecord;
import io.pontoon.kernel.net.IpPrefix;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Option keys the control plane writes into overlay network records for the data plane. The VNI
 * is global (same on every host); the host address and MAC are this host's own and exist only in
 * its local mirror of the record, while it takes part in the network (has endpoints on it).
 */
public final class ClusterOptions
{
    /**
     * The network's VXLAN network identifier, decimal, unique in the cluster. The data plane reads
     * it from {@link NetworkRecord#options()} under this key (agreed name; change both sides together).
     */
    public static final String VNI = "pontoon.vni";
    /**
     * This host's source address on the network, CIDR with the subnet's length (e.g.
     * {@code 10.1.0.18/24}): the address host-originated traffic into the overlay uses. Other hosts
     * see it as a remote endpoint with id {@code host-NAME}.
     */
    public static final String HOST_ADDRESS = "pontoon.overlay.host-address";
    /** The MAC other hosts are told for {@link #HOST_ADDRESS} (the data plane gives it to the host side). */
    public static final String HOST_MAC = "pontoon.overlay.host-mac";
    /** The lowest VNI handed out (Docker swarm's range starts here too). */
    public static final int FIRST_VNI = 4096;
    /** The highest VNI (24 bits). */
    public static final int LAST_VNI = (1 << 24) - 1;

    private ClusterOptions()
    {
    }

    /** The network's VNI, if it has one. */
    public static Optional<Integer> vni(final NetworkRecord n)
    {
        final String v = n.options().get(VNI);
        return v == null ? Optional.empty() : Optional.of(Integer.parseInt(v));
    }

    /** This host's address on the network, while it takes part in it. */
    public static Optional<IpPrefix> hostAddress(final NetworkRecord n)
    {
        final String v = n.options().get(HOST_ADDRESS);
        return v == null ? Optional.empty() : Optional.of(IpPrefix.parse(v));
    }

    /** Whether this host takes part in the network (its local mirror carries a host address). */
    public static boolean participating(final NetworkRecord n)
    {
        return n.options().containsKey(HOST_ADDRESS);
    }

    /** The record with this host's address and MAC added. */
    public static NetworkRecord withHost(final NetworkRecord n, final IpPrefix address, final String mac)
    {
        final Map<String, String> o = new LinkedHashMap<>(n.options());
        o.put(HOST_ADDRESS, address.toString());
        o.put(HOST_MAC, mac);
        return withOptions(n, o);
    }

    /** The record as the cluster stores it: without the host-local options. */
    public static NetworkRecord global(final NetworkRecord n)
    {
        if (!n.options().containsKey(HOST_ADDRESS) && !n.options().containsKey(HOST_MAC))
        {
            return n;
        }
        final Map<String, String> o = new LinkedHashMap<>(n.options());
        o.remove(HOST_ADDRESS);
        o.remove(HOST_MAC);
        return withOptions(n, o);
    }

    static NetworkRecord withOptions(final NetworkRecord n, final Map<String, String> options)
    {
        return new NetworkRecord(n.id(), n.name(), n.driver(), n.scope(), n.internal(), n.subnet(), n.gateway(), n.ipRange(),
            n.poolId(), options, n.labels(), n.created(), n.bridgeName());
    }
}
