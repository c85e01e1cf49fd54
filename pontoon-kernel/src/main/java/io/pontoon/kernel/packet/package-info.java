// SPDX-License-Identifier: Apache-2.0
/**
 * Raw link-layer frames: an {@code AF_PACKET} socket bound to a namespace that sends whole
 * Ethernet frames out of a named device, and the gratuitous ARP frame Pontoon announces
 * addresses with.
 */
package io.pontoon.kernel.packet;
