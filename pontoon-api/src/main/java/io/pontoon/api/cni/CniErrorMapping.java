// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.cni;

import java.util.Optional;

/**
 * The one place where daemon failures become CNI error codes.
 *
 * <pre>
 * daemon Code        ADD  CHECK  DEL  GC   STATUS
 * NOT_FOUND           3     3    ok   ok    50
 * NETWORK_NOT_FOUND   7     7    ok   ok    50
 * INVALID             7     7     7    7    50
 * UNSUPPORTED         2     2     2    2    50
 * CONFLICT          100   100   100  100    50
 * FORBIDDEN         102   102   102  102    50
 * UNAVAILABLE        11    11    11   11    50
 * TRY_AGAIN          11    11    11   11    50
 * INTERNAL          999   999   999  999    50
 * unreachable        11    11    11   11    50   (connect failed or timed out)
 * </pre>
 *
 * A reply without a known {@code Code} is classified by HTTP status: 400 INVALID, 403 FORBIDDEN,
 * 409 CONFLICT, 429 and 503 TRY_AGAIN, anything else INTERNAL. A bare 404 is INTERNAL too (a
 * daemon that does not serve {@code /v1/cni}); the daemon says NOT_FOUND explicitly when it means
 * it, so that DEL never succeeds by accident.
 */
public final class CniErrorMapping
{
    private CniErrorMapping()
    {
    }

    /** The daemon's code, from the explicit {@code Code} or else from the HTTP status. */
    public static CniDaemonCode classify(final int httpStatus, final String code)
    {
        final CniDaemonCode c = CniDaemonCode.parse(code);
        if (c != null)
        {
            return c;
        }
        return switch (httpStatus)
        {
            case 400 -> CniDaemonCode.INVALID;
            case 403 -> CniDaemonCode.FORBIDDEN;
            case 409 -> CniDaemonCode.CONFLICT;
            case 429, 503 -> CniDaemonCode.TRY_AGAIN;
            default -> CniDaemonCode.INTERNAL;
        };
    }

    /**
     * The CNI code for a daemon error reply to {@code command}; empty when the command counts as
     * done (DEL and GC of something that is already gone).
     */
    public static Optional<CniErrorCode> forDaemonError(final CniCommand command, final int httpStatus,
        final String code)
    {
        final CniDaemonCode c = classify(httpStatus, code);
        if (command == CniCommand.STATUS)
        {
            return Optional.of(CniErrorCode.NOT_AVAILABLE);
        }
        final boolean removing = command == CniCommand.DEL || command == CniCommand.GC;
        return switch (c)
        {
            case NOT_FOUND -> removing ? Optional.empty() : Optional.of(CniErrorCode.UNKNOWN_CONTAINER);
            case NETWORK_NOT_FOUND -> removing ? Optional.empty() : Optional.of(CniErrorCode.INVALID_NETWORK_CONFIG);
            case INVALID -> Optional.of(CniErrorCode.INVALID_NETWORK_CONFIG);
            case UNSUPPORTED -> Optional.of(CniErrorCode.UNSUPPORTED_FIELD);
            case CONFLICT -> Optional.of(CniErrorCode.CONFLICT);
            case FORBIDDEN -> Optional.of(CniErrorCode.FORBIDDEN);
            case UNAVAILABLE, TRY_AGAIN -> Optional.of(CniErrorCode.TRY_AGAIN_LATER);
            case INTERNAL -> Optional.of(CniErrorCode.INTERNAL);
        };
    }

    /** The CNI code when the daemon cannot be reached or does not answer in time. */
    public static CniErrorCode forUnreachable(final CniCommand command)
    {
        return command == CniCommand.STATUS ? CniErrorCode.NOT_AVAILABLE : CniErrorCode.TRY_AGAIN_LATER;
    }
}
