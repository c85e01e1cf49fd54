// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.kernel.net.IpPrefix;

/**
 * The key layout of the cluster store (under {@code ROOT = <store root>global/}) and of this
 * host's own cluster bookkeeping in the local store (under {@code <store root>cluster/}).
 * <pre>
 *   ROOT hosts/NAME                    {"name","address","lease","started"}      bound to the host's lease
 *   ROOT network-guard                 id of the last network created; every creation compares and bumps it
 *   ROOT network-names/NAME            network id
 *   ROOT networks/ID                   the NetworkRecord (scope global, options with pontoon.vni)
 *   ROOT network-state/ID              "active" | "removing"; endpoint and block writes compare its revision
 *   ROOT vni/VNI                       network id
 *   ROOT ipam/ID/blocks/A.B.C.D-LEN    {"host","claimed"}: the block's affinity
 *   ROOT endpoints/ID/EPID             {"id","host","kind","ip","mac","vtep"}    bound to the host's lease
 *
 *   LOCAL host                         {"name","address","lease"}: the last registration, for a restart
 *   LOCAL blocks/ID/A.B.C.D-LEN        a block this host owns
 *   LOCAL addrs/ID/A.B.C.D             {"kind": "address" | "host"}: an address allocated here
 * </pre>
 */
public record ClusterKeys(String root, String local)
{
    /** Keys for a store root such as {@code /pontoon/v1/}. */
    public static ClusterKeys under(final String storeRoot)
    {
        if (!storeRoot.endsWith("/"))
        {
            throw new IllegalArgumentException("store root must end with '/': " + storeRoot);
        }
        return new ClusterKeys(storeRoot + "global/", storeRoot + "cluster/");
    }

    public String host(final String name)
    {
        return root + "hosts/" + name;
    }

    public String networkGuard()
    {
        return root + "network-guard";
    }

    public String networkName(final String name)
    {
        return root + "network-names/" + name;
    }

    public String network(final String id)
    {
        return root + "networks/" + id;
    }

    public String networksPrefix()
    {
        return root + "networks/";
    }

    public String networkState(final String id)
    {
        return root + "network-state/" + id;
    }

    public String vni(final int vni)
    {
        return root + "vni/" + vni;
    }

    public String ipamPrefix(final String networkId)
    {
        return root + "ipam/" + networkId + "/";
    }

    public String block(final String networkId, final IpPrefix block)
    {
        return ipamPrefix(networkId) + "blocks/" + blockId(block);
    }

    public String endpointsPrefix(final String networkId)
    {
        return root + "endpoints/" + networkId + "/";
    }

    public String endpoint(final String networkId, final String endpointId)
    {
        return endpointsPrefix(networkId) + endpointId;
    }

    public String localHost()
    {
        return local + "host";
    }

    public String localBlocks(final String networkId)
    {
        return local + "blocks/" + networkId + "/";
    }

    public String localBlock(final String networkId, final IpPrefix block)
    {
        return localBlocks(networkId) + blockId(block);
    }

    public String localAddrs(final String networkId)
    {
        return local + "addrs/" + networkId + "/";
    }

    public String localAddr(final String networkId, final java.net.InetAddress a)
    {
        return localAddrs(networkId) + a.getHostAddress();
    }

    /** {@code 10.1.0.64/26} as {@code 10.1.0.64-26}. */
    public static String blockId(final IpPrefix block)
    {
        return block.toString().replace('/', '-');
    }

    /** The inverse of {@link #blockId}. */
    public static IpPrefix parseBlockId(final String id)
    {
        return IpPrefix.parse(id.replace('-', '/'));
    }

    /** What a cluster key names. */
    public sealed interface Parsed permits HostKey, NetworkKey, StateKey, BlockKey, EndpointKey, OtherKey
    {
    }

    public record HostKey(String name) implements Parsed
    {
    }

    public record NetworkKey(String id) implements Parsed
    {
    }

    public record StateKey(String id) implements Parsed
    {
    }

    public record BlockKey(String networkId, IpPrefix block) implements Parsed
    {
    }

    public record EndpointKey(String networkId, String endpointId) implements Parsed
    {
    }

    public record OtherKey(String key) implements Parsed
    {
    }

    /** Parses a key under {@link #root}; keys of no interest (names, guard, vni) are {@link OtherKey}. */
    public Parsed parse(final String key)
    {
        if (!key.startsWith(root))
        {
            return new OtherKey(key);
        }
        final String[] p = key.substring(root.length()).split("/", -1);
        try
        {
            return switch (p[0])
            {
                case "hosts" -> p.length == 2 ? new HostKey(p[1]) : new OtherKey(key);
                case "networks" -> p.length == 2 ? new NetworkKey(p[1]) : new OtherKey(key);
                case "network-state" -> p.length == 2 ? new StateKey(p[1]) : new OtherKey(key);
                case "ipam" -> p.length == 4 && p[2].equals("blocks") ? new BlockKey(p[1], parseBlockId(p[3])) : new OtherKey(key);
                case "endpoints" -> p.length == 3 ? new EndpointKey(p[1], p[2]) : new OtherKey(key);
                default -> new OtherKey(key);
            };
        }
        catch (final IllegalArgumentException e)
        {
            return new OtherKey(key);
        }
    }
}
