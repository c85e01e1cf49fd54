// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.bridge;

import io.pontoon.kernel.net.IpPrefix;

import java.util.regex.Pattern;

/**
 * The nftables programme of the bridge driver, as text for {@code nft -f}. The skeleton is
 * loaded once per host namespace; each network adds its own chains and one element in each
 * dispatch map. Per-endpoint data (published ports, icc=false ports) are set/map elements
 * changed through the netlink fast path, so attaching an endpoint never spawns nft and every
 * packet costs O(1) map lookups however many networks and ports exist.
 *
 * <pre>
 *  prerouting (raw)        : iifname != lo, ip daddr 127.0.0.0/8 -> drop  (loopback_guard)
 *  prerouting/output (nat) : fib daddr type local  -> dnat via @pub_ip  (host ip . proto . port)
 *                                                  -> dnat via @pub_any (proto . port)
 *  forward (filter)        : established -> accept
 *                            oifname vmap @fwd_to   -> n_ID_to   (entering network ID)
 *                            iifname vmap @fwd_from -> n_ID_from (leaving network ID)
 *  postrouting (nat)       : oifname vmap @post_to  -> n_ID_post_to   (localhost and hairpin NAT)
 *                            ip saddr vmap @post_from -> n_ID_post_from (masquerade to the outside)
 *  bridge forward (filter) : iifname @icc_off, IP -> drop   (com.docker.network.bridge.enable_icc=false)
 * </pre>
 *
 * <p>{@code loopback_guard} runs before conntrack and the DNAT: a packet to 127.0.0.0/8 that
 * did not come in on {@code lo} (a LAN neighbour sending to 127.0.0.1 with this host's MAC, or a
 * sandbox sending to it through a bridge, which has {@code route_localnet=1}) would otherwise be
 * rewritten to a sandbox by the DNAT of a port published on 127.0.0.1 (or on all addresses)
 * before routing could drop it as a martian. Local traffic to 127.0.0.1 takes the output hook and
 * comes back on {@code lo}; replies to it enter from a bridge still addressed to the gateway (the
 * masquerade is undone after this chain), so neither is affected. See docs/nft.md.
 */
public final class BridgeRules
{
    /** The ip-family table holding NAT, forwarding and isolation. */
    public static final String TABLE = "pontoon";
    public static final String PUB_IP = "pub_ip";
    public static final String PUB_ANY = "pub_any";
    public static final String ICC_OFF = "icc_off";
    private static final Pattern CHAIN_ID = Pattern.compile("[0-9a-f]{12}");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private BridgeRules()
    {
    }

    /** The host-wide skeleton; {@code add} statements only, so loading it again changes nothing. */
    public static String skeleton()
    {
        return """
            add table ip pontoon
            add map ip pontoon pub_ip { type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service; }
            add map ip pontoon pub_any { type inet_proto . inet_service : ipv4_addr . inet_service; }
            add set ip pontoon bridges { type ifname; }
            add map ip pontoon fwd_to { type ifname : verdict; }
            add map ip pontoon fwd_from { type ifname : verdict; }
            add map ip pontoon post_to { type ifname : verdict; }
            add map ip pontoon post_from { type ipv4_addr : verdict; flags interval; }
            add chain ip pontoon loopback_guard { type filter hook prerouting priority raw; policy accept; }
            add chain ip pontoon prerouting { type nat hook prerouting priority dstnat; policy accept; }
            add chain ip pontoon output { type nat hook output priority -100; policy accept; }
            add chain ip pontoon postrouting { type nat hook postrouting priority srcnat; policy accept; }
            add chain ip pontoon forward { type filter hook forward priority filter; policy accept; }
            flush chain ip pontoon loopback_guard
            flush chain ip pontoon prerouting
            flush chain ip pontoon output
            flush chain ip pontoon postrouting
            flush chain ip pontoon forward
            add rule ip pontoon loopback_guard iifname != "lo" ip daddr 127.0.0.0/8 drop
            add rule ip pontoon prerouting fib daddr type local dnat ip to ip daddr . meta l4proto . th dport map @pub_ip
            add rule ip pontoon prerouting fib daddr type local dnat ip to meta l4proto . th dport map @pub_any
            add rule ip pontoon output fib daddr type local dnat ip to ip daddr . meta l4proto . th dport map @pub_ip
            add rule ip pontoon output fib daddr type local dnat ip to meta l4proto . th dport map @pub_any
            add rule ip pontoon postrouting oifname vmap @post_to
            add rule ip pontoon postrouting ip saddr vmap @post_from
            add rule ip pontoon forward ct state established,related accept
            add rule ip pontoon forward oifname vmap @fwd_to
            add rule ip pontoon forward iifname vmap @fwd_from
            add table bridge pontoon
            add set bridge pontoon icc_off { type ifname; }
            add chain bridge pontoon forward { type filter hook forward priority filter; policy accept; }
            flush chain bridge pontoon forward
            add rule bridge pontoon forward iifname @icc_off meta protocol { ip, ip6 } drop
            """;
    }

    /**
     * What a network needs from the ruleset. Every value that reaches an nft script is checked
     * here, before any script is built: {@code chainId} is 12 lowercase hex characters (the short
     * network id), {@code bridge} an interface name, {@code subnet} a typed prefix (an address
     * literal, never a name nft could resolve). Anything else is refused with
     * {@link IllegalArgumentException}, so no user text is ever spliced into a script.
     */
    public record NetworkRules(String chainId, String bridge, IpPrefix subnet, boolean internal, boolean masquerade)
    {
        public NetworkRules
        {
            if (chainId == null || !CHAIN_ID.matcher(chainId).matches())
            {
                throw new IllegalArgumentException("invalid nft chain id '" + chainId + "': expected 12 lowercase hex characters");
            }
            quote(bridge);
            if (subnet == null)
            {
                throw new IllegalArgumentException("a network's nft rules need its subnet");
            }
        }
    }

    /**
     * The chains and dispatch elements of one network. Applying it again after a partial
     * failure is safe: chains are created if missing and flushed before their rules are added.
     */
    public static String addNetwork(final NetworkRules n)
    {
        final String id = n.chainId();
        final String br = quote(n.bridge());
        final String subnet = n.subnet().network().toString();
        final StringBuilder sb = new StringBuilder();
        for (final String suffix : new String[] {"_to", "_from", "_post_to", "_post_from"})
        {
            sb.append("add chain ip pontoon n_").append(id).append(suffix).append('\n');
            sb.append("flush chain ip pontoon n_").append(id).append(suffix).append('\n');
        }
        final String to = "add rule ip pontoon n_" + id + "_to ";
        final String from = "add rule ip pontoon n_" + id + "_from ";
        if (n.internal())
        {
            // an internal network talks only to itself: nothing enters from, or leaves to, elsewhere
            sb.append(to).append("iifname ").append(br).append(" accept\n");
            sb.append(to).append("drop\n");
            sb.append(from).append("drop\n");
        }
        else
        {
            sb.append(to).append("iifname ").append(br).append(" accept\n");
            sb.append(to).append("iifname @bridges drop\n");
            sb.append(to).append("ct status dnat accept\n");
            sb.append(to).append("drop\n");
            sb.append(from).append("accept\n");
        }
        final String postTo = "add rule ip pontoon n_" + id + "_post_to ";
        sb.append(postTo).append("ip saddr 127.0.0.0/8 masquerade\n");
        sb.append(postTo).append("ct status dnat ip saddr ").append(subnet).append(" masquerade\n");
        final String postFrom = "add rule ip pontoon n_" + id + "_post_from ";
        sb.append(postFrom).append("oifname ").append(br).append(" return\n");
        if (n.masquerade() && !n.internal())
        {
            sb.append(postFrom).append("masquerade\n");
        }
        sb.append("add element ip pontoon bridges { ").append(br).append(" }\n");
        sb.append("add element ip pontoon fwd_to { ").append(br).append(" : jump n_").append(id).append("_to }\n");
        sb.append("add element ip pontoon fwd_from { ").append(br).append(" : jump n_").append(id).append("_from }\n");
        sb.append("add element ip pontoon post_to { ").append(br).append(" : jump n_").append(id).append("_post_to }\n");
        sb.append("add element ip pontoon post_from { ").append(subnet).append(" : jump n_").append(id)
            .append("_post_from }\n");
        return sb.toString();
    }

    /**
     * Removes a network's elements and chains. Each statement is a separate nft invocation's
     * worth of work only in the sense that missing objects must not stop the rest: callers run
     * {@link #removeNetworkStatements} one by one, tolerating "No such file or directory".
     */
    public static String[] removeNetworkStatements(final NetworkRules n)
    {
        final String id = n.chainId();
        final String br = quote(n.bridge());
        final String subnet = n.subnet().network().toString();
        return new String[] {
            "delete element ip pontoon fwd_to { " + br + " }",
            "delete element ip pontoon fwd_from { " + br + " }",
            "delete element ip pontoon post_to { " + br + " }",
            "delete element ip pontoon post_from { " + subnet + " }",
            "delete element ip pontoon bridges { " + br + " }",
            "delete chain ip pontoon n_" + id + "_to",
            "delete chain ip pontoon n_" + id + "_from",
            "delete chain ip pontoon n_" + id + "_post_to",
            "delete chain ip pontoon n_" + id + "_post_from",
        };
    }

    /** Interface names are checked again here; quoting keeps nft's parser literal. */
    private static String quote(final String ifname)
    {
        if (ifname == null || !IFNAME.matcher(ifname).matches())
        {
            throw new IllegalArgumentException("invalid interface name for nft: '" + ifname + "'");
        }
        return "\"" + ifname + "\"";
    }
}
