// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import io.pontoon.core.PontoonException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys of a {@link LocalStore} in memory, with etcd's transaction semantics. Not thread-safe:
 * LocalStore guards it with its read/write lock. Besides the live entries it keeps a tombstone for
 * every delete that may not be durable yet, so a read knows which revision it must wait for.
 */
final class KeySpace
{
    /** A delete that may not be durable yet; reads of its key wait for its revision. */
    private record Tombstone(String key, long revision)
    {
    }

    /** Entries under a prefix and the revision that must be durable before they may be returned. */
    record Listing(List<KeyValue> entries, long needs)
    {
    }

    private final TreeMap<String, KeyValue> entries = new TreeMap<>();
    private final HashMap<String, Long> tombstones = new HashMap<>();
    private final ArrayDeque<Tombstone> tombstoneOrder = new ArrayDeque<>();
    private volatile long liveBytes;

    KeyValue get(final String key)
    {
        return entries.get(key);
    }

    /** The revision a read of {@code key} must see durable: its last put or delete. */
    long needs(final String key)
    {
        final KeyValue kv = entries.get(key);
        return Math.max(kv == null ? 0 : kv.modRevision(), tombstones.getOrDefault(key, 0L));
    }

    Listing list(final String prefix)
    {
        final List<KeyValue> out = new ArrayList<>();
        long needs = 0;
        for (final String k : keysWithPrefix(prefix))
        {
            final KeyValue kv = entries.get(k);
            out.add(kv);
            needs = Math.max(needs, kv.modRevision());
        }
        for (final Map.Entry<String, Long> t : tombstones.entrySet())
        {
            if (t.getKey().startsWith(prefix))
            {
                needs = Math.max(needs, t.getValue());
            }
        }
        return new Listing(out, needs);
    }

    /** The first compare that does not hold, or null. */
    Txn.Compare firstFailed(final Txn txn)
    {
        for (final Txn.Compare c : txn.compares())
        {
            final KeyValue kv = entries.get(c.key());
            if ((kv == null ? 0 : kv.modRevision()) != c.modRevision())
            {
                return c;
            }
        }
        return null;
    }

    /**
     * Applies the ops of {@code txn} (whose compares hold) at revision {@code rev}. Returns the log
     * record and watch events, or null if nothing changed. A transaction too large for the log is
     * rolled back and refused with INVALID. {@code durable} lets old tombstones go.
     */
    LogWriter.Pending apply(final Txn txn, final long rev, final long durable)
    {
        pruneTombstones(durable);
        final List<LogCodec.Change> changes = new ArrayList<>();
        final List<WatchEvent> events = new ArrayList<>();
        final List<KeyValue> before = new ArrayList<>();
        for (final Txn.Op op : txn.ops())
        {
            switch (op)
            {
                case Txn.Put p -> change(p.key(), p.value(), rev, changes, events, before);
                case Txn.Delete d -> change(d.key(), null, rev, changes, events, before);
                case Txn.DeletePrefix d ->
                {
                    for (final String k : keysWithPrefix(d.prefix()))
                    {
                        change(k, null, rev, changes, events, before);
                    }
                }
            }
        }
        if (changes.isEmpty())
        {
            return null;
        }
        final byte[] record;
        try
        {
            record = LogCodec.encode(rev, changes);
        }
        catch (final IllegalArgumentException e)
        {
            for (int i = changes.size() - 1; i >= 0; i--)
            {
                final KeyValue old = before.get(i);
                set(changes.get(i).key(), old == null ? null : old.value(), old == null ? 0 : old.modRevision(), null);
            }
            throw PontoonException.invalid("%s", e.getMessage());
        }
        for (final LogCodec.Change c : changes)
        {
            if (c.value() == null)
            {
                tombstones.put(c.key(), rev);
                tombstoneOrder.addLast(new Tombstone(c.key(), rev));
            }
        }
        return new LogWriter.Pending(rev, record, events);
    }

    /** Replays one logged transaction (already durable, so no tombstones). */
    void replay(final LogCodec.Entry e, final List<WatchEvent> events)
    {
        for (final LogCodec.Change c : e.changes())
        {
            set(c.key(), c.value(), e.revision(), events);
        }
    }

    /** Loads one snapshot entry. */
    void load(final KeyValue kv)
    {
        set(kv.key(), kv.value(), kv.modRevision(), null);
    }

    List<KeyValue> copy()
    {
        return new ArrayList<>(entries.values());
    }

    long liveBytes()
    {
        return liveBytes;
    }

    private void change(final String key, final String value, final long rev, final List<LogCodec.Change> changes,
        final List<WatchEvent> events, final List<KeyValue> before)
    {
        final KeyValue old = entries.get(key);
        if (value == null && old == null)
        {
            return;
        }
        before.add(old);
        changes.add(new LogCodec.Change(key, value));
        set(key, value, rev, events);
    }

    /** Sets ({@code value != null}) or removes {@code key} at {@code rev}, noting a watch event. */
    private void set(final String key, final String value, final long rev, final List<WatchEvent> events)
    {
        final KeyValue old = value == null ? entries.remove(key) : entries.put(key, new KeyValue(key, value, rev));
        liveBytes += (value == null ? 0 : size(key, value)) - (old == null ? 0 : size(key, old.value()));
        if (events != null)
        {
            events.add(value == null ? WatchEvent.delete(key, rev) : WatchEvent.put(key, value, rev));
        }
    }

    /** Forgets deletes that are durable now; amortized O(1) per delete. */
    private void pruneTombstones(final long durable)
    {
        while (!tombstoneOrder.isEmpty() && tombstoneOrder.peekFirst().revision() <= durable)
        {
            final Tombstone t = tombstoneOrder.removeFirst();
            tombstones.remove(t.key(), t.revision());
        }
    }

    private List<String> keysWithPrefix(final String prefix)
    {
        final List<String> keys = new ArrayList<>();
        for (final String k : entries.tailMap(prefix, true).keySet())
        {
            if (!k.startsWith(prefix))
            {
                break;
            }
            keys.add(k);
        }
        return keys;
    }

    private static long size(final String key, final String value)
    {
        return 16L + key.length() + value.length();
    }
}
