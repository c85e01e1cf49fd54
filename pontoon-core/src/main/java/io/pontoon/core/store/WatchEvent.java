// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

/**
 * One change seen by a {@link Watch}: a PUT (with the new value) or a DELETE (value null) of
 * {@code key} at {@code revision}. Events of one transaction share its revision.
 */
public record WatchEvent(Type type, String key, String value, long revision)
{
    /** What happened to the key. */
    public enum Type
    {
        PUT,
        DELETE
    }

    public WatchEvent
    {
        if (type == null || key == null || revision <= 0)
        {
            throw new IllegalArgumentException("watch event needs a type, a key and a positive revision");
        }
        if ((type == Type.PUT) != (value != null))
        {
            throw new IllegalArgumentException("a PUT carries a value and a DELETE does not");
        }
    }

    public static WatchEvent put(final String key, final String value, final long revision)
    {
        return new WatchEvent(Type.PUT, key, value, revision);
    }

    public static WatchEvent delete(final String key, final long revision)
    {
        return new WatchEvent(Type.DELETE, key, null, revision);
    }
}
