// SPDX-License-Identifier: Apache-2.0
/**
 * The daemon's side of multi-host networking: building the cluster agent from the configuration
 * and the overlay driver it feeds.
 */
package io.pontoon.daemon.cluster;
