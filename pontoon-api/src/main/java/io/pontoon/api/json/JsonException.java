// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.json;

/** Malformed JSON, or a JSON value of the wrong shape for a field; the message names it. */
public final class JsonException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JsonException(final String message)
    {
        super(message);
    }
}
