// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

/**
 * What the kernel says about a named set (NFT_MSG_GETSET): its flags and the byte lengths of its
 * keys and values. Element encoding depends on it: an interval set without concatenation (an
 * rbtree) takes a range as a start element plus an end element, one with concatenation (pipapo)
 * takes one element with NFTA_SET_ELEM_KEY_END.
 */
record SetInfo(NftFamily family, String table, String name, int flags, int keyLen, int dataType, int dataLen)
{
    static final int NFT_SET_INTERVAL = 0x4;
    static final int NFT_SET_MAP = 0x8;
    static final int NFT_SET_CONCAT = 0x80;
    static final int NFT_DATA_VERDICT = 0xffffff00;

    boolean interval()
    {
        return (flags & NFT_SET_INTERVAL) != 0;
    }

    boolean concat()
    {
        return (flags & NFT_SET_CONCAT) != 0;
    }

    boolean map()
    {
        return (flags & NFT_SET_MAP) != 0;
    }

    boolean verdictMap()
    {
        return map() && dataType == NFT_DATA_VERDICT;
    }

    /** {@code inet pt_nat m}, as in {@code nft list map inet pt_nat m}. */
    String what()
    {
        return Nft.describe(family, table, name);
    }
}
