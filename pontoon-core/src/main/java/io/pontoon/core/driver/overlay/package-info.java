// SPDX-License-Identifier: Apache-2.0
/**
 * The overlay driver's data plane: one L2 network across hosts over VXLAN, with static
 * forwarding only (no learning, no flooding, no miss notifications).
 *
 * <pre>
 *  host h1 (VTEP 198.18.0.11)                          host h2 (VTEP 198.18.0.12)
 *  c1 eth0 10.200.0.2 ─ ptv.. ┐                          ┌ ptv.. ─ c2 eth0 10.200.0.66
 *                             pt-ID bridge                pt-ID bridge
 *        gateway 10.200.0.1/24 (same on every host: containers leave through their own host)
 *        host address 10.200.0.250/32, MAC 02:42:0a:c8:00:fa   host address 10.200.0.251/32
 *                             │                            │
 *                     ptxVNI vxlan ── UDP 4789 ──────── ptxVNI vxlan
 *                     nolearning proxy, on the bridge; local = advertise address
 *
 *  per remote endpoint (container or other host's host address), on h1's ptxVNI:
 *    bridge fdb replace MAC dev ptxVNI dst 198.18.0.12 self permanent
 *    bridge fdb replace MAC dev ptxVNI master static
 *    ip neigh replace IP lladdr MAC dev ptxVNI nud permanent      (ARP answered locally: proxy)
 *    arping -A -c1 -I pt-ID IP, sender MAC = MAC                  (gratuitous ARP into the bridge)
 *  ip route replace 10.200.0.0/24 dev pt-ID src 10.200.0.250 proto 112   (host traffic comes back here)
 * </pre>
 *
 * MTU: the underlay device's (the one holding the advertise address) minus 50, on the bridge, the
 * VXLAN device and both ends of every veth. ARP never crosses the wire: the VXLAN device answers
 * from its permanent neighbours and drops every other broadcast, for which it has no destination.
 * Each neighbour entry written (and each local endpoint that joins) is announced into the bridge
 * with a gratuitous ARP: a local container that asked for the address before it existed got no
 * answer and would ask again only after its {@code retrans_time} (1 s by default); the
 * announcement resolves its pending entry at once. Containers that never asked ignore it.
 */
package io.pontoon.core.driver.overlay;
