// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import java.util.Locale;

/** An nftables address family: the word {@code nft} uses and the NFPROTO_* number netlink uses. */
public enum NftFamily
{
    INET(1, "inet"),
    IP(2, "ip"),
    ARP(3, "arp"),
    NETDEV(5, "netdev"),
    BRIDGE(7, "bridge"),
    IP6(10, "ip6");

    private final int code;
    private final String word;

    NftFamily(final int code, final String word)
    {
        this.code = code;
        this.word = word;
    }

    /** The NFPROTO_* value carried in nfgenmsg.nfgen_family. */
    public int code()
    {
        return code;
    }

    /** The family as {@code nft} spells it ("inet", "ip6"). */
    public String word()
    {
        return word;
    }

    /** Parses the {@code nft} spelling. */
    public static NftFamily parse(final String text)
    {
        final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (final NftFamily f : values())
        {
            if (f.word.equals(t))
            {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown nftables family '" + text + "' (ip, ip6, inet, arp, bridge, netdev)");
    }

    @Override
    public String toString()
    {
        return word;
    }
}
