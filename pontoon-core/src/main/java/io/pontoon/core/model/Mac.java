// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.model;

import io.pontoon.core.PontoonException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * MAC addresses as text ({@code 02:42:0a:c8:00:02}). Like Docker, an endpoint's MAC is derived
 * from its IPv4 address behind the prefix {@code 02:42} (locally administered, unicast), so it is
 * stable across restarts and needs no storage of its own.
 */
public final class Mac
{
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Mac()
    {
    }

    /** {@code 02:42:} followed by the four bytes of {@code ipv4}. */
    public static String fromIpv4(final InetAddress ipv4)
    {
        if (!(ipv4 instanceof Inet4Address))
        {
            throw PontoonException.invalid("a MAC address can only be derived from an IPv4 address, not %s", ipv4);
        }
        final byte[] a = ipv4.getAddress();
        return format(new byte[] {0x02, 0x42, a[0], a[1], a[2], a[3]});
    }

    /** A random locally administered unicast MAC (for endpoints without an IPv4 address). */
    public static String random()
    {
        final byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        b[0] = (byte) ((b[0] & 0xfe) | 0x02);
        return format(b);
    }

    public static String format(final byte[] mac)
    {
        if (mac.length != 6)
        {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + mac.length);
        }
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    /** True for six lowercase hex pairs separated by ':'. */
    public static boolean isValid(final String mac)
    {
        return mac != null && MAC.matcher(mac).matches();
    }

    /** Normalizes a user-given MAC to lowercase; INVALID if it is not six hex pairs. */
    public static String parse(final String mac)
    {
        final String m = mac == null ? "" : mac.trim().toLowerCase(java.util.Locale.ROOT);
        if (!isValid(m))
        {
            throw PontoonException.invalid("invalid MAC address '%s': expected six hex pairs like 02:42:0a:00:00:02", mac);
        }
        if ((HexFormat.fromHexDigits(m, 0, 2) & 1) != 0)
        {
            throw PontoonException.invalid("invalid MAC address '%s': it is a multicast address", mac);
        }
        return m;
    }
}
