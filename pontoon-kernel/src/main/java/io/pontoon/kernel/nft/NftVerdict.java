// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

/**
 * The value of a verdict map element: {@code accept}, {@code drop}, {@code continue},
 * {@code return}, {@code jump CHAIN} or {@code goto CHAIN}. {@code code} is the kernel's verdict
 * number (NF_DROP 0, NF_ACCEPT 1, NFT_CONTINUE -1, NFT_JUMP -3, NFT_GOTO -4, NFT_RETURN -5).
 */
public record NftVerdict(int code, String chain)
{
    public static final int NF_DROP = 0;
    public static final int NF_ACCEPT = 1;
    public static final int NFT_CONTINUE = -1;
    public static final int NFT_JUMP = -3;
    public static final int NFT_GOTO = -4;
    public static final int NFT_RETURN = -5;

    public static final NftVerdict ACCEPT = new NftVerdict(NF_ACCEPT, null);
    public static final NftVerdict DROP = new NftVerdict(NF_DROP, null);
    public static final NftVerdict CONTINUE = new NftVerdict(NFT_CONTINUE, null);
    public static final NftVerdict RETURN = new NftVerdict(NFT_RETURN, null);

    public NftVerdict
    {
        final boolean needsChain = code == NFT_JUMP || code == NFT_GOTO;
        if (needsChain)
        {
            Nft.checkName("chain", chain);
        }
        else if (chain != null)
        {
            throw new IllegalArgumentException("only jump and goto name a chain");
        }
        else if (code != NF_DROP && code != NF_ACCEPT && code != NFT_CONTINUE && code != NFT_RETURN)
        {
            throw new IllegalArgumentException("unsupported verdict code " + code);
        }
    }

    /** {@code jump CHAIN}: run the chain, then come back. */
    public static NftVerdict jump(final String chain)
    {
        return new NftVerdict(NFT_JUMP, chain);
    }

    /** {@code goto CHAIN}: run the chain and do not come back. */
    public static NftVerdict goTo(final String chain)
    {
        return new NftVerdict(NFT_GOTO, chain);
    }

    @Override
    public String toString()
    {
        return switch (code)
        {
            case NF_DROP -> "drop";
            case NF_ACCEPT -> "accept";
            case NFT_CONTINUE -> "continue";
            case NFT_RETURN -> "return";
            case NFT_JUMP -> "jump " + chain;
            default -> "goto " + chain;
        };
    }
}
