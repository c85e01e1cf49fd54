// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.pontoon.api.cni.CniCommand;
import io.pontoon.api.cni.CniDaemonError;
import io.pontoon.api.cni.CniErrorCode;
import io.pontoon.api.cni.CniErrorMapping;
import io.pontoon.api.cni.CniReply;
import io.pontoon.api.cni.CniRequest;
import io.pontoon.api.cni.CniStatus;
import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

/**
 * The commands that talk to the daemon. Each builds a {@link CniRequest}, sends it to
 * {@code /v1/cni/<verb>}, and maps a failure through {@link CniErrorMapping}.
 */
final class CniPlugin
{
    private final CniEnv env;
    private final CniConfig config;
    private final CniTransport transport;

    /** {@code transport} null: HTTP over the config's socket. */
    CniPlugin(final CniEnv env, final CniConfig config, final CniTransport transport)
    {
        this.env = env;
        this.config = config;
        this.transport = transport != null ? transport : (method, target, body) ->
        {
            final UdsHttp.Response r = UdsHttp.exchange(config.socket(), method, target, body, config.timeoutMillis());
            return new CniTransport.Reply(r.status(), r.body());
        };
    }

    /** ADD: the result to print, in the request's version, chained onto prevResult. */
    Map<String, Object> add()
    {
        CniResults.validatePrev(config.prevResult());
        final JsonObject reply = call(CniCommand.ADD, attachRequest(env.netns()));
        return CniResults.addResult(config.cniVersion(), reply(reply), env.ifName(), env.netns(), config.prevResult());
    }

    /** CHECK: the daemon verifies the kernel state; we verify it matches prevResult. */
    void check()
    {
        if (config.prevResult() == null)
        {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "CHECK needs prevResult",
                "the runtime must pass the cached ADD result");
        }
        CniResults.validatePrev(config.prevResult());
        final JsonObject reply = call(CniCommand.CHECK, attachRequest(env.netns()));
        CniResults.check(reply(reply), config.prevResult(), env.ifName());
    }

    /** DEL: idempotent; an unknown attachment or a vanished namespace is success. */
    void del()
    {
        String netns = env.netns();
        if (!netns.isEmpty() && Files.notExists(Path.of(netns)))
        {
            netns = "";
        }
        call(CniCommand.DEL, attachRequest(netns));
    }

    /** GC: the daemon removes every attachment on the network that is not in the valid list. */
    void gc()
    {
        call(CniCommand.GC, CniRequest.gc(config.network(), config.validAttachments()));
    }

    /** STATUS: 0 when the daemon can serve ADD on this network, else 50 (or 51 when degraded). */
    void status()
    {
        final JsonObject reply = call(CniCommand.STATUS, null);
        final CniStatus s;
        try
        {
            s = CniStatus.fromJson(reply);
        }
        catch (final JsonException e)
        {
            throw new CniException(CniErrorCode.NOT_AVAILABLE, "bad status reply from the Pontoon daemon", e.getMessage());
        }
        if (!s.available())
        {
            throw new CniException(s.degraded() ? CniErrorCode.NOT_AVAILABLE_DEGRADED : CniErrorCode.NOT_AVAILABLE,
                "Pontoon network " + config.network() + " is not available", s.message());
        }
    }

    private CniRequest attachRequest(final String netns)
    {
        final String mac = config.mac() != null ? config.mac() : env.mac();
        return new CniRequest(env.containerId(), netns, env.ifName(), config.network(), env.args(),
            config.portMappings(), config.ips().isEmpty() ? env.ips() : config.ips(), mac, null);
    }

    private static CniReply reply(final JsonObject body)
    {
        try
        {
            return CniReply.fromJson(body);
        }
        catch (final JsonException e)
        {
            throw new CniException(CniErrorCode.INTERNAL, "the Pontoon daemon returned an invalid result",
                e.getMessage());
        }
    }

    /** One exchange; the parsed 2xx body, or an empty object when a failure counts as done. */
    private JsonObject call(final CniCommand command, final CniRequest request)
    {
        final String target = command == CniCommand.STATUS ? command.path() + "?network=" + config.network()
            : command.path();
        final CniTransport.Reply r;
        try
        {
            r = transport.exchange(command.method(), target, request == null ? null : Json.write(request.toJson()));
        }
        catch (final UdsHttp.Unreachable e)
        {
            throw new CniException(CniErrorMapping.forUnreachable(command),
                "Pontoon daemon unreachable at " + config.socket(), e.getMessage());
        }
        catch (final UdsHttp.TimedOut e)
        {
            throw new CniException(CniErrorMapping.forUnreachable(command),
                "Pontoon daemon did not answer " + command + " in time", e.getMessage());
        }
        catch (final IOException e)
        {
            throw new CniException(command == CniCommand.STATUS ? CniErrorCode.NOT_AVAILABLE : CniErrorCode.IO_FAILURE,
                "I/O error talking to the Pontoon daemon at " + config.socket(), e.getMessage());
        }
        if (r.status() >= 200 && r.status() < 300)
        {
            if (r.body().isBlank())
            {
                return JsonObject.empty();
            }
            try
            {
                return Json.parseObject(r.body());
            }
            catch (final JsonException e)
            {
                throw new CniException(command == CniCommand.STATUS ? CniErrorCode.NOT_AVAILABLE : CniErrorCode.INTERNAL,
                    "the Pontoon daemon's reply is not JSON", e.getMessage());
            }
        }
        final CniDaemonError err = daemonError(r.body());
        final Optional<CniErrorCode> code = CniErrorMapping.forDaemonError(command, r.status(), err.code());
        if (code.isEmpty())
        {
            return JsonObject.empty();
        }
        final String message = err.message().isEmpty() ? "HTTP " + r.status() : err.message();
        throw new CniException(code.get(), message, command.method() + " " + target + ": HTTP " + r.status()
            + (err.code() == null ? "" : " " + err.code()));
    }

    private static CniDaemonError daemonError(final String body)
    {
        try
        {
            return CniDaemonError.fromJson(Json.parseObject(body));
        }
        catch (final JsonException e)
        {
            final String text = body.strip();
            return new CniDaemonError(text.length() > 200 ? text.substring(0, 200) + "..." : text, null);
        }
    }
}
