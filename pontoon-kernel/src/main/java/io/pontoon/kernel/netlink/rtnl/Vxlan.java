// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A VXLAN tunnel endpoint. Equals {@code ip link add NAME type vxlan id VNI [local ADDR]
 * [dev UNDERLAY] dstport PORT [no]learning [proxy] [ttl N] [srcport LOW HIGH]}.
 *
 * @param vni       VXLAN network identifier, 1-16777215 ({@code IFLA_VXLAN_ID})
 * @param local     source address of the tunnel (IPv4 or IPv6); null lets the kernel choose
 * @param underlay  name of the underlay device ({@code IFLA_VXLAN_LINK}); null for none
 * @param port      UDP destination port, sent big-endian; 0 = kernel default (8472, not 4789!)
 * @param learning  learn remote MACs from received packets; Pontoon programs static FDB
 *                  entries instead, so {@link #of} turns it off (the kernel's default is on)
 * @param proxy     answer ARP/ND from the neighbour table ({@code IFLA_VXLAN_PROXY})
 * @param ttl       outer TTL; 0 = kernel default
 * @param portLow   lowest UDP source port ({@code IFLA_VXLAN_PORT_RANGE}); 0 with
 *                  {@code portHigh} 0 = kernel default
 * @param portHigh  highest UDP source port
 */
public record Vxlan(LinkAttrs attrs, int vni, InetAddress local, String underlay, int port, boolean learning,
    boolean proxy, int ttl, int portLow, int portHigh) implements Link
{
    /** The IANA port for VXLAN. */
    public static final int IANA_PORT = 4789;
    /** Outer headers VXLAN adds over IPv4: the overlay MTU is the underlay MTU minus this. */
    public static final int OVERHEAD_IPV4 = 50;
    /** Outer headers VXLAN adds over IPv6. */
    public static final int OVERHEAD_IPV6 = 70;

    public Vxlan
    {
        Objects.requireNonNull(attrs, "attrs");
        if (vni < 0 || vni > 0xffffff)
        {
            throw new IllegalArgumentException("VNI must be 0-16777215: " + vni);
        }
        if (port < 0 || port > 0xffff || portLow < 0 || portLow > 0xffff || portHigh < 0 || portHigh > 0xffff)
        {
            throw new IllegalArgumentException("ports must be 0-65535");
        }
        if (portLow > portHigh)
        {
            throw new IllegalArgumentException("source port range " + portLow + "-" + portHigh + " is empty");
        }
        if (ttl < 0 || ttl > 255)
        {
            throw new IllegalArgumentException("ttl must be 0-255: " + ttl);
        }
    }

    /** VNI on the IANA port 4789, learning off, no proxy, kernel defaults for the rest. */
    public static Vxlan of(final String name, final int vni)
    {
        return new Vxlan(LinkAttrs.named(name), vni, null, null, IANA_PORT, false, false, 0, 0, 0);
    }

    @Override
    public String kind()
    {
        return "vxlan";
    }

    @Override
    public String describe()
    {
        return "vxlan " + attrs.name() + " id " + vni;
    }

    public Vxlan withAttrs(final LinkAttrs a)
    {
        return new Vxlan(a, vni, local, underlay, port, learning, proxy, ttl, portLow, portHigh);
    }

    public Vxlan withLocal(final InetAddress a)
    {
        return new Vxlan(attrs, vni, a, underlay, port, learning, proxy, ttl, portLow, portHigh);
    }

    public Vxlan withUnderlay(final String dev)
    {
        return new Vxlan(attrs, vni, local, dev, port, learning, proxy, ttl, portLow, portHigh);
    }

    public Vxlan withPort(final int p)
    {
        return new Vxlan(attrs, vni, local, underlay, p, learning, proxy, ttl, portLow, portHigh);
    }

    public Vxlan withLearning(final boolean on)
    {
        return new Vxlan(attrs, vni, local, underlay, port, on, proxy, ttl, portLow, portHigh);
    }

    public Vxlan withProxy(final boolean on)
    {
        return new Vxlan(attrs, vni, local, underlay, port, learning, on, ttl, portLow, portHigh);
    }

    public Vxlan withTtl(final int t)
    {
        return new Vxlan(attrs, vni, local, underlay, port, learning, proxy, t, portLow, portHigh);
    }

    public Vxlan withPortRange(final int low, final int high)
    {
        return new Vxlan(attrs, vni, local, underlay, port, learning, proxy, ttl, low, high);
    }
}
