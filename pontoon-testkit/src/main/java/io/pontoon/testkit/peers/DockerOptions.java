// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import java.util.List;

/**
 * Settings of a {@link DockerPeer}'s dockerd. {@code bridgeIp} is {@code --bip} (the address of
 * {@code docker0} with its prefix length), {@code addressPool} the base of
 * {@code default-address-pools} (cut into /24s), {@code iptables}, {@code userlandProxy} and
 * {@code liveRestore} the options of those names (live-restore keeps containers running while
 * dockerd is down, see {@link DockerPeer#stopDockerd()}); {@code extraArgs} go on dockerd's
 * command line as they are (do not repeat the options above: dockerd refuses an option given both
 * as a flag and in daemon.json).
 */
public record DockerOptions(String bridgeIp, String addressPool, boolean iptables, boolean userlandProxy,
    boolean liveRestore, List<String> extraArgs)
{
    public DockerOptions
    {
        extraArgs = List.copyOf(extraArgs);
    }

    /**
     * {@code docker0} at {@code 10.200.255.1/24}, pools from {@code 10.201.0.0/16}, iptables and
     * userland proxy on, live-restore off (dockerd's defaults).
     */
    public static DockerOptions defaults()
    {
        return new DockerOptions("10.200.255.1/24", "10.201.0.0/16", true, true, false, List.of());
    }

    public DockerOptions withBridgeIp(final String cidr)
    {
        return new DockerOptions(cidr, addressPool, iptables, userlandProxy, liveRestore, extraArgs);
    }

    public DockerOptions withAddressPool(final String cidr)
    {
        return new DockerOptions(bridgeIp, cidr, iptables, userlandProxy, liveRestore, extraArgs);
    }

    public DockerOptions withIptables(final boolean on)
    {
        return new DockerOptions(bridgeIp, addressPool, on, userlandProxy, liveRestore, extraArgs);
    }

    public DockerOptions withUserlandProxy(final boolean on)
    {
        return new DockerOptions(bridgeIp, addressPool, iptables, on, liveRestore, extraArgs);
    }

    /** {@code "live-restore": true|false} in daemon.json. */
    public DockerOptions withLiveRestore(final boolean on)
    {
        return new DockerOptions(bridgeIp, addressPool, iptables, userlandProxy, on, extraArgs);
    }

    public DockerOptions withExtraArgs(final String... args)
    {
        return new DockerOptions(bridgeIp, addressPool, iptables, userlandProxy, liveRestore, List.of(args));
    }
}
