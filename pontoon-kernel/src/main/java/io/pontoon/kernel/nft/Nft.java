// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.netlink.NetlinkSocket;
import io.pontoon.kernel.netlink.NlMsg;
import io.pontoon.kernel.netlink.NlReply;
import io.pontoon.kernel.netns.NetNs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * nftables in one network namespace. The skeleton goes through the {@code nft} executable
 * ({@link #apply}); set and map elements go through NETLINK_NETFILTER batches on a socket bound
 * to the namespace ({@link #setAdd}, {@link #batch}), which spawn no process. Thread-safe.
 *
 * <p>Element encoding depends on the set's flags, which are read once per set (NFT_MSG_GETSET)
 * and cached; {@link #apply} and {@link #deleteTable} forget the cache, so recreate sets through
 * them (or call {@link #forgetSets()}).
 */
public final class Nft implements AutoCloseable
{
    private static final int MAX_NAME = 255;
    private static final String MISSING_ELEMENT = "an element to delete is not in the set";
    private static final String MISSING_CHAIN = "a jump/goto names a chain that does not exist";

    private final NetlinkSocket nl;
    private final NftExec exec;
    private final Map<String, SetInfo> sets = new ConcurrentHashMap<>();

    private Nft(final NetlinkSocket nl, final NftExec exec)
    {
        this.nl = nl;
        this.exec = exec;
    }

    /** nftables of {@code ns}; the socket is opened inside it, {@code nft} runs under nsenter. */
    public static Nft open(final NetNs ns)
    {
        return new Nft(NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER, ns), new NftExec(ns.path()));
    }

    /** As {@link #open(NetNs)}, with {@code nft} at another path: lets tests take the executable away. */
    static Nft open(final NetNs ns, final String nftExecutable)
    {
        return new Nft(NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER, ns), new NftExec(ns.path(), nftExecutable));
    }

    /** nftables of the JVM's own namespace. */
    public static Nft open()
    {
        return new Nft(NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER), new NftExec(null));
    }

    // -- the nft executable: skeleton and listings --

    /**
     * {@code nft -f -} with {@code script} on stdin: one atomic transaction. Render addresses in
     * the script from validated {@code InetAddress}/{@code IpPrefix} values only: nft resolves
     * anything else through DNS.
     *
     * <p>The text is passed as is, so callers must never splice user text into it. Pontoon's
     * callers (the bridge driver's {@code BridgeRules} and {@code RulesPruner} in pontoon-core)
     * build every script from constants and checked values: chain ids of 12 hex characters,
     * interface names of {@code [A-Za-z0-9_.-]{1,15}} in quotes, and subnets as {@code IpPrefix};
     * {@code BridgeRules.NetworkRules} refuses anything else before a script exists
     * ({@code BridgeRulesTest}).
     *
     * @throws NftException with nft's stderr when the script is refused
     */
    public void apply(final String script)
    {
        try
        {
            exec.run(script, "-f", "-");
        }
        finally
        {
            sets.clear();
        }
    }

    /** {@code nft -j list table FAMILY NAME}: the table as nft's JSON. */
    public String list(final NftFamily family, final String table)
    {
        checkName("table", table);
        return exec.run(null, "-j", "list", "table", family.word(), table);
    }

    /** {@code nft delete table FAMILY NAME}, through netlink; a missing table is fine. */
    public void deleteTable(final NftFamily family, final String table)
    {
        checkName("table", table);
        final NlMsg m = new NlMsg();
        NftWire.batchBegin(m);
        NftWire.nfgen(m.begin(NftWire.type(NftWire.NFT_MSG_DELTABLE), NlMsg.NLM_F_REQUEST | NlMsg.NLM_F_ACK),
            family.code(), 0).attrStr(NftWire.NFTA_TABLE_NAME, table).end();
        NftWire.batchEnd(m);
        try
        {
            nl.batch(m, 1, 1, "nft delete table", family.word() + " " + table);
        }
        catch (final KernelException e)
        {
            if (e.errno() != Errno.ENOENT)
            {
                throw e;
            }
        }
        finally
        {
            sets.keySet().removeIf(k -> k.startsWith(family.word() + " " + table + " "));
        }
    }

    /** {@code nft list table FAMILY NAME} succeeds (asked through netlink). */
    public boolean tableExists(final NftFamily family, final String table)
    {
        checkName("table", table);
        try
        {
            nl.request(NftWire.getTable(family, table), "nft list table", family.word() + " " + table);
            return true;
        }
        catch (final KernelException e)
        {
            if (e.errno() == Errno.ENOENT)
            {
                return false;
            }
            throw e;
        }
    }

    // -- the fast path: set and map elements over NETLINK_NETFILTER --

    /** A transaction of several element changes, possibly on several sets. */
    public NftBatch batch()
    {
        return new NftBatch(this);
    }

    /** {@code nft add element FAMILY TABLE SET { e, ... }}, atomically; existing equal elements are fine. */
    public void setAdd(final NftFamily family, final String table, final String set, final List<SetElement> elements)
    {
        batch().add(family, table, set, elements).commit();
    }

    /** {@code nft delete element ...}; a missing element fails with ENOENT ({@link KernelException#isNotFound()}). */
    public void setDel(final NftFamily family, final String table, final String set, final List<SetElement> elements)
    {
        batch().delete(family, table, set, elements).commit();
    }

    /** {@code nft destroy element ...}: delete, and missing elements are fine. A missing set still fails. */
    public void setDestroy(final NftFamily family, final String table, final String set, final List<SetElement> elements)
    {
        batch().destroy(family, table, set, elements).commit();
    }

    /** Map keys to these values whether or not the keys were there (destroy + add, atomically). */
    public void mapPut(final NftFamily family, final String table, final String map, final List<SetElement> elements)
    {
        batch().put(family, table, map, elements).commit();
    }

    /** {@code nft flush set FAMILY TABLE SET}. */
    public void setFlush(final NftFamily family, final String table, final String set)
    {
        batch().flush(family, table, set).commit();
    }

    /**
     * {@code nft list set FAMILY TABLE SET}, through a netlink dump: the elements with raw keys
     * and values ({@link NftKey#raw}), which compare equal to the keys that were added. Ranges
     * of interval sets come back as ranges; a one-value range as a plain element.
     */
    public List<SetElement> setList(final NftFamily family, final String table, final String set)
    {
        final SetInfo info = setInfo(family, table, set, "nft list set");
        final List<NlReply> replies = nl.dump(NftWire.dumpElements(family, table, set), "nft list set " + info.what());
        return NftParse.elements(NftParse.wireElements(replies), info);
    }

    /** Forgets cached set descriptions (after sets were recreated behind this object's back). */
    public void forgetSets()
    {
        sets.clear();
    }

    /** The set's description, asked once (NFT_MSG_GETSET) and cached; {@code op} names the caller's command in errors. */
    SetInfo setInfo(final NftFamily family, final String table, final String set, final String op)
    {
        final String key = describe(family, table, set);
        final SetInfo cached = sets.get(key);
        if (cached != null)
        {
            return cached;
        }
        final List<NlReply> replies;
        try
        {
            replies = nl.request(NftWire.getSet(family, table, set), op, key);
        }
        catch (final KernelException e)
        {
            throw e.errno() == Errno.ENOENT ? missing(op, family, table, set) : e;
        }
        for (final NlReply r : replies)
        {
            if (r.type() == NftWire.type(NftWire.NFT_MSG_NEWSET))
            {
                final SetInfo info = NftParse.setInfo(r, family, table, set);
                sets.put(key, info);
                return info;
            }
        }
        throw new KernelException(op, key, Errno.EIO, "the kernel sent no set description");
    }

    /** ENOENT naming what is missing: the table, or the set in an existing table. */
    private KernelException missing(final String op, final NftFamily family, final String table, final String set)
    {
        final String what = describe(family, table, set);
        return tableExists(family, table)
            ? new KernelException(op, what, Errno.ENOENT, "set " + set + " does not exist in table " + family.word() + " " + table)
            : new KernelException(op, what, Errno.ENOENT, "table " + family.word() + " " + table + " does not exist");
    }

    void commit(final NftBatch batch)
    {
        final List<NftBatch.Op> ops = batch.ops();
        final NlMsg msg = batch.encode();
        final String op = ops.size() == 1 ? ops.getFirst().verb() : "nft batch";
        final String what = ops.size() == 1 ? ops.getFirst().what() : setsOf(ops).toString();
        try
        {
            nl.batch(msg, 1, msg.count() - 2, op, what);
        }
        catch (final KernelException e)
        {
            throw explain(e, ops, op, what);
        }
    }

    /** Turns a bare errno from an aborted batch into a message that names the set and the cause. */
    private KernelException explain(final KernelException e, final List<NftBatch.Op> ops, final String op, final String what)
    {
        if (e.errno() == Errno.ENOENT)
        {
            for (final NftBatch.Op o : ops)
            {
                sets.remove(describe(o.family(), o.table(), o.set()));
                if (!setExists(o))
                {
                    return missing(op, o.family(), o.table(), o.set());
                }
            }
            return new KernelException(op, what, e.errno(), extra(e, enoentCause(ops)));
        }
        if (e.errno() == Errno.EEXIST)
        {
            return new KernelException(op, what, e.errno(), extra(e, "a key is already mapped to another value"
                + " (mapPut replaces), or a range overlaps an existing one"));
        }
        return e;
    }

    /** With every set present, ENOENT means a missing element (delete) or a missing chain (jump/goto). */
    private static String enoentCause(final List<NftBatch.Op> ops)
    {
        final List<String> causes = new ArrayList<>();
        for (final NftBatch.Op o : ops)
        {
            if (o.msgType() == NftWire.NFT_MSG_DELSETELEM && !o.elements().isEmpty() && !causes.contains(MISSING_ELEMENT))
            {
                causes.add(MISSING_ELEMENT);
            }
            final boolean chains = o.elements().stream().anyMatch(e -> e.verdict() != null && e.verdict().chain() != null);
            if (chains && !causes.contains(MISSING_CHAIN))
            {
                causes.add(MISSING_CHAIN);
            }
        }
        return causes.isEmpty() ? "" : String.join(", or ", causes);
    }

    private boolean setExists(final NftBatch.Op o)
    {
        try
        {
            setInfo(o.family(), o.table(), o.set(), o.verb());
            return true;
        }
        catch (final KernelException e)
        {
            if (e.errno() == Errno.ENOENT)
            {
                return false;
            }
            throw e;
        }
    }

    private static String extra(final KernelException e, final String why)
    {
        if (why.isEmpty())
        {
            return e.extack();
        }
        return e.extack().isEmpty() ? why : e.extack() + "; " + why;
    }

    private static Set<String> setsOf(final List<NftBatch.Op> ops)
    {
        final Set<String> out = new LinkedHashSet<>();
        for (final NftBatch.Op o : ops)
        {
            out.add(describe(o.family(), o.table(), o.set()));
        }
        return out;
    }

    static String describe(final NftFamily family, final String table, final String set)
    {
        return family.word() + " " + table + " " + set;
    }

    /** Table, chain and set names: 1-255 bytes, printable, no whitespace or quotes. */
    static void checkName(final String kind, final String name)
    {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME
            || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\''))
        {
            throw new IllegalArgumentException("invalid nftables " + kind + " name '" + name + "'");
        }
    }

    @Override
    public void close()
    {
        nl.close();
    }
}
