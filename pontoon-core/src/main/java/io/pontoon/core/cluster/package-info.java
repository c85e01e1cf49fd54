// SPDX-License-Identifier: Apache-2.0
/**
 * The cluster control plane for networks of scope global (the {@code overlay} driver): host
 * registration with a lease, global network records, VNIs, address blocks with host affinity and
 * published endpoints in a cluster {@link io.pontoon.core.store.LeasingStore} (etcd), mirrored
 * into the local controller and fed to the data plane through
 * {@link io.pontoon.core.driver.overlay.OverlayPeers}. Knows nothing of etcd itself.
 */
package io.pontoon.core.cluster;
