// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.api.client.DaemonHost;
import io.pontoon.api.client.HttpResponse;
import io.pontoon.api.client.UdsHttpClient;
import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A JSON-over-HTTP/1.1 client of a daemon's Unix socket (Pontoon's REST API or Docker's Engine
 * API), one connection per request, as the {@code pontoon} CLI does. Non-2xx answers throw with
 * the daemon's message. Used from the benchmarks only, so errors are unchecked.
 */
public final class Api
{
    private final UdsHttpClient client;
    private final String prefix;

    private Api(final Path socket, final String prefix)
    {
        this.client = new UdsHttpClient(new DaemonHost(socket));
        this.prefix = prefix;
    }

    /** Pontoon's REST API v1 on {@code socket} (paths passed here start after {@code /v1}). */
    public static Api pontoon(final Path socket)
    {
        return new Api(socket, "/v1");
    }

    /** Docker's Engine API 1.41 (dockerd 20.10) on {@code socket}. */
    public static Api docker(final Path socket)
    {
        return new Api(socket, "/v1.41");
    }

    /** {@code POST path} with a JSON body; the parsed answer, or an empty object for 204/empty bodies. */
    public JsonObject post(final String path, final Map<String, Object> body)
    {
        return object(call("POST", path, Json.write(body)));
    }

    /** {@code POST path} without a body (Docker's start/kill). */
    public void post(final String path)
    {
        call("POST", path, null);
    }

    public JsonObject get(final String path)
    {
        return object(call("GET", path, null));
    }

    /** {@code GET path} of an array of objects. */
    public List<JsonObject> list(final String path)
    {
        final Object v = Json.parse(call("GET", path, null).body());
        if (!(v instanceof List<?> l))
        {
            throw new IllegalStateException("GET " + prefix + path + ": not a JSON array");
        }
        return l.stream().map(o -> JsonObject.wrap((Map<?, ?>) o)).toList();
    }

    public void delete(final String path)
    {
        call("DELETE", path, null);
    }

    /** Sends the request and returns the answer whatever its status. */
    public HttpResponse raw(final String method, final String path, final String body)
    {
        try
        {
            return client.request(method, prefix + path, body);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(method + " " + prefix + path + ": " + e.getMessage(), e);
        }
    }

    private HttpResponse call(final String method, final String path, final String body)
    {
        final HttpResponse r = raw(method, path, body);
        if (!r.ok())
        {
            throw new IllegalStateException(method + " " + prefix + path + " -> " + r.status() + " " + r.body().strip());
        }
        return r;
    }

    private static JsonObject object(final HttpResponse r)
    {
        return r.body().isBlank() ? JsonObject.empty() : Json.parseObject(r.body());
    }
}
