// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import io.pontoon.kernel.KernelException;

import java.nio.charset.StandardCharsets;

/**
 * Interface-name rules, checked in Java before anything reaches the kernel. They are the
 * kernel's {@code dev_valid_name()} (1-15 bytes, not "." or "..", no '/', ':' or whitespace)
 * plus two of Pontoon's own: no '%' (the kernel would treat the name as a template such as
 * {@code veth%d} and pick another name) and no control characters.
 */
public final class LinkNames
{
    /** IFNAMSIZ - 1: the longest name the kernel accepts, in bytes. */
    public static final int MAX_BYTES = 15;

    private LinkNames()
    {
    }

    /** Why {@code name} is not a valid interface name, or null when it is. */
    public static String problem(final String name)
    {
        if (name == null || name.isEmpty())
        {
            return "an interface name must not be empty";
        }
        final int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES)
        {
            return "interface name '" + name + "' is " + bytes + " bytes long; the kernel allows at most " + MAX_BYTES;
        }
        if (name.equals(".") || name.equals(".."))
        {
            return "'" + name + "' is not a valid interface name";
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c == '/' || c == ':' || c == '%' || Character.isWhitespace(c) || Character.isISOControl(c))
            {
                return "interface name '" + name + "' contains an illegal character " + describe(c)
                    + " (not allowed: '/', ':', '%', whitespace, control characters)";
            }
        }
        return null;
    }

    public static boolean isValid(final String name)
    {
        return problem(name) == null;
    }

    /** Throws {@link KernelException} (EINVAL) naming {@code operation} and {@code object}. */
    public static void check(final String operation, final String object, final String name)
    {
        final String p = problem(name);
        if (p != null)
        {
            throw KernelException.invalid(operation, object, p);
        }
    }

    private static String describe(final char c)
    {
        return Character.isISOControl(c) || Character.isWhitespace(c)
            ? String.format("U+%04X", (int) c)
            : "'" + c + "'";
    }
}
