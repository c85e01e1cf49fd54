// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench.overlay;

import java.util.Map;
import java.util.TreeMap;

/**
 * etcd's own counters from its Prometheus {@code /metrics} text: {@code etcd_mvcc_put_total}
 * (keys written), {@code etcd_mvcc_delete_total}, {@code etcd_mvcc_txn_total} (transactions),
 * {@code etcd_mvcc_range_total} (reads), {@code etcd_debugging_mvcc_events_total} (watch events
 * sent to watchers), {@code etcd_debugging_mvcc_watcher_total} (open watchers).
 */
record EtcdMetrics(Map<String, Double> values)
{
    static final String PUTS = "etcd_mvcc_put_total";
    static final String DELETES = "etcd_mvcc_delete_total";
    static final String RANGES = "etcd_mvcc_range_total";
    static final String EVENTS = "etcd_debugging_mvcc_events_total";
    static final String WATCHERS = "etcd_debugging_mvcc_watcher_total";
    static final String REVISION = "etcd_debugging_mvcc_current_revision";

    static EtcdMetrics parse(final String text)
    {
        final Map<String, Double> m = new TreeMap<>();
        for (final String line : text.split("\n"))
        {
            if (line.startsWith("etcd_") && !line.contains("{"))
            {
                final String[] p = line.trim().split(" ");
                if (p.length == 2)
                {
                    m.put(p[0], Double.parseDouble(p[1]));
                }
            }
        }
        return new EtcdMetrics(m);
    }

    double get(final String name)
    {
        final Double v = values.get(name);
        if (v == null)
        {
            throw new IllegalStateException("etcd has no metric " + name);
        }
        return v;
    }

    /** {@code this - before} for one counter. */
    double since(final EtcdMetrics before, final String name)
    {
        return get(name) - before.get(name);
    }
}
