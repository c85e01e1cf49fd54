// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.sysctl;

import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.ffm.Errno;
import io.pontoon.kernel.ffm.Libc;
import io.pontoon.kernel.netlink.rtnl.LinkNames;
import io.pontoon.kernel.netns.NetNs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Per-namespace network sysctls ({@code net.*}), equal to {@code ip netns exec NS sysctl -w KEY=VALUE}.
 * {@code /proc/sys/net} shows the namespace of the thread that opens the file, so every access
 * to another namespace runs inside {@link NetNs#call}; a null namespace means the caller's own.
 * Keys use dots ({@code net.ipv4.ip_forward}) or slashes ({@code net/ipv4/conf/eth0.100/proxy_arp},
 * needed when a device name contains a dot); only {@code net.*} keys are accepted, because
 * nothing else is per namespace and a write there would change the whole host.
 */
public final class Sysctl
{
    public static final String IP_FORWARD = "net.ipv4.ip_forward";
    public static final String IPV6_FORWARDING = "net.ipv6.conf.all.forwarding";
    public static final String BRIDGE_NF_CALL_IPTABLES = "net.bridge.bridge-nf-call-iptables";
    public static final String BRIDGE_NF_CALL_IP6TABLES = "net.bridge.bridge-nf-call-ip6tables";

    private static final int O_WRONLY = 1;
    private static final int MAX_VALUE = 4096;

    private Sysctl()
    {
    }

    /** {@code sysctl -w KEY=VALUE} in {@code ns} (null = the caller's namespace). */
    public static void set(final NetNs ns, final String key, final String value)
    {
        setAll(ns, Map.of(key, value));
    }

    /** Several {@code sysctl -w} in order, with one switch into the namespace. */
    public static void setAll(final NetNs ns, final Map<String, String> values)
    {
        final Map<String, String> paths = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : values.entrySet())
        {
            final String value = e.getValue();
            if (value == null || value.indexOf('\0') >= 0)
            {
                throw KernelException.invalid("sysctl -w", e.getKey() + "=" + value, "the value must be text without NUL");
            }
            paths.put(e.getKey(), path(e.getKey(), "sysctl -w"));
        }
        inside(ns, () ->
        {
            for (final Map.Entry<String, String> e : values.entrySet())
            {
                write(paths.get(e.getKey()), e.getValue(), e.getKey());
            }
            return null;
        });
    }

    /** {@code sysctl -n KEY} in {@code ns} (null = the caller's namespace), without the trailing newline. */
    public static String get(final NetNs ns, final String key)
    {
        final String path = path(key, "sysctl");
        return inside(ns, () -> read(path, key));
    }

    /** {@code net.ipv4.ip_forward}: route IPv4 between interfaces. */
    public static void ipForward(final NetNs ns, final boolean on)
    {
        set(ns, IP_FORWARD, on ? "1" : "0");
    }

    /** {@code net.ipv6.conf.all.forwarding}. */
    public static void ipv6Forwarding(final NetNs ns, final boolean on)
    {
        set(ns, IPV6_FORWARDING, on ? "1" : "0");
    }

    /** {@code net.ipv4.conf.DEV.proxy_arp}: answer ARP for addresses routed elsewhere. */
    public static void proxyArp(final NetNs ns, final String dev, final boolean on)
    {
        set(ns, deviceKey("ipv4", dev, "proxy_arp"), on ? "1" : "0");
    }

    /** {@code net.ipv4.conf.DEV.route_localnet}: allow 127/8 to be routed (DNAT to loopback). */
    public static void routeLocalnet(final NetNs ns, final String dev, final boolean on)
    {
        set(ns, deviceKey("ipv4", dev, "route_localnet"), on ? "1" : "0");
    }

    /** {@code net.ipv4.conf.DEV.rp_filter}: 0 off, 1 strict, 2 loose; DEV may be "all" or "default". */
    public static void rpFilter(final NetNs ns, final String dev, final int mode)
    {
        if (mode < 0 || mode > 2)
        {
            throw KernelException.invalid("sysctl -w", deviceKey("ipv4", dev, "rp_filter") + "=" + mode,
                "rp_filter is 0 (off), 1 (strict) or 2 (loose)");
        }
        set(ns, deviceKey("ipv4", dev, "rp_filter"), Integer.toString(mode));
    }

    /**
     * {@code net.bridge.bridge-nf-call-iptables}: pass bridged IPv4 through iptables/nft ip
     * hooks. The key exists only while {@code br_netfilter} is loaded; without it this fails
     * with ENOENT and a message saying so.
     */
    public static void bridgeNfCallIptables(final NetNs ns, final boolean on)
    {
        set(ns, BRIDGE_NF_CALL_IPTABLES, on ? "1" : "0");
    }

    /** The slash form of {@code net.FAMILY.conf.DEV.LEAF}, safe for device names with dots. */
    public static String deviceKey(final String family, final String dev, final String leaf)
    {
        if (!dev.equals("all") && !dev.equals("default"))
        {
            LinkNames.check("sysctl", "net/" + family + "/conf/" + dev + "/" + leaf, dev);
        }
        return "net/" + family + "/conf/" + dev + "/" + leaf;
    }

    /** {@code /proc/sys/...} for a key, refusing anything outside {@code net}. */
    static String path(final String key, final String op)
    {
        final List<String> parts = key == null ? List.of() : List.of(key.split(key.indexOf('/') >= 0 ? "/" : "\\.", -1));
        if (parts.size() < 2 || !parts.getFirst().equals("net"))
        {
            throw KernelException.invalid(op, String.valueOf(key), "only net.* sysctls are per network namespace");
        }
        for (final String p : parts)
        {
            if (p.isEmpty() || p.equals(".") || p.equals("..") || p.chars().anyMatch(c -> c == 0 || Character.isWhitespace(c)))
            {
                throw KernelException.invalid(op, key, "'" + p + "' is not a sysctl key component");
            }
        }
        return "/proc/sys/" + String.join("/", parts);
    }

    private static <T> T inside(final NetNs ns, final Callable<T> task)
    {
        if (ns != null)
        {
            return ns.call(task);
        }
        try
        {
            return task.call();
        }
        catch (final RuntimeException e)
        {
            throw e;
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    private static int open(final String path, final int flags, final String op, final String object, final String key)
    {
        try
        {
            return Libc.open(path, flags | Libc.O_CLOEXEC, 0);
        }
        catch (final KernelException e)
        {
            String hint = "";
            if (e.errno() == Errno.ENOENT)
            {
                hint = key.startsWith("net.bridge") || key.startsWith("net/bridge")
                    ? "net.bridge.* exists only while the br_netfilter module is loaded (modprobe br_netfilter)"
                    : "no such sysctl in this namespace (" + path + "); for conf.DEV keys the device must exist";
            }
            throw new KernelException(op, object, e.errno(), hint);
        }
    }

    private static void write(final String path, final String value, final String key)
    {
        final String object = key + "=" + value;
        final int fd = open(path, O_WRONLY, "sysctl -w", object, key);
        try (Arena arena = Arena.ofConfined())
        {
            final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            final MemorySegment buf = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buf, ValueLayout.JAVA_BYTE, 0, bytes.length);
            final MemorySegment cap = Libc.newCapture(arena);
            final long n = Libc.rawWrite(cap, fd, buf, bytes.length);
            if (n < 0)
            {
                final int errno = Libc.errno(cap);
                throw new KernelException("sysctl -w", object, errno,
                    errno == Errno.EINVAL ? "the kernel refused the value" : "");
            }
            if (n != bytes.length)
            {
                throw new KernelException("sysctl -w", object, Errno.EIO, "short write: " + n + " of " + bytes.length);
            }
        }
        finally
        {
            Libc.close(fd);
        }
    }

    private static String read(final String path, final String key)
    {
        final int fd = open(path, Libc.O_RDONLY, "sysctl", key, key);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buf = arena.allocate(MAX_VALUE);
            final MemorySegment cap = Libc.newCapture(arena);
            final long n = Libc.rawRead(cap, fd, buf, MAX_VALUE);
            if (n < 0)
            {
                throw new KernelException("sysctl", key, Libc.errno(cap), "");
            }
            final String text = new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
