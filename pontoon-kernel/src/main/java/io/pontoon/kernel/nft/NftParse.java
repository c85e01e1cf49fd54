// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import io.pontoon.kernel.netlink.NlAttrs;
import io.pontoon.kernel.netlink.NlReply;
import io.pontoon.kernel.nft.NftWire.WireElem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static io.pontoon.kernel.nft.NftWire.NFTA_DATA_VALUE;
import static io.pontoon.kernel.nft.NftWire.NFTA_DATA_VERDICT;
import static io.pontoon.kernel.nft.NftWire.NFTA_SET_ELEM_DATA;
import static io.pontoon.kernel.nft.NftWire.NFTA_SET_ELEM_FLAGS;
import static io.pontoon.kernel.nft.NftWire.NFTA_SET_ELEM_KEY;
import static io.pontoon.kernel.nft.NftWire.NFTA_SET_ELEM_KEY_END;
import static io.pontoon.kernel.nft.NftWire.NFTA_SET_ELEM_LIST_ELEMENTS;
import static io.pontoon.kernel.nft.NftWire.NFTA_VERDICT_CHAIN;
import static io.pontoon.kernel.nft.NftWire.NFTA_VERDICT_CODE;
import static io.pontoon.kernel.nft.NftWire.NFT_SET_ELEM_INTERVAL_END;

/** Reads nf_tables replies: a NEWSET message into {@link SetInfo}, NEWSETELEM dumps into elements. */
final class NftParse
{
    private NftParse()
    {
    }

    static SetInfo setInfo(final NlReply r, final NftFamily family, final String table, final String set)
    {
        final NlAttrs a = r.attrs(NftWire.NFGENMSG_LEN);
        return new SetInfo(family, table, set, a.u32Be(NftWire.NFTA_SET_FLAGS, 0), a.u32Be(NftWire.NFTA_SET_KEY_LEN, 0),
            a.u32Be(NftWire.NFTA_SET_DATA_TYPE, 0), a.u32Be(NftWire.NFTA_SET_DATA_LEN, 0));
    }

    /** The wire elements of NEWSETELEM messages (a dump, or a batch we built, for tests). */
    static List<WireElem> wireElements(final List<NlReply> replies)
    {
        final List<WireElem> out = new ArrayList<>();
        for (final NlReply r : replies)
        {
            final NlAttrs list = r.attrs(NftWire.NFGENMSG_LEN).nested(NFTA_SET_ELEM_LIST_ELEMENTS);
            if (list == null)
            {
                continue;
            }
            // the kernel ignores the type of list items (libnftnl numbers them 1, 2, 3...)
            for (int i = 0; i < list.size(); i++)
            {
                out.add(wireElement(NlAttrs.parse(list.valueAt(i))));
            }
        }
        return out;
    }

    private static WireElem wireElement(final NlAttrs e)
    {
        final NlAttrs data = e.nested(NFTA_SET_ELEM_DATA);
        NftVerdict verdict = null;
        byte[] value = null;
        if (data != null && data.has(NFTA_DATA_VERDICT))
        {
            final NlAttrs v = data.nested(NFTA_DATA_VERDICT);
            verdict = new NftVerdict(v.u32Be(NFTA_VERDICT_CODE, 0), v.string(NFTA_VERDICT_CHAIN));
        }
        else if (data != null)
        {
            value = data.bytes(NFTA_DATA_VALUE);
        }
        return new WireElem(value(e, NFTA_SET_ELEM_KEY), value(e, NFTA_SET_ELEM_KEY_END), e.u32Be(NFTA_SET_ELEM_FLAGS, 0),
            value, verdict);
    }

    private static byte[] value(final NlAttrs e, final int type)
    {
        final NlAttrs n = e.nested(type);
        return n == null ? null : n.bytes(NFTA_DATA_VALUE);
    }

    /**
     * Folds wire elements back into API elements. An rbtree interval set reports each range as a
     * start element and an end element (flag INTERVAL_END, key one past the range) in no useful
     * order; they are sorted and paired here. A one-value range comes back as a plain element.
     */
    static List<SetElement> elements(final List<WireElem> wire, final SetInfo set)
    {
        final List<SetElement> out = new ArrayList<>();
        if (!set.interval() || set.concat())
        {
            for (final WireElem w : wire)
            {
                final NftKey k = NftKey.raw(w.key());
                final NftKey end = w.keyEnd() == null || Arrays.equals(w.key(), w.keyEnd()) ? null : NftKey.raw(w.keyEnd());
                out.add(new SetElement(k, end, w.data() == null ? null : NftKey.raw(w.data()), w.verdict()));
            }
            return out;
        }
        final List<WireElem> sorted = new ArrayList<>(wire);
        // ascending key; at equal keys the end of the previous range comes before the next start
        sorted.sort(Comparator.comparing(WireElem::key, Arrays::compareUnsigned)
            .thenComparing(w -> (w.flags() & NFT_SET_ELEM_INTERVAL_END) == 0));
        WireElem start = null;
        for (final WireElem w : sorted)
        {
            final boolean isEnd = (w.flags() & NFT_SET_ELEM_INTERVAL_END) != 0;
            if (isEnd && start != null)
            {
                out.add(range(start, NftKey.raw(w.key()).previous()));
                start = null;
            }
            else if (!isEnd)
            {
                if (start != null)
                {
                    out.add(range(start, NftKey.raw(w.key()).previous()));
                }
                start = w;
            }
        }
        if (start != null)
        {
            final byte[] max = new byte[start.key().length];
            Arrays.fill(max, (byte) 0xff);
            out.add(range(start, NftKey.raw(max)));
        }
        return out;
    }

    private static SetElement range(final WireElem start, final NftKey last)
    {
        final NftKey k = NftKey.raw(start.key());
        return new SetElement(k, k.equals(last) ? null : last, start.data() == null ? null : NftKey.raw(start.data()),
            start.verdict());
    }
}
