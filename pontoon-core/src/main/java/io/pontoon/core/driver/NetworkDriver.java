// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver;

import io.pontoon.core.model.EndpointRecord;
import io.pontoon.core.model.NetworkRecord;
import io.pontoon.core.model.PortMapping;

import java.util.List;
import java.util.Map;

/**
 * A network driver, after libnetwork's driverapi: it turns CNM records into kernel state. Drivers
 * never see the controller; everything they need is passed in. Every method is idempotent (a
 * restart replays the store through {@link #createNetwork} and {@link #join}) and undoes its own
 * partial work when it fails.
 */
public interface NetworkDriver
{
    /** The name users pass with {@code -d}. */
    String name();

    /**
     * Checks and normalises driver options before anything is stored; throws INVALID naming an
     * unknown key or a bad value. Returns the options to store.
     */
    Map<String, String> validateOptions(Map<String, String> options);

    /** The Linux interface name the network will use on the host, if the driver has one. */
    String hostInterface(NetworkRecord network);

    /** Creates or repairs the network's kernel objects. */
    void createNetwork(NetworkRecord network);

    /** Removes the network's kernel objects; missing ones are fine. */
    void deleteNetwork(NetworkRecord network);

    /** Creates the endpoint inside the sandbox (interface, address, default route if asked). */
    void join(NetworkRecord network, EndpointRecord endpoint, SandboxNs sandbox, boolean defaultRoute);

    /**
     * Prepares an endpoint whose runtime moves the interface into the sandbox itself (Docker):
     * the host side is attached, and the returned interface, still in the host namespace,
     * is the runtime's to move, rename and address.
     */
    String joinHostSide(NetworkRecord network, EndpointRecord endpoint);

    /** Whether the endpoint's kernel objects are in place (used on restart). */
    boolean joined(NetworkRecord network, EndpointRecord endpoint);

    /**
     * Completes an endpoint whose kernel objects exist but may be unfinished (a crash in the
     * middle of a join, or of a disconnect that was moving the default route): address, link up,
     * the default route when asked, the driver's per-endpoint extras. Idempotent; what is already
     * right is left as it is, so running traffic sees no change. Called on restore.
     */
    default void repair(NetworkRecord network, EndpointRecord endpoint, SandboxNs sandbox, boolean defaultRoute)
    {
    }

    /** Removes the endpoint's kernel objects; missing ones are fine. */
    void leave(NetworkRecord network, EndpointRecord endpoint);

    /** Makes the sandbox's default route point at this network's gateway. */
    void setDefaultRoute(NetworkRecord network, SandboxNs sandbox);

    /**
     * Checks, before anything is reserved or created, that the host can take these published
     * ports: no process on the host holds them and each HOSTIP is an address of the host. Throws
     * CONFLICT or INVALID. Called when a sandbox is created, never on restore (a port that a host
     * process took while the daemon was down must not stop the daemon from starting).
     */
    default void checkPublish(NetworkRecord network, List<PortMapping> ports)
    {
    }

    /** Publishes ports to the endpoint (host port → endpoint address). */
    void publish(NetworkRecord network, EndpointRecord endpoint, List<PortMapping> ports);

    /** Withdraws published ports; missing ones are fine. */
    void unpublish(NetworkRecord network, EndpointRecord endpoint, List<PortMapping> ports);

    /**
     * Whether every one of {@code ports} is published to the endpoint right now (CNI CHECK). A
     * driver that cannot tell says true.
     */
    default boolean published(final NetworkRecord network, final EndpointRecord endpoint, final List<PortMapping> ports)
    {
        return true;
    }
}
