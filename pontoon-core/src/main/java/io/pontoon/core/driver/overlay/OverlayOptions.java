// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.overlay;

import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.bridge.BridgeNetworkDriver;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.kernel.net.IpPrefix;
import io.pontoon.kernel.net.MacAddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Checking and reading the options of overlay network records. */
final class OverlayOptions
{
    private static final int MAX_VNI = 0xffffff;
    private static final Set<String> KNOWN = new TreeSet<>(List.of(OverlayNetworkDriver.OPT_VNI,
        OverlayNetworkDriver.OPT_HOST_ADDRESS, OverlayNetworkDriver.OPT_HOST_MAC, BridgeNetworkDriver.OPT_MTU,
        BridgeNetworkDriver.OPT_ICC, BridgeNetworkDriver.OPT_MASQUERADE));

    private OverlayOptions()
    {
    }

    /** Normalised options; INVALID naming an unknown key or a bad value. */
    static Map<String, String> validate(final Map<String, String> options)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : options.entrySet())
        {
            final String k = e.getKey();
            final String v = e.getValue() == null ? "" : e.getValue().trim();
            switch (k)
            {
                case OverlayNetworkDriver.OPT_VNI -> out.put(k, String.valueOf(parseVni(v)));
                case OverlayNetworkDriver.OPT_HOST_ADDRESS -> out.put(k, parse(k, v, IpPrefix::parse).toString());
                case OverlayNetworkDriver.OPT_HOST_MAC -> out.put(k, parse(k, v, MacAddress::parse).toString());
                case BridgeNetworkDriver.OPT_MTU -> out.put(k, String.valueOf(parseMtu(v)));
                case BridgeNetworkDriver.OPT_ICC, BridgeNetworkDriver.OPT_MASQUERADE -> out.put(k, String.valueOf(bool(k, v)));
                default -> throw PontoonException.invalid("unknown option '%s' for driver overlay (known options: %s)", k,
                    String.join(", ", KNOWN));
            }
        }
        return out;
    }

    /** The VNI stored in the network's options; INVALID when it is missing or bad. */
    static int vni(final NetworkRecord n)
    {
        final String v = n.options().get(OverlayNetworkDriver.OPT_VNI);
        if (v == null)
        {
            throw PontoonException.invalid("overlay network '%s' has no VNI (option %s, set by the cluster control plane)",
                n.name(), OverlayNetworkDriver.OPT_VNI);
        }
        return parseVni(v);
    }

    /** This host's address from its copy of the record ({@code OPT_HOST_ADDRESS}), checked; null when absent. */
    static InetAddress hostAddress(final NetworkRecord n)
    {
        final String v = n.options().get(OverlayNetworkDriver.OPT_HOST_ADDRESS);
        return v == null ? null
            : checkHostAddress(n, parse(OverlayNetworkDriver.OPT_HOST_ADDRESS, v, IpPrefix::parse).address());
    }

    /** The MAC for {@link #hostAddress}: {@code OPT_HOST_MAC}, else derived from the address. */
    static MacAddress hostMac(final NetworkRecord n)
    {
        final String v = n.options().get(OverlayNetworkDriver.OPT_HOST_MAC);
        return v != null ? parse(OverlayNetworkDriver.OPT_HOST_MAC, v, MacAddress::parse)
            : OverlayNetworkDriver.hostMac(hostAddress(n));
    }

    /** A host address must be a usable IPv4 address of the subnet other than the gateway. */
    static InetAddress checkHostAddress(final NetworkRecord n, final InetAddress a)
    {
        if (!(a instanceof Inet4Address) || n.subnet() == null || n.gateway() == null || !n.subnet().contains(a)
            || a.equals(n.gateway().address()) || a.equals(n.subnet().network().address()) || a.equals(n.subnet().last()))
        {
            throw PontoonException.invalid("host address %s of network '%s' must be a usable IPv4 address of %s other than"
                + " the gateway", a.getHostAddress(), n.name(), n.subnet());
        }
        return a;
    }

    static <T> T parse(final String key, final String v, final Function<String, T> parser)
    {
        try
        {
            return parser.apply(v);
        }
        catch (final IllegalArgumentException e)
        {
            throw PontoonException.invalid("invalid value '%s' for option %s: %s", v, key, e.getMessage());
        }
    }

    private static int parseVni(final String v)
    {
        try
        {
            final int vni = Integer.parseInt(v.trim());
            if (vni >= 1 && vni <= MAX_VNI)
            {
                return vni;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw PontoonException.invalid("option %s must be a number from 1 to %d, not '%s'", OverlayNetworkDriver.OPT_VNI,
            MAX_VNI, v);
    }

    private static int parseMtu(final String v)
    {
        try
        {
            final int m = Integer.parseInt(v);
            if (m >= 68 && m <= 65535)
            {
                return m;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw PontoonException.invalid("option %s must be a number from 68 to 65535, not '%s'", BridgeNetworkDriver.OPT_MTU, v);
    }

    private static boolean bool(final String key, final String v)
    {
        return switch (v.toLowerCase(Locale.ROOT))
        {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw PontoonException.invalid("option %s must be true or false, not '%s'", key, v);
        };
    }
}
