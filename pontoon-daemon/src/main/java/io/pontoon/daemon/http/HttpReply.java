// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.http;

import java.util.Map;

/**
 * What a route returns: a status and a JSON body (a value tree for Json.write; null = no body; a
 * {@link Text} is sent as it is, with its extra headers).
 */
public record HttpReply(int status, Object body)
{
    /** A body that is already JSON text, sent unchanged, plus response headers. */
    public record Text(String text, Map<String, String> headers)
    {
    }

    public static HttpReply ok(final Object body)
    {
        return new HttpReply(200, body);
    }

    public static HttpReply created(final Object body)
    {
        return new HttpReply(201, body);
    }

    public static HttpReply noContent()
    {
        return new HttpReply(204, null);
    }

    public static HttpReply error(final int status, final String message)
    {
        return new HttpReply(status, Map.of("message", message));
    }
}
