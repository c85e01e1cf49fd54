// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import io.pontoon.kernel.net.IpPrefix;

import java.util.Arrays;

/**
 * One element of a named set or map: a key (or an inclusive range {@code key-keyEnd} when the set
 * has {@code flags interval}) and, for a map, either a data value or a verdict.
 *
 * <p>{@code nft add element inet t m { 10.0.0.1 . 80 : 10.0.0.2 . 8080 }} is
 * {@code SetElement.of(concat(ipv4("10.0.0.1"), port(80)), concat(ipv4("10.0.0.2"), port(8080)))}.
 */
public record SetElement(NftKey key, NftKey keyEnd, NftKey data, NftVerdict verdict)
{
    public SetElement
    {
        if (key == null)
        {
            throw new IllegalArgumentException("a set element needs a key");
        }
        if (data != null && verdict != null)
        {
            throw new IllegalArgumentException("a map element maps to data or to a verdict, not both");
        }
        if (keyEnd != null)
        {
            if (keyEnd.length() != key.length())
            {
                throw new IllegalArgumentException("range " + key + "-" + keyEnd + " has ends of different types");
            }
            if (Arrays.compareUnsigned(key.bytes(), keyEnd.bytes()) > 0)
            {
                throw new IllegalArgumentException("range " + key + "-" + keyEnd + " ends before it starts");
            }
        }
    }

    /** A set element: {@code { key }}. */
    public static SetElement of(final NftKey key)
    {
        return new SetElement(key, null, null, null);
    }

    /** A map element: {@code { key : data }}. */
    public static SetElement of(final NftKey key, final NftKey data)
    {
        return new SetElement(key, null, data, null);
    }

    /** A verdict map element: {@code { key : verdict }}. */
    public static SetElement of(final NftKey key, final NftVerdict verdict)
    {
        return new SetElement(key, null, null, verdict);
    }

    /** An interval element {@code { from-to }} (inclusive), for sets with {@code flags interval}. */
    public static SetElement range(final NftKey from, final NftKey to)
    {
        return new SetElement(from, to, null, null);
    }

    /** An interval map element {@code { from-to : data }}. */
    public static SetElement range(final NftKey from, final NftKey to, final NftKey data)
    {
        return new SetElement(from, to, data, null);
    }

    /** An interval verdict map element {@code { from-to : verdict }}. */
    public static SetElement range(final NftKey from, final NftKey to, final NftVerdict verdict)
    {
        return new SetElement(from, to, null, verdict);
    }

    /** A prefix such as {@code 10.88.0.0/16} as an interval element (set type ipv4_addr or ipv6_addr). */
    public static SetElement prefix(final IpPrefix prefix)
    {
        return range(NftKey.ip(prefix.network().address()), NftKey.ip(prefix.last()));
    }

    public boolean isRange()
    {
        return keyEnd != null;
    }

    /** This element's key without its value, as a delete needs it. */
    public SetElement keyOnly()
    {
        return new SetElement(key, keyEnd, null, null);
    }

    /** As {@code nft} would print it, e.g. {@code 10.0.0.1 . 80 : 10.0.0.2 . 8080}. */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(key.toString());
        if (keyEnd != null)
        {
            sb.append('-').append(keyEnd);
        }
        if (data != null)
        {
            sb.append(" : ").append(data);
        }
        if (verdict != null)
        {
            sb.append(" : ").append(verdict);
        }
        return sb.toString();
    }
}
