// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.pontoon.core.PontoonException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for jetcd's futures with a bound, and turning its errors into {@link PontoonException}s
 * that name the endpoints: INVALID for requests etcd refuses as malformed or too large, CONFLICT
 * for compacted history, UNAVAILABLE for everything else (down, slow, no leader, quota).
 */
final class EtcdErrors
{
    /** Slack past the gRPC deadline before the caller stops waiting itself. */
    private static final Duration SLACK = Duration.ofMillis(500);

    private final String endpoints;
    private final Duration timeout;
    private final Runnable onUnavailable;

    /** {@code onUnavailable} runs whenever a call fails for lack of etcd (see {@link ReconnectNudger}). */
    EtcdErrors(final EtcdOptions options, final Runnable onUnavailable)
    {
        this.endpoints = options.describe();
        this.timeout = options.requestTimeout();
        this.onUnavailable = onUnavailable;
    }

    /** Tells the client that etcd seems gone, so it retries connecting soon. */
    void unavailable()
    {
        onUnavailable.run();
    }

    /**
     * The future's value, waiting at most the request timeout (plus a little slack: the gRPC
     * deadline normally ends the call first). {@code what} names the operation for messages.
     */
    <T> T await(final String what, final CompletableFuture<T> future)
    {
        try
        {
            return future.get(timeout.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException e)
        {
            future.cancel(true);
            throw timedOut(what, e);
        }
        catch (final InterruptedException e)
        {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw PontoonException.unavailable(e, "etcd %s at %s: interrupted while waiting", what, endpoints);
        }
        catch (final ExecutionException | CompletionException e)
        {
            throw map(what, e.getCause() == null ? e : e.getCause());
        }
    }

    PontoonException timedOut(final String what, final Throwable cause)
    {
        unavailable();
        return PontoonException.unavailable(cause, "etcd %s: no answer from %s within %d ms (is etcd running and reachable?)",
            what, endpoints, timeout.toMillis());
    }

    /** The PontoonException for a failed etcd call. */
    PontoonException map(final String what, final Throwable t)
    {
        final PontoonException e = translate(what, t);
        if (e.kind() == PontoonException.Kind.UNAVAILABLE)
        {
            unavailable();
        }
        return e;
    }

    private PontoonException translate(final String what, final Throwable t)
    {
        final Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof PontoonException pe)
        {
            return pe;
        }
        if (cause instanceof CompactedException c)
        {
            return PontoonException.conflict("etcd %s at %s: revisions before %d were compacted; list the keys again"
                + " and watch from the current revision", what, endpoints, c.getCompactedRevision());
        }
        final EtcdException e = EtcdExceptionFactory.toEtcdException(cause);
        final String msg = e.getMessage() == null ? e.getErrorCode().name() : e.getMessage();
        return switch (e.getErrorCode())
        {
            case DEADLINE_EXCEEDED -> timedOut(what, cause);
            case NOT_FOUND -> new PontoonException(PontoonException.Kind.NOT_FOUND, "etcd " + what + " at " + endpoints + ": " + msg, cause);
            case INVALID_ARGUMENT -> new PontoonException(PontoonException.Kind.INVALID, "etcd at " + endpoints + " refused " + what + ": " + msg, cause);
            case OUT_OF_RANGE -> msg.contains("compacted")
                ? new PontoonException(PontoonException.Kind.CONFLICT, "etcd " + what + " at " + endpoints + ": " + msg
                    + "; list the keys again and watch from the current revision", cause)
                : PontoonException.unavailable(cause, "etcd %s at %s failed: %s", what, endpoints, msg);
            default -> PontoonException.unavailable(cause, "etcd %s at %s failed: %s (%s)", what, endpoints, msg, e.getErrorCode());
        };
    }

    /** etcd's (gRPC's) error code of a failure, from jetcd's exception or a raw gRPC status. */
    static ErrorCode code(final Throwable t)
    {
        return t == null ? ErrorCode.UNKNOWN : EtcdExceptionFactory.toEtcdException(t).getErrorCode();
    }

    Duration timeout()
    {
        return timeout;
    }

    String endpoints()
    {
        return endpoints;
    }
}
