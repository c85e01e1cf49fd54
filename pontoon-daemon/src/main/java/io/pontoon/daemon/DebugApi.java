// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon;

import io.pontoon.api.json.Json;
import io.pontoon.core.store.KeyValue;
import io.pontoon.core.store.Store;
import io.pontoon.daemon.http.HttpCall;
import io.pontoon.daemon.http.HttpReply;
import io.pontoon.daemon.http.Router;

import java.util.List;
import java.util.Map;

/**
 * Read-only views for debugging and tests ({@code GET /v1/debug/...}, docs/api.md §4.5): what
 * the daemon's local store holds. Not a stable interface: keys and values are internal.
 */
final class DebugApi
{
    private final Store store;

    DebugApi(final Store store)
    {
        this.store = store;
    }

    /** Adds {@code GET /v1/debug/store?prefix=P} to {@code r} and returns it. */
    Router addRoutes(final Router r)
    {
        return r.add("GET", "/v1/debug/store", this::list);
    }

    /** Every key under {@code prefix} (all keys without it), sorted: {@code [{"key", "value", "modRevision"}]}. */
    private HttpReply list(final HttpCall call)
    {
        final String prefix = call.query().getOrDefault("prefix", "");
        final List<Map<String, ?>> out = store.list(prefix).stream().map(DebugApi::json).toList();
        return HttpReply.ok(out);
    }

    private static Map<String, ?> json(final KeyValue kv)
    {
        return Json.obj("key", kv.key(), "value", kv.value(), "modRevision", kv.modRevision());
    }
}
