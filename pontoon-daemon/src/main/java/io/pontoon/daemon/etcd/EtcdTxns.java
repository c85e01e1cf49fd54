// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.pontoon.core.PontoonException;
import io.pontoon.core.store.Txn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link Txn} into one etcd transaction.
 *
 * <p>Compares: {@code mod_revision(key) == N}. etcd evaluates a compare on a missing key against
 * an empty key-value whose revisions are all 0, so {@code mod_revision == 0} holds exactly when
 * the key is absent (an existing key always has {@code mod_revision > 0}); no separate
 * create_revision or version compare is needed.
 *
 * <p>Ops: etcd refuses a transaction that puts one key twice, or puts a key that a delete in the
 * same transaction covers ("duplicate key given in txn request"), while the Store applies ops in
 * order. {@link #normalize} therefore computes the same net effect without overlaps: a put drops
 * an earlier put of its key and cuts its key out of earlier delete ranges ({@code [from, k)} and
 * {@code [k\0, to)}); a delete drops earlier puts inside its range. The final state is the one
 * the ops give in order; watch events show only that net change per key (an intermediate value
 * inside one transaction is never visible, as etcd itself would do).
 *
 * <p>Which compare failed: etcd only says that the transaction failed. Its failure branch
 * therefore reads every compared key (keys only), atomically at the revision the compares were
 * evaluated at, and {@link #firstFailed} re-evaluates the compares on that read. So the answer is
 * exact and costs no second round trip.
 */
final class EtcdTxns
{
    /** One etcd write after {@link #normalize}. */
    sealed interface Write permits PutWrite, DeleteWrite
    {
    }

    /** Sets a key (bound to {@code lease} unless 0). */
    record PutWrite(byte[] key, String value, long lease) implements Write
    {
        @Override
        public String toString()
        {
            return "put " + new String(key, StandardCharsets.UTF_8) + "=" + value + (lease == 0 ? "" : " lease " + lease);
        }
    }

    /** Deletes {@code [from, to)}. */
    record DeleteWrite(byte[] from, byte[] to) implements Write
    {
        @Override
        public String toString()
        {
            return "delete [" + show(from) + ", " + (EtcdKeys.isEnd(to) ? "END" : show(to)) + ")";
        }

        private static String show(final byte[] b)
        {
            return new String(b, StandardCharsets.UTF_8).replace("\0", "\\0");
        }
    }

    private EtcdTxns()
    {
    }

    /** The ops' net effect as non-overlapping etcd writes, in the ops' order (see class doc). */
    static List<Write> normalize(final List<Txn.Op> ops)
    {
        final List<Write> out = new ArrayList<>();
        for (final Txn.Op op : ops)
        {
            switch (op)
            {
                case Txn.Put p -> put(out, EtcdKeys.utf8(p.key()), p.value(), p.lease());
                case Txn.Delete d ->
                {
                    final byte[] k = EtcdKeys.utf8(d.key());
                    delete(out, k, EtcdKeys.successor(k));
                }
                case Txn.DeletePrefix d -> delete(out, EtcdKeys.rangeStart(d.prefix()), EtcdKeys.prefixEnd(d.prefix()));
            }
        }
        return out;
    }

    private static void put(final List<Write> out, final byte[] key, final String value, final long lease)
    {
        final List<Write> kept = new ArrayList<>();
        for (final Write w : out)
        {
            switch (w)
            {
                case PutWrite p ->
                {
                    if (EtcdKeys.compare(p.key(), key) != 0)
                    {
                        kept.add(p);
                    }
                }
                case DeleteWrite d ->
                {
                    if (!EtcdKeys.inRange(key, d.from(), d.to()))
                    {
                        kept.add(d);
                        continue;
                    }
                    if (EtcdKeys.compare(d.from(), key) < 0)
                    {
                        kept.add(new DeleteWrite(d.from(), key));
                    }
                    final byte[] after = EtcdKeys.successor(key);
                    if (EtcdKeys.isEnd(d.to()) || EtcdKeys.compare(after, d.to()) < 0)
                    {
                        kept.add(new DeleteWrite(after, d.to()));
                    }
                }
            }
        }
        kept.add(new PutWrite(key, value, lease));
        out.clear();
        out.addAll(kept);
    }

    private static void delete(final List<Write> out, final byte[] from, final byte[] to)
    {
        out.removeIf(w -> w instanceof PutWrite p && EtcdKeys.inRange(p.key(), from, to));
        out.add(new DeleteWrite(from, to));
    }

    static Cmp[] compares(final Txn txn)
    {
        return txn.compares().stream()
            .map(c -> new Cmp(EtcdKeys.seq(c.key()), Cmp.Op.EQUAL, CmpTarget.modRevision(c.modRevision())))
            .toArray(Cmp[]::new);
    }

    static Op[] thenOps(final List<Write> writes)
    {
        return writes.stream().map(w -> switch (w)
        {
            case PutWrite p -> (Op) Op.put(EtcdKeys.seq(p.key()), ByteSequence.from(p.value(), StandardCharsets.UTF_8),
                p.lease() == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(p.lease()).build());
            case DeleteWrite d -> Op.delete(EtcdKeys.seq(d.from()), DeleteOption.builder().withRange(EtcdKeys.seq(d.to())).build());
        }).toArray(Op[]::new);
    }

    /** The failure branch: a keys-only read of every compared key, in compare order. */
    static Op[] elseReads(final Txn txn)
    {
        final GetOption keysOnly = GetOption.builder().withKeysOnly(true).build();
        return txn.compares().stream().map(c -> (Op) Op.get(EtcdKeys.seq(c.key()), keysOnly)).toArray(Op[]::new);
    }

    /** The first compare that does not hold on {@code reads} (the failure branch's results). */
    static Txn.Compare firstFailed(final Txn txn, final List<GetResponse> reads)
    {
        if (reads.size() != txn.compares().size())
        {
            throw PontoonException.internal("etcd returned " + reads.size() + " reads for " + txn.compares().size() + " compares", null);
        }
        for (int i = 0; i < reads.size(); i++)
        {
            final Txn.Compare c = txn.compares().get(i);
            final long actual = reads.get(i).getKvs().isEmpty() ? 0 : reads.get(i).getKvs().getFirst().getModRevision();
            if (actual != c.modRevision())
            {
                return c;
            }
        }
        throw PontoonException.internal("etcd failed a transaction whose compares all hold at its revision", null);
    }
}
