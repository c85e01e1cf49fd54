// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.cni;

/**
 * What the daemon puts in the {@code "Code"} field of an error reply from {@code /v1/cni/*}, with
 * the HTTP status it should send alongside. The plugin turns it into a CNI code in
 * {@link CniErrorMapping} and nowhere else.
 */
public enum CniDaemonCode
{
    /** The container, its attachment or its network namespace is unknown. */
    NOT_FOUND(404),
    /** The Pontoon network named in the request does not exist. */
    NETWORK_NOT_FOUND(404),
    /** The request is invalid (bad address, address outside the subnet, bad MAC, ...). */
    INVALID(400),
    /** The request asks for something Pontoon does not support on this network. */
    UNSUPPORTED(400),
    /** The attachment, address, MAC or host port is already in use. */
    CONFLICT(409),
    /** The caller may not do this. */
    FORBIDDEN(403),
    /** The daemon cannot serve the request now (starting, store unreachable, ...). */
    UNAVAILABLE(503),
    /** The daemon is busy (lock held, GC running); the same request may succeed shortly. */
    TRY_AGAIN(503),
    /** Anything else. */
    INTERNAL(500);

    private final int httpStatus;

    CniDaemonCode(final int httpStatus)
    {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the daemon sends with this code. */
    public int httpStatus()
    {
        return httpStatus;
    }

    /** The code named by {@code text}, or null when absent or unknown. */
    public static CniDaemonCode parse(final String text)
    {
        if (text == null)
        {
            return null;
        }
        for (final CniDaemonCode c : values())
        {
            if (c.name().equals(text))
            {
                return c;
            }
        }
        return null;
    }
}
