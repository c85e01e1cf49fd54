// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.pontoon.api.client.HttpResponse;
import io.pontoon.api.client.UdsHttpClient;
import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;
import io.pontoon.api.rest.ConnectRequest;
import io.pontoon.api.rest.DisconnectRequest;
import io.pontoon.api.rest.EndpointView;
import io.pontoon.api.rest.NetworkCreateRequest;
import io.pontoon.api.rest.NetworkView;
import io.pontoon.api.rest.RestPaths;
import io.pontoon.api.rest.SandboxCreateRequest;
import io.pontoon.api.rest.SandboxView;
import io.pontoon.api.rest.VersionView;

/**
 * Typed calls of the REST v1 API. A non-2xx answer becomes {@link ApiException} carrying the
 * daemon's {@code message}; an answer of the wrong shape becomes {@link JsonException}.
 */
public final class ApiClient
{
    private final UdsHttpClient http;

    public ApiClient(final UdsHttpClient http)
    {
        this.http = http;
    }

    public UdsHttpClient http()
    {
        return http;
    }

    public VersionView version() throws IOException, ApiException
    {
        return VersionView.fromJson(object(call("GET", RestPaths.VERSION, null)));
    }

    public List<NetworkView> networks() throws IOException, ApiException
    {
        return objects(raw("GET", RestPaths.NETWORKS), NetworkView::fromJson);
    }

    public NetworkView networkCreate(final NetworkCreateRequest r) throws IOException, ApiException
    {
        return NetworkView.fromJson(object(call("POST", RestPaths.NETWORKS, r.toJson())));
    }

    public NetworkView network(final String idOrName) throws IOException, ApiException
    {
        return NetworkView.fromJson(object(call("GET", RestPaths.network(idOrName), null)));
    }

    public void networkRemove(final String idOrName) throws IOException, ApiException
    {
        call("DELETE", RestPaths.network(idOrName), null);
    }

    public EndpointView networkConnect(final String network, final ConnectRequest r) throws IOException, ApiException
    {
        return EndpointView.fromJson(object(call("POST", RestPaths.networkConnect(network), r.toJson())));
    }

    public void networkDisconnect(final String network, final DisconnectRequest r) throws IOException, ApiException
    {
        call("POST", RestPaths.networkDisconnect(network), r.toJson());
    }

    public List<SandboxView> sandboxes() throws IOException, ApiException
    {
        return objects(raw("GET", RestPaths.SANDBOXES), SandboxView::fromJson);
    }

    public SandboxView sandboxCreate(final SandboxCreateRequest r) throws IOException, ApiException
    {
        return SandboxView.fromJson(object(call("POST", RestPaths.SANDBOXES, r.toJson())));
    }

    public SandboxView sandbox(final String idOrName) throws IOException, ApiException
    {
        return SandboxView.fromJson(object(call("GET", RestPaths.sandbox(idOrName), null)));
    }

    public void sandboxRemove(final String idOrName, final boolean force) throws IOException, ApiException
    {
        call("DELETE", RestPaths.sandboxDelete(idOrName, force), null);
    }

    /** A GET (or other call) whose parsed JSON answer is returned as is, for {@code --format json} and inspect. */
    public Object raw(final String method, final String path) throws IOException, ApiException
    {
        final String body = call(method, path, null);
        return Json.parse(body);
    }

    private String call(final String method, final String path, final Map<String, Object> body)
        throws IOException, ApiException
    {
        final HttpResponse r = http.request(method, path, body == null ? null : Json.write(body));
        if (r.ok())
        {
            return r.body();
        }
        throw new ApiException(r.status(), errorMessage(r));
    }

    /** The daemon's {"message": ...}, or a description of the status when the body has none. */
    static String errorMessage(final HttpResponse r)
    {
        try
        {
            final String m = Json.parseObject(r.body()).string("message");
            if (m != null && !m.isBlank())
            {
                return m.strip();
            }
        }
        catch (final JsonException e)
        {
            final String text = r.body().strip();
            if (!text.isEmpty() && text.length() <= 200 && text.indexOf('\n') < 0)
            {
                return "the daemon answered " + r.status() + ": " + text;
            }
        }
        return "the daemon answered " + r.status() + (r.reason().isEmpty() ? "" : " " + r.reason());
    }

    private static JsonObject object(final String body)
    {
        return Json.parseObject(body);
    }

    private static <T> List<T> objects(final Object v, final Function<JsonObject, T> f)
    {
        if (!(v instanceof List<?> l))
        {
            throw new JsonException("expected a JSON array");
        }
        final List<T> out = new ArrayList<>(l.size());
        for (final Object o : l)
        {
            if (!(o instanceof Map<?, ?> m))
            {
                throw new JsonException("expected an array of objects");
            }
            out.add(f.apply(JsonObject.wrap(m)));
        }
        return out;
    }
}
