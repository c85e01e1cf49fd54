// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.http;

import java.util.Map;

/** What a route returns: a status and a JSON body (a value tree for Json.write; null = no body). */
public record HttpReply(int status, Object body)
{
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
