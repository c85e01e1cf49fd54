// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.bridge;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.nft.Nft;
import io.pontoon.kernel.nft.NftFamily;
import io.pontoon.kernel.nft.NftKey;
import io.pontoon.kernel.nft.SetElement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes what the bridge driver's own nft tables hold that no network, endpoint or published
 * port explains: elements of the dispatch maps and of {@code bridges} for bridges that are gone,
 * DNAT elements of ports nobody publishes, {@code icc_off} ports that do not exist, and the
 * per-network chains (with their {@code post_from} subnet) of networks that are gone. Such state
 * is left when the store was lost or replaced while the kernel kept running; a stale
 * {@code post_from} subnet would even make creating a network with that subnet fail.
 */
final class RulesPruner
{
    private static final System.Logger LOG = System.getLogger("pontoon.bridge");
    private static final Pattern NET_CHAIN = Pattern.compile("n_([0-9a-f]{12})_(to|from|post_to|post_from)");
    private static final List<String> BY_BRIDGE = List.of("bridges", "fwd_to", "fwd_from", "post_to");

    private final Nft nft;

    RulesPruner(final Nft nft)
    {
        this.nft = nft;
    }

    /**
     * Keeps exactly {@code nets}' chains and dispatch elements, {@code published}'s DNAT
     * elements and {@code iccOff}'s ports. Equals a series of {@code nft destroy element} and
     * {@code nft delete chain}; elements go first, since a chain cannot go while a map jumps to it.
     */
    void prune(final List<BridgeDriver.Net> nets, final List<SetElement> published, final Set<String> iccOff)
    {
        final Set<NftKey> bridges = new HashSet<>();
        final Set<String> ids = new HashSet<>();
        for (final BridgeDriver.Net n : nets)
        {
            bridges.add(NftKey.ifname(n.bridge()));
            ids.add(n.chainId());
        }
        for (final String map : BY_BRIDGE)
        {
            destroyExcept(NftFamily.IP, map, bridges);
        }
        final Set<NftKey> pub = new HashSet<>();
        published.forEach(e -> pub.add(e.key()));
        destroyExcept(NftFamily.IP, BridgeRules.PUB_ANY, pub);
        destroyExcept(NftFamily.IP, BridgeRules.PUB_IP, pub);
        final Set<NftKey> icc = new HashSet<>();
        iccOff.forEach(i -> icc.add(NftKey.ifname(i)));
        destroyExcept(NftFamily.BRIDGE, BridgeRules.ICC_OFF, icc);

        final StringBuilder script = new StringBuilder();
        final List<String> chains = new ArrayList<>();
        for (final JsonObject o : Json.parseObject(nft.list(NftFamily.IP, BridgeRules.TABLE)).objects("nftables"))
        {
            if (o.has("chain"))
            {
                final String name = o.object("chain").string("name");
                final var m = NET_CHAIN.matcher(name);
                if (m.matches() && !ids.contains(m.group(1)))
                {
                    chains.add(name);
                }
            }
            else if (o.has("map") && "post_from".equals(o.object("map").string("name")))
            {
                for (final Object e : o.object("map").array("elem"))
                {
                    staleSubnet(e, ids, script);
                }
            }
        }
        for (final String c : chains)
        {
            LOG.log(System.Logger.Level.INFO, "removing orphan nft chain " + c);
            script.append("delete chain ip ").append(BridgeRules.TABLE).append(' ').append(c).append('\n');
        }
        if (!script.isEmpty())
        {
            nft.apply(script.toString());
        }
    }

    /** Appends the deletion of a {@code post_from} element that jumps to a chain of no current network. */
    private static void staleSubnet(final Object elem, final Set<String> ids, final StringBuilder script)
    {
        if (!(elem instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof Map<?, ?> key)
            || !(pair.get(1) instanceof Map<?, ?> verdict) || !(verdict.get("jump") instanceof Map<?, ?> jump))
        {
            return;
        }
        final var m = NET_CHAIN.matcher(String.valueOf(jump.get("target")));
        if (!(key.get("prefix") instanceof Map<?, ?> prefix) || (m.matches() && ids.contains(m.group(1))))
        {
            return;
        }
        // parsed back into an IpPrefix, so only a validated literal reaches nft
        final IpPrefix subnet = IpPrefix.parseNetwork(prefix.get("addr") + "/" + prefix.get("len"));
        LOG.log(System.Logger.Level.INFO, "removing orphan nft subnet dispatch " + subnet);
        script.append("delete element ip ").append(BridgeRules.TABLE).append(" post_from { ").append(subnet).append(" }\n");
    }

    private void destroyExcept(final NftFamily family, final String set, final Set<NftKey> keep)
    {
        final List<SetElement> stale = new ArrayList<>();
        for (final SetElement e : nft.setList(family, BridgeRules.TABLE, set))
        {
            if (!keep.contains(e.key()))
            {
                stale.add(e.keyOnly());
            }
        }
        if (!stale.isEmpty())
        {
            LOG.log(System.Logger.Level.INFO, "removing " + stale.size() + " orphan element(s) of nft set " + set);
            nft.setDestroy(family, BridgeRules.TABLE, set, stale);
        }
    }
}
