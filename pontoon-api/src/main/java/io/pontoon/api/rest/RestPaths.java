// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.rest;

import java.nio.charset.StandardCharsets;

import io.pontoon.api.ApiVersion;

/**
 * The REST v1 routes. Path parameters ({idOrName}) are percent-encoded UTF-8: every byte outside
 * {@code A-Z a-z 0-9 - . _ ~} becomes {@code %XX}; the daemon decodes them.
 */
public final class RestPaths
{
    public static final String VERSION = ApiVersion.API_PREFIX + "/version";
    public static final String NETWORKS = ApiVersion.API_PREFIX + "/networks";
    public static final String SANDBOXES = ApiVersion.API_PREFIX + "/sandboxes";

    private RestPaths()
    {
    }

    /** {@code /v1/networks/{idOrName}} */
    public static String network(final String idOrName)
    {
        return NETWORKS + "/" + encode(idOrName);
    }

    /** {@code /v1/networks/{idOrName}/connect} */
    public static String networkConnect(final String idOrName)
    {
        return network(idOrName) + "/connect";
    }

    /** {@code /v1/networks/{idOrName}/disconnect} */
    public static String networkDisconnect(final String idOrName)
    {
        return network(idOrName) + "/disconnect";
    }

    /** {@code /v1/sandboxes/{idOrName}} */
    public static String sandbox(final String idOrName)
    {
        return SANDBOXES + "/" + encode(idOrName);
    }

    /** {@code DELETE /v1/sandboxes/{idOrName}[?force=true]} */
    public static String sandboxDelete(final String idOrName, final boolean force)
    {
        return sandbox(idOrName) + (force ? "?force=true" : "");
    }

    /** Percent-encodes one path segment; "", "." and ".." are refused (they would change the route). */
    public static String encode(final String segment)
    {
        if (segment == null || segment.isEmpty() || segment.equals(".") || segment.equals(".."))
        {
            throw new IllegalArgumentException("'" + (segment == null ? "" : segment) + "' is not a valid name or id");
        }
        final StringBuilder sb = new StringBuilder(segment.length() + 8);
        for (final byte b : segment.getBytes(StandardCharsets.UTF_8))
        {
            final int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~')
            {
                sb.append((char) c);
            }
            else
            {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
