// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import io.pontoon.kernel.netlink.NlMsg;

import java.util.ArrayList;
import java.util.List;

/**
 * Set and map element changes that the kernel applies as one transaction: all of them or none.
 * Built with {@link Nft#batch()}, sent by {@link #commit()} as one NETLINK_NETFILTER batch (no
 * process is spawned). Equals one {@code nft -f} file holding the same {@code add element},
 * {@code delete element}, {@code destroy element} and {@code flush set} commands. A builder for
 * one thread; the {@link Nft} it came from is thread-safe.
 */
public final class NftBatch
{
    private final Nft nft;
    private final List<Op> ops = new ArrayList<>();

    /** One command of the batch; {@code elements} empty with DELSETELEM means flush. */
    record Op(String verb, int msgType, int nlFlags, NftFamily family, String table, String set,
        List<SetElement> elements, boolean withValues)
    {
        String what()
        {
            final StringBuilder sb = new StringBuilder(Nft.describe(family, table, set));
            if (!elements.isEmpty())
            {
                sb.append(" { ");
                for (int i = 0; i < Math.min(3, elements.size()); i++)
                {
                    sb.append(i == 0 ? "" : ", ").append(elements.get(i));
                }
                sb.append(elements.size() > 3 ? ", ... (" + elements.size() + " elements) }" : " }");
            }
            return sb.toString();
        }
    }

    NftBatch(final Nft nft)
    {
        this.nft = nft;
    }

    /**
     * {@code nft add element FAMILY TABLE SET { ... }}. Adding an element that is already there
     * with the same value is fine; a map key already there with another value fails with EEXIST
     * (use {@link #put}).
     */
    public NftBatch add(final NftFamily family, final String table, final String set, final List<SetElement> elements)
    {
        return op("nft add element", NftWire.NFT_MSG_NEWSETELEM, NlMsg.NLM_F_CREATE, family, table, set, elements, true);
    }

    /** {@code nft delete element ...}: a missing element fails the batch with ENOENT. */
    public NftBatch delete(final NftFamily family, final String table, final String set, final List<SetElement> elements)
    {
        return op("nft delete element", NftWire.NFT_MSG_DELSETELEM, 0, family, table, set, keys(elements), false);
    }

    /** {@code nft destroy element ...}: like delete, but a missing element is fine (kernel 6.3+). */
    public NftBatch destroy(final NftFamily family, final String table, final String set, final List<SetElement> elements)
    {
        return op("nft destroy element", NftWire.NFT_MSG_DESTROYSETELEM, 0, family, table, set, keys(elements), false);
    }

    /** Sets each key to its new value whether or not it was there: destroy, then add. */
    public NftBatch put(final NftFamily family, final String table, final String map, final List<SetElement> elements)
    {
        return destroy(family, table, map, elements).add(family, table, map, elements);
    }

    /** {@code nft flush set FAMILY TABLE SET}: removes every element. */
    public NftBatch flush(final NftFamily family, final String table, final String set)
    {
        return op("nft flush set", NftWire.NFT_MSG_DELSETELEM, 0, family, table, set, List.of(), false);
    }

    private NftBatch op(final String verb, final int type, final int flags, final NftFamily family, final String table,
        final String set, final List<SetElement> elements, final boolean withValues)
    {
        Nft.checkName("table", table);
        Nft.checkName("set", set);
        if (family == null)
        {
            throw new IllegalArgumentException("no family given");
        }
        if (elements.isEmpty() && type != NftWire.NFT_MSG_DELSETELEM)
        {
            return this;
        }
        ops.add(new Op(verb, type, flags, family, table, set, List.copyOf(elements), withValues));
        return this;
    }

    private static List<SetElement> keys(final List<SetElement> elements)
    {
        final List<SetElement> out = new ArrayList<>(elements.size());
        for (final SetElement e : elements)
        {
            out.add(e.keyOnly());
        }
        return out;
    }

    public boolean isEmpty()
    {
        return ops.isEmpty();
    }

    /** Encodes the batch: BATCH_BEGIN, element messages (each with NLM_F_ACK), BATCH_END. */
    NlMsg encode()
    {
        final NlMsg m = new NlMsg();
        NftWire.batchBegin(m);
        for (final Op op : ops)
        {
            final List<NftWire.WireElem> wire = op.elements().isEmpty() ? List.of()
                : NftWire.expand(op.elements(), nft.setInfo(op.family(), op.table(), op.set(), op.verb()), op.withValues());
            NftWire.elements(m, op.msgType(), NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK | op.nlFlags(), op.family(),
                op.table(), op.set(), wire);
        }
        NftWire.batchEnd(m);
        return m;
    }

    List<Op> ops()
    {
        return ops;
    }

    /** Sends the batch and waits until the kernel has committed it (or aborted it: then throws). */
    public void commit()
    {
        if (!ops.isEmpty())
        {
            nft.commit(this);
        }
    }
}
