// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.net;

import java.util.HexFormat;

/**
 * A 48-bit Ethernet address held in the low bits of a long, e.g. {@code 02:42:0a:c8:00:05}.
 * Parsing accepts six colon-separated hex pairs only; {@link #toString()} prints lower case.
 */
public record MacAddress(long value)
{
    public static final MacAddress ZERO = new MacAddress(0);
    private static final long MASK = 0xffff_ffff_ffffL;

    public MacAddress
    {
        if ((value & ~MASK) != 0)
        {
            throw new IllegalArgumentException("a MAC address has 48 bits: " + Long.toHexString(value));
        }
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (either case). */
    public static MacAddress parse(final String text)
    {
        if (text == null || text.length() != 17)
        {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address (want aa:bb:cc:dd:ee:ff)");
        }
        long v = 0;
        for (int i = 0; i < 6; i++)
        {
            final int at = i * 3;
            if (i > 0 && text.charAt(at - 1) != ':')
            {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address (want aa:bb:cc:dd:ee:ff)");
            }
            final int hi = Character.digit(text.charAt(at), 16);
            final int lo = Character.digit(text.charAt(at + 1), 16);
            if (hi < 0 || lo < 0)
            {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address (want aa:bb:cc:dd:ee:ff)");
            }
            v = (v << 8) | (hi << 4) | lo;
        }
        return new MacAddress(v);
    }

    /** From the 6 bytes of a link-layer address (e.g. IFLA_ADDRESS); null when not 6 bytes. */
    public static MacAddress ofBytes(final byte[] b)
    {
        if (b == null || b.length != 6)
        {
            return null;
        }
        long v = 0;
        for (final byte x : b)
        {
            v = (v << 8) | (x & 0xff);
        }
        return new MacAddress(v);
    }

    /** The 6 bytes, most significant first (wire order). */
    public byte[] bytes()
    {
        final byte[] b = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            b[i] = (byte) (value >>> (40 - 8 * i));
        }
        return b;
    }

    /** Whether the I/G bit is set (multicast or broadcast). */
    public boolean isMulticast()
    {
        return (value & (1L << 40)) != 0;
    }

    /** Whether the U/L bit is set (locally administered, as Pontoon's generated MACs are). */
    public boolean isLocal()
    {
        return (value & (2L << 40)) != 0;
    }

    @Override
    public String toString()
    {
        final String hex = HexFormat.of().toHexDigits(value).substring(4);
        final StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2)
        {
            if (i > 0)
            {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }
}
