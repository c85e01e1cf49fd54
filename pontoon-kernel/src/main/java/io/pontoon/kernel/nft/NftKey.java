// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

import io.pontoon.kernel.net.IpPrefix;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The bytes of a set key or map value, laid out the way nftables registers hold them.
 *
 * <pre>
 *  type          bytes  order        alone  in a concatenation (each field padded to 4)
 *  ipv4_addr       4    network       4     4
 *  ipv6_addr      16    network      16    16
 *  inet_service    2    network       2     2 + 2 zero bytes
 *  inet_proto      1    -             1     1 + 3 zero bytes
 *  ether_addr      6    network       6     6 + 2 zero bytes
 *  ifname         16    NUL-padded   16    16
 *  mark            4    host          4     4
 * </pre>
 *
 * Example: {@code concat(ipv4("10.0.0.1"), port(80))} is {@code 0a 00 00 01 00 50 00 00}.
 * Addresses are parsed as literals only ({@link IpPrefix.Ip#parse}); nothing here resolves names.
 * Equality is on the encoded bytes, so a key read back from the kernel ({@link #raw}) equals the
 * key that was written.
 */
public final class NftKey
{
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.:@+-]{1,15}");
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");
    private static final HexFormat HEX = HexFormat.of();

    private final List<byte[]> fields;
    private final List<String> texts;
    private final byte[] bytes;

    private NftKey(final List<byte[]> fields, final List<String> texts)
    {
        this.fields = List.copyOf(fields);
        this.texts = List.copyOf(texts);
        this.bytes = encode(this.fields);
    }

    private static NftKey one(final byte[] field, final String text)
    {
        return new NftKey(List.of(field), List.of(text));
    }

    private static byte[] encode(final List<byte[]> fields)
    {
        if (fields.size() == 1)
        {
            return fields.getFirst().clone();
        }
        int len = 0;
        for (final byte[] f : fields)
        {
            len += pad4(f.length);
        }
        final byte[] out = new byte[len];
        int at = 0;
        for (final byte[] f : fields)
        {
            System.arraycopy(f, 0, out, at, f.length);
            at += pad4(f.length);
        }
        return out;
    }

    private static int pad4(final int n)
    {
        return (n + 3) & ~3;
    }

    /** type ipv4_addr, from a literal such as {@code "10.88.0.5"}. */
    public static NftKey ipv4(final String literal)
    {
        return ipv4(IpPrefix.Ip.parse(literal));
    }

    /** type ipv4_addr. */
    public static NftKey ipv4(final InetAddress address)
    {
        if (!(address instanceof Inet4Address))
        {
            throw new IllegalArgumentException("'" + address.getHostAddress() + "' is not an IPv4 address");
        }
        return one(address.getAddress(), address.getHostAddress());
    }

    /** type ipv6_addr, from a literal such as {@code "fd00::5"}. */
    public static NftKey ipv6(final String literal)
    {
        return ipv6(IpPrefix.Ip.parse(literal));
    }

    /** type ipv6_addr. */
    public static NftKey ipv6(final InetAddress address)
    {
        if (!(address instanceof Inet6Address))
        {
            throw new IllegalArgumentException("'" + address.getHostAddress() + "' is not an IPv6 address");
        }
        return one(address.getAddress(), address.getHostAddress());
    }

    /** ipv4_addr or ipv6_addr, whichever the address is. */
    public static NftKey ip(final InetAddress address)
    {
        return address instanceof Inet4Address ? ipv4(address) : ipv6(address);
    }

    /** type inet_service: a TCP/UDP/SCTP port, 2 bytes big-endian. */
    public static NftKey port(final int port)
    {
        if (port < 0 || port > 0xffff)
        {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
        return one(new byte[] {(byte) (port >>> 8), (byte) port}, Integer.toString(port));
    }

    /** type inet_proto: an IP protocol number (6 tcp, 17 udp, 1 icmp, 58 icmpv6, 132 sctp). */
    public static NftKey proto(final int protocol)
    {
        if (protocol < 0 || protocol > 0xff)
        {
            throw new IllegalArgumentException("IP protocol " + protocol + " is out of range 0-255");
        }
        return one(new byte[] {(byte) protocol}, Integer.toString(protocol));
    }

    /** type ifname: an interface name, NUL-padded to 16 bytes. */
    public static NftKey ifname(final String name)
    {
        if (name == null || !IFNAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("'" + name + "' is not a valid interface name (1-15 characters)");
        }
        return one(Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 16), '"' + name + '"');
    }

    /** type ether_addr, from {@code "02:42:ac:11:00:02"}. */
    public static NftKey ether(final String mac)
    {
        if (mac == null || !MAC.matcher(mac).matches())
        {
            throw new IllegalArgumentException("'" + mac + "' is not a MAC address (xx:xx:xx:xx:xx:xx)");
        }
        return one(HEX.parseHex(mac.replace(":", "")), mac.toLowerCase(Locale.ROOT));
    }

    /** type mark: a packet mark, in host byte order as nftables keeps it. */
    public static NftKey mark(final int mark)
    {
        final byte[] b = new byte[4];
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putInt(mark);
        return one(b, "0x" + Integer.toHexString(mark));
    }

    /** Bytes as the kernel reported them (e.g. from a set dump); one opaque field. */
    public static NftKey raw(final byte[] bytes)
    {
        if (bytes == null || bytes.length == 0 || bytes.length > 64)
        {
            throw new IllegalArgumentException("a key is 1-64 bytes");
        }
        return one(bytes.clone(), "0x" + HEX.formatHex(bytes));
    }

    /** A concatenation {@code a . b . c}: each field padded to 4 bytes. */
    public static NftKey concat(final NftKey... parts)
    {
        final List<byte[]> f = new ArrayList<>();
        final List<String> t = new ArrayList<>();
        for (final NftKey p : parts)
        {
            f.addAll(p.fields);
            t.addAll(p.texts);
        }
        if (f.isEmpty())
        {
            throw new IllegalArgumentException("empty concatenation");
        }
        final NftKey k = new NftKey(f, t);
        if (k.bytes.length > 64)
        {
            throw new IllegalArgumentException("concatenation " + k + " is " + k.bytes.length + " bytes; nftables allows 64");
        }
        return k;
    }

    /** The encoded bytes (a copy). */
    public byte[] bytes()
    {
        return bytes.clone();
    }

    public int length()
    {
        return bytes.length;
    }

    /** Number of fields (1 unless a concatenation). */
    public int fieldCount()
    {
        return fields.size();
    }

    /**
     * The key plus one, read as a big-endian number (the exclusive end of an interval), or null
     * when every byte is 0xff.
     */
    NftKey next()
    {
        final byte[] b = bytes.clone();
        for (int i = b.length - 1; i >= 0; i--)
        {
            b[i]++;
            if (b[i] != 0)
            {
                return raw(b);
            }
        }
        return null;
    }

    /** The key minus one, read as a big-endian number (the key must not be all zero bytes). */
    NftKey previous()
    {
        final byte[] b = bytes.clone();
        for (int i = b.length - 1; i >= 0; i--)
        {
            final boolean borrow = b[i] == 0;
            b[i]--;
            if (!borrow)
            {
                break;
            }
        }
        return raw(b);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof NftKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(bytes);
    }

    /** As {@code nft} would print it, e.g. {@code 10.0.0.1 . 80}. */
    @Override
    public String toString()
    {
        return String.join(" . ", texts);
    }
}
