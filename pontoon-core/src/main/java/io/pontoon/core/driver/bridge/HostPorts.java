// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.bridge;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;

/**
 * Probes whether the current thread's network namespace could bind a host port: what decides
 * whether a published port would clash with a process on the host. Must run inside the host
 * namespace ({@code NetNs.call}).
 */
final class HostPorts
{
    /** Prefix of a {@link #probe} answer that means "HOSTIP is not local" rather than "in use". */
    static final String NOT_LOCAL = "not-local:";

    private HostPorts()
    {
    }

    /**
     * Null when {@code bind(HOSTIP or 0.0.0.0, PORT)} succeeds (then the socket is closed again),
     * else why not. TCP binds with SO_REUSEADDR, so only a listener clashes, not a connection in
     * TIME_WAIT; UDP binds without it, so any socket holding the port clashes.
     */
    static String probe(final BridgeDriver.Port p) throws IOException
    {
        final boolean any = p.hostIp() == null || p.hostIp().isAnyLocalAddress();
        final InetAddress ip = any ? InetAddress.getByAddress(new byte[4]) : p.hostIp();
        final String proto = p.protocol() == BridgeDriver.Port.UDP ? "udp" : "tcp";
        final String where = ip.getHostAddress() + ":" + p.hostPort() + "/" + proto;
        if (bindable(p.protocol(), new InetSocketAddress(ip, p.hostPort())))
        {
            return null;
        }
        if (!any && !bindable(p.protocol(), new InetSocketAddress(ip, 0)))
        {
            return NOT_LOCAL + "cannot publish " + where + ": " + ip.getHostAddress() + " is not an address of this host";
        }
        return "host port " + where + " is already in use on this host";
    }

    private static boolean bindable(final int protocol, final InetSocketAddress at) throws IOException
    {
        try (NetworkChannel ch = protocol == BridgeDriver.Port.UDP ? DatagramChannel.open() : ServerSocketChannel.open())
        {
            if (protocol != BridgeDriver.Port.UDP)
            {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            ch.bind(at);
            return true;
        }
        catch (final BindException e)
        {
            return false;
        }
    }
}
