// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver.overlay;

import io.pontoon.kernel.net.MacAddress;

import java.net.InetAddress;

/**
 * An address on an overlay network that lives on another host: a container endpoint, or that
 * host's own source address on the network. The data plane programs it statically: an FDB entry
 * {@code mac -> vtep} and a permanent neighbour entry {@code ip -> mac} on the VXLAN device.
 *
 * @param id   the endpoint's id (stable key for updates and removal)
 * @param host the host it lives on (its registered name)
 * @param ip   its address on the overlay network
 * @param mac  its MAC address
 * @param vtep the host's VXLAN tunnel endpoint (its advertised underlay address)
 */
public record RemoteEndpoint(String id, String host, InetAddress ip, MacAddress mac, InetAddress vtep)
{
}
