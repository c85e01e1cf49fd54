// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.cni;

import io.pontoon.api.json.Json;
import io.pontoon.cli.cni.CniMain;
import io.pontoon.cli.cni.CniTransport;
import io.pontoon.daemon.http.HttpCall;
import io.pontoon.daemon.http.HttpReply;
import io.pontoon.daemon.http.Router;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code POST /v1/cni/exec}, the daemon half of the JVM-free {@code pontoon-cni-fast} front end
 * (docs/cni.md): the request carries one plugin invocation (CNI_* as {@code Cni-*} headers, the
 * network configuration exactly as the runtime gave it as body), the daemon runs the plugin logic
 * ({@link CniMain#run}) in-process against its own {@code /v1/cni/*} routes, and answers with the
 * plugin's stdout as body, its exit code in {@code X-Cni-Exit}, and status 200 (exit 0) or 422.
 */
public final class CniExecApi
{
    /** Request header → CNI variable. */
    private static final Map<String, String> HEADERS = Map.of(
        "cni-command", "CNI_COMMAND",
        "cni-containerid", "CNI_CONTAINERID",
        "cni-netns", "CNI_NETNS",
        "cni-ifname", "CNI_IFNAME",
        "cni-args", "CNI_ARGS",
        "cni-path", "CNI_PATH");
    /** The status of an answer whose exit code is not 0. */
    public static final int FAILED = 422;

    private final Router router;
    private final Function<Throwable, HttpReply> errorMapper;

    /**
     * @param router      the router holding the {@code /v1/cni/*} routes (calls go to it directly)
     * @param errorMapper maps an exception a route throws to a reply, as the HTTP server does
     */
    public CniExecApi(final Router router, final Function<Throwable, HttpReply> errorMapper)
    {
        this.router = router;
        this.errorMapper = errorMapper;
    }

    /** Adds {@code POST /v1/cni/exec} to {@code r}. */
    public Router addRoutes(final Router r)
    {
        return r.add("POST", "/v1/cni/exec", this::exec);
    }

    private HttpReply exec(final HttpCall call)
    {
        final Map<String, String> env = new HashMap<>();
        HEADERS.forEach((header, variable) ->
        {
            final String v = call.header(header);
            if (v != null && !v.isEmpty())
            {
                env.put(variable, v);
            }
        });
        final byte[] stdin = call.body() == null ? new byte[0] : call.body().getBytes(StandardCharsets.UTF_8);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        final int rc;
        try (PrintStream stdout = new PrintStream(out, false, StandardCharsets.UTF_8))
        {
            rc = CniMain.run(env, new ByteArrayInputStream(stdin), stdout, this::inProcess);
        }
        return new HttpReply(rc == 0 ? 200 : FAILED,
            new HttpReply.Text(out.toString(StandardCharsets.UTF_8), Map.of("X-Cni-Exit", Integer.toString(rc))));
    }

    /** The plugin's daemon calls, answered by the router on this thread (no socket, no HTTP). */
    private CniTransport.Reply inProcess(final String method, final String target, final String body)
    {
        final int q = target.indexOf('?');
        final String path = q < 0 ? target : target.substring(0, q);
        final Router.Match m = router.match(method, path);
        if (m.route() == null)
        {
            return new CniTransport.Reply(m.status(), "{\"message\": \"no such endpoint: " + method + " " + path + "\"}");
        }
        HttpReply reply;
        try
        {
            reply = m.route().handle(new HttpCall(method, path, m.params(),
                Router.parseQuery(q < 0 ? null : target.substring(q + 1)), body));
        }
        catch (final Exception e)
        {
            reply = errorMapper.apply(e);
        }
        return new CniTransport.Reply(reply.status(), reply.body() == null ? "" : Json.write(reply.body()));
    }
}
