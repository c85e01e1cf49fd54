// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core;

import java.util.Locale;

/**
 * The one error type of the core. The {@link Kind} says what went wrong in terms a caller can act
 * on (it is mapped to HTTP status, Docker and CNI error codes in one place each); the message is
 * written for users, e.g. {@code network 'web' not found}.
 */
public final class PontoonException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is; the vocabulary is small on purpose. */
    public enum Kind
    {
        /** The named object does not exist. */
        NOT_FOUND,
        /** The request clashes with existing state (name taken, overlap, address in use). */
        CONFLICT,
        /** The request itself is malformed or out of range. */
        INVALID,
        /** The request is well-formed but not allowed. */
        FORBIDDEN,
        /** A resource is exhausted or a dependency is down; retrying later may work. */
        UNAVAILABLE,
        /** A bug or a broken invariant inside Pontoon. */
        INTERNAL
    }

    private final Kind kind;

    public PontoonException(final Kind kind, final String message, final Throwable cause)
    {
        super(message, cause);
        if (kind == null)
        {
            throw new IllegalArgumentException("kind must not be null");
        }
        this.kind = kind;
    }

    public PontoonException(final Kind kind, final String message)
    {
        this(kind, message, null);
    }

    public Kind kind()
    {
        return kind;
    }

    /** {@code notFound("network '%s' not found", name)}. */
    public static PontoonException notFound(final String format, final Object... args)
    {
        return new PontoonException(Kind.NOT_FOUND, format(format, args));
    }

    public static PontoonException conflict(final String format, final Object... args)
    {
        return new PontoonException(Kind.CONFLICT, format(format, args));
    }

    public static PontoonException invalid(final String format, final Object... args)
    {
        return new PontoonException(Kind.INVALID, format(format, args));
    }

    public static PontoonException forbidden(final String format, final Object... args)
    {
        return new PontoonException(Kind.FORBIDDEN, format(format, args));
    }

    public static PontoonException unavailable(final String format, final Object... args)
    {
        return new PontoonException(Kind.UNAVAILABLE, format(format, args));
    }

    /** An UNAVAILABLE error that keeps its cause (an I/O error, a lost connection). */
    public static PontoonException unavailable(final Throwable cause, final String format, final Object... args)
    {
        return new PontoonException(Kind.UNAVAILABLE, format(format, args), cause);
    }

    public static PontoonException internal(final String message, final Throwable cause)
    {
        return new PontoonException(Kind.INTERNAL, message, cause);
    }

    private static String format(final String format, final Object... args)
    {
        return args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    }
}
