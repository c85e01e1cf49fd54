// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.model;

import io.pontoon.core.PontoonException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Object ids (64 hex characters, like Docker's) and the rule for user-given names. */
public final class Ids
{
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private Ids()
    {
    }

    /** A new random id: 32 bytes from SecureRandom as 64 lowercase hex characters. */
    public static String newId()
    {
        final byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The 12-character form shown to users ({@code docker network ls} style). */
    public static String shortId(final String id)
    {
        return id.length() <= 12 ? id : id.substring(0, 12);
    }

    public static boolean isId(final String s)
    {
        return s != null && ID.matcher(s).matches();
    }

    /** Throws INVALID unless {@code id} is 64 lowercase hex characters; {@code what} names the object kind. */
    public static String checkId(final String what, final String id)
    {
        if (!isId(id))
        {
            throw PontoonException.invalid("invalid %s id '%s': expected 64 hexadecimal characters", what, id);
        }
        return id;
    }

    public static boolean isName(final String s)
    {
        return s != null && NAME.matcher(s).matches();
    }

    /** Throws INVALID unless {@code name} follows Docker's rule {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}. */
    public static String checkName(final String what, final String name)
    {
        if (name == null || name.isEmpty())
        {
            throw PontoonException.invalid("%s name must not be empty", what);
        }
        if (!isName(name))
        {
            throw PontoonException.invalid("invalid %s name '%s': a name must start with a letter or digit and contain only"
                + " letters, digits, '_', '.' and '-'", what, name);
        }
        return name;
    }
}
