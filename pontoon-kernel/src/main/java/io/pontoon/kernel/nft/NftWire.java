// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import io.pontoon.kernel.netlink.NlMsg;

import java.util.ArrayList;
import java.util.List;

/**
 * The nf_tables netlink wire format Pontoon writes: batch delimiters, set element lists, GETSET.
 *
 * <pre>
 * nlmsghdr | nfgenmsg { u8 family; u8 version (0); be16 res_id } | attributes
 *
 * BATCH_BEGIN (0x10)          family AF_UNSPEC, res_id = NFNL_SUBSYS_NFTABLES (10)
 *   (10 &lt;&lt; 8) | NEWSETELEM    family of the table; LIST_TABLE, LIST_SET, LIST_ELEMENTS [
 *                                 LIST_ELEM [ FLAGS?, KEY [ VALUE ], KEY_END [ VALUE ]?,
 *                                             DATA [ VALUE | VERDICT [ CODE, CHAIN? ] ]? ] ... ]
 *   ...                       (a big list is cut into several messages; one batch stays atomic)
 * BATCH_END (0x11)
 * </pre>
 *
 * Element messages carry NLM_F_ACK, the delimiters do not: the kernel acks each element
 * message and commits (or aborts) the whole batch at BATCH_END.
 */
final class NftWire
{
    static final int NFNL_SUBSYS_NFTABLES = 10;
    static final int NFNL_MSG_BATCH_BEGIN = 0x10;
    static final int NFNL_MSG_BATCH_END = 0x11;
    static final int NFGENMSG_LEN = 4;

    static final int NFT_MSG_GETTABLE = 1;
    static final int NFT_MSG_DELTABLE = 2;
    static final int NFT_MSG_NEWSET = 9;
    static final int NFT_MSG_GETSET = 10;
    static final int NFT_MSG_NEWSETELEM = 12;
    static final int NFT_MSG_GETSETELEM = 13;
    static final int NFT_MSG_DELSETELEM = 14;
    static final int NFT_MSG_DESTROYSETELEM = 30;

    static final int NFTA_TABLE_NAME = 1;
    static final int NFTA_SET_TABLE = 1;
    static final int NFTA_SET_NAME = 2;
    static final int NFTA_SET_FLAGS = 3;
    static final int NFTA_SET_KEY_LEN = 5;
    static final int NFTA_SET_DATA_TYPE = 6;
    static final int NFTA_SET_DATA_LEN = 7;
    static final int NFTA_SET_ELEM_LIST_TABLE = 1;
    static final int NFTA_SET_ELEM_LIST_SET = 2;
    static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    static final int NFTA_LIST_ELEM = 1;
    static final int NFTA_SET_ELEM_KEY = 1;
    static final int NFTA_SET_ELEM_DATA = 2;
    static final int NFTA_SET_ELEM_FLAGS = 3;
    static final int NFTA_SET_ELEM_KEY_END = 10;
    static final int NFTA_DATA_VALUE = 1;
    static final int NFTA_DATA_VERDICT = 2;
    static final int NFTA_VERDICT_CODE = 1;
    static final int NFTA_VERDICT_CHAIN = 2;
    static final int NFT_SET_ELEM_INTERVAL_END = 0x1;

    /** Element list bytes per message; nested attribute lengths are 16-bit, so stay well below 64 KiB. */
    static final int CHUNK_BYTES = 32 * 1024;

    private NftWire()
    {
    }

    /** One element as it goes on the wire (a range on an rbtree set is two of these). */
    record WireElem(byte[] key, byte[] keyEnd, int flags, byte[] data, NftVerdict verdict)
    {
        int size()
        {
            int n = 4 + nested(attr(key.length));
            if (keyEnd != null)
            {
                n += nested(attr(keyEnd.length));
            }
            if (flags != 0)
            {
                n += attr(4);
            }
            if (data != null)
            {
                n += nested(attr(data.length));
            }
            if (verdict != null)
            {
                n += nested(nested(attr(4) + (verdict.chain() == null ? 0 : attr(verdict.chain().length() + 1))));
            }
            return n;
        }

        private static int attr(final int payload)
        {
            return 4 + NlMsg.align(payload);
        }

        private static int nested(final int payload)
        {
            return 4 + payload;
        }
    }

    static int type(final int msg)
    {
        return (NFNL_SUBSYS_NFTABLES << 8) | msg;
    }

    static NlMsg nfgen(final NlMsg m, final int family, final int resId)
    {
        return m.u8(family).u8(0).u8(resId >>> 8).u8(resId);
    }

    static void batchBegin(final NlMsg m)
    {
        nfgen(m.begin(NFNL_MSG_BATCH_BEGIN, NlMsg.NLM_F_REQUEST), 0, NFNL_SUBSYS_NFTABLES).end();
    }

    static void batchEnd(final NlMsg m)
    {
        nfgen(m.begin(NFNL_MSG_BATCH_END, NlMsg.NLM_F_REQUEST), 0, NFNL_SUBSYS_NFTABLES).end();
    }

    /**
     * Turns API elements into wire elements for {@code set}. Checks lengths and kinds against the
     * set so that mistakes fail here with the set's name rather than as a bare EINVAL.
     */
    static List<WireElem> expand(final List<SetElement> elements, final SetInfo set, final boolean withValues)
    {
        final List<WireElem> out = new ArrayList<>(elements.size());
        for (final SetElement e : elements)
        {
            check(e, set, withValues);
            final byte[] data = withValues && e.data() != null ? e.data().bytes() : null;
            final NftVerdict verdict = withValues ? e.verdict() : null;
            if (!set.interval())
            {
                out.add(new WireElem(e.key().bytes(), null, 0, data, verdict));
            }
            else if (set.concat())
            {
                final NftKey end = e.keyEnd() == null ? e.key() : e.keyEnd();
                out.add(new WireElem(e.key().bytes(), end.bytes(), 0, data, verdict));
            }
            else
            {
                out.add(new WireElem(e.key().bytes(), null, 0, data, verdict));
                final NftKey after = (e.keyEnd() == null ? e.key() : e.keyEnd()).next();
                if (after != null)
                {
                    out.add(new WireElem(after.bytes(), null, NFT_SET_ELEM_INTERVAL_END, null, null));
                }
            }
        }
        return out;
    }

    private static void check(final SetElement e, final SetInfo set, final boolean withValues)
    {
        if (e.key().length() != set.keyLen())
        {
            throw bad(set, e, "key is " + e.key().length() + " bytes, the set's keys are " + set.keyLen());
        }
        if (e.isRange() && !set.interval())
        {
            throw bad(set, e, "a range needs a set with flags interval");
        }
        if (!withValues)
        {
            return;
        }
        if (set.verdictMap() && e.verdict() == null)
        {
            throw bad(set, e, "a verdict map element needs a verdict");
        }
        if (set.map() && !set.verdictMap() && (e.data() == null || e.data().length() != set.dataLen()))
        {
            throw bad(set, e, "a map element needs a value of " + set.dataLen() + " bytes");
        }
        if (!set.map() && (e.data() != null || e.verdict() != null))
        {
            throw bad(set, e, "a set element has no value (this is not a map)");
        }
    }

    private static IllegalArgumentException bad(final SetInfo set, final SetElement e, final String why)
    {
        return new IllegalArgumentException(set.what() + " { " + e + " }: " + why);
    }

    /**
     * Appends element messages of {@code msgType} for {@code set}, cut into chunks that fit a
     * message. An empty list writes one message without LIST_ELEMENTS, which means "all" (flush).
     */
    static void elements(final NlMsg m, final int msgType, final int nlFlags, final NftFamily family, final String table,
        final String set, final List<WireElem> elems)
    {
        if (elems.isEmpty())
        {
            header(m, msgType, nlFlags, family, table, set);
            m.end();
            return;
        }
        int i = 0;
        while (i < elems.size())
        {
            header(m, msgType, nlFlags, family, table, set);
            final int list = m.nestStart(NFTA_SET_ELEM_LIST_ELEMENTS);
            int bytes = 0;
            while (i < elems.size() && (bytes == 0 || bytes + elems.get(i).size() <= CHUNK_BYTES))
            {
                bytes += elems.get(i).size();
                element(m, elems.get(i++));
            }
            m.nestEnd(list);
            m.end();
        }
    }

    private static void header(final NlMsg m, final int msgType, final int nlFlags, final NftFamily family,
        final String table, final String set)
    {
        nfgen(m.begin(type(msgType), nlFlags), family.code(), 0)
            .attrStr(NFTA_SET_ELEM_LIST_TABLE, table)
            .attrStr(NFTA_SET_ELEM_LIST_SET, set);
    }

    private static void element(final NlMsg m, final WireElem e)
    {
        final int el = m.nestStart(NFTA_LIST_ELEM);
        if (e.flags() != 0)
        {
            m.attrU32Be(NFTA_SET_ELEM_FLAGS, e.flags());
        }
        value(m, NFTA_SET_ELEM_KEY, e.key());
        if (e.keyEnd() != null)
        {
            value(m, NFTA_SET_ELEM_KEY_END, e.keyEnd());
        }
        if (e.data() != null)
        {
            value(m, NFTA_SET_ELEM_DATA, e.data());
        }
        if (e.verdict() != null)
        {
            final int d = m.nestStart(NFTA_SET_ELEM_DATA);
            final int v = m.nestStart(NFTA_DATA_VERDICT);
            m.attrU32Be(NFTA_VERDICT_CODE, e.verdict().code());
            if (e.verdict().chain() != null)
            {
                m.attrStr(NFTA_VERDICT_CHAIN, e.verdict().chain());
            }
            m.nestEnd(v);
            m.nestEnd(d);
        }
        m.nestEnd(el);
    }

    private static void value(final NlMsg m, final int type, final byte[] bytes)
    {
        final int at = m.nestStart(type);
        m.attr(NFTA_DATA_VALUE, bytes);
        m.nestEnd(at);
    }

    /** A GETSET request for one set (answered by one NEWSET message). */
    static NlMsg getSet(final NftFamily family, final String table, final String set)
    {
        return nfgen(new NlMsg().begin(type(NFT_MSG_GETSET), NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK), family.code(), 0)
            .attrStr(NFTA_SET_TABLE, table).attrStr(NFTA_SET_NAME, set).end();
    }

    /** A GETTABLE request, used to tell a missing table from a missing set. */
    static NlMsg getTable(final NftFamily family, final String table)
    {
        return nfgen(new NlMsg().begin(type(NFT_MSG_GETTABLE), NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK), family.code(), 0)
            .attrStr(NFTA_TABLE_NAME, table).end();
    }

    /** A GETSETELEM dump of one set. */
    static NlMsg dumpElements(final NftFamily family, final String table, final String set)
    {
        return nfgen(new NlMsg().begin(type(NFT_MSG_GETSETELEM), NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_DUMP), family.code(), 0)
            .attrStr(NFTA_SET_ELEM_LIST_TABLE, table).attrStr(NFTA_SET_ELEM_LIST_SET, set).end();
    }
}
