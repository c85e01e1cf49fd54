// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import io.pontoon.core.PontoonException;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How this host takes part in the cluster.
 *
 * @param hostName      the name this host registers under; unique in the cluster
 * @param advertise     the underlay address other hosts send VXLAN to (this host's VTEP)
 * @param leaseTtl      how long this host's registration and endpoints outlive its last lease
 *                      renewal (a dead host disappears from the others within this time)
 * @param probeInterval how often the store's reachability is checked (an outage is noticed, and a
 *                      recovery acted on, within about this time plus one request timeout)
 */
public record ClusterConfig(String hostName, InetAddress advertise, Duration leaseTtl, Duration probeInterval)
{
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PROBE = Duration.ofSeconds(1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    public ClusterConfig
    {
        if (hostName == null || !NAME.matcher(hostName).matches())
        {
            throw PontoonException.invalid("invalid host name '%s': 1-63 characters of letters, digits, '_', '.' and '-',"
                + " starting with a letter or digit", hostName);
        }
        if (!(advertise instanceof Inet4Address) || advertise.isAnyLocalAddress() || advertise.isLoopbackAddress()
            || advertise.isMulticastAddress())
        {
            throw PontoonException.invalid("advertise address %s must be a unicast IPv4 address other hosts can reach",
                advertise == null ? null : advertise.getHostAddress());
        }
        if (leaseTtl == null || leaseTtl.compareTo(Duration.ofSeconds(2)) < 0 || leaseTtl.compareTo(Duration.ofHours(1)) > 0)
        {
            throw PontoonException.invalid("lease TTL must be from 2 s to 1 h, not %s", leaseTtl);
        }
        if (probeInterval == null || probeInterval.isNegative() || probeInterval.isZero())
        {
            throw PontoonException.invalid("probe interval must be positive");
        }
    }

    /** A configuration with the default TTL and probe interval. */
    public static ClusterConfig of(final String hostName, final InetAddress advertise)
    {
        return new ClusterConfig(hostName, advertise, DEFAULT_TTL, DEFAULT_PROBE);
    }
}
