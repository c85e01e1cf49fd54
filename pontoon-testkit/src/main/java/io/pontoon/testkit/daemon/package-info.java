// SPDX-License-Identifier: Apache-2.0
/**
 * Drives the real product inside lab hosts: {@link io.pontoon.testkit.daemon.PontoonDaemon} starts
 * {@code pontoon daemon} in a lab host with throwaway state, runs the {@code pontoon} CLI against
 * it, stops, kills and restarts it; {@link io.pontoon.testkit.daemon.HostState} captures what a
 * host's kernel and daemon hold, to prove that a failed command left nothing behind.
 */
package io.pontoon.testkit.daemon;
