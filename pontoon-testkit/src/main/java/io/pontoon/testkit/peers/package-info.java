// SPDX-License-Identifier: Apache-2.0
/**
 * Real peers that Pontoon's end-to-end tests and benchmarks run inside lab hosts: dockerd
 * ({@link io.pontoon.testkit.peers.DockerPeer}), etcd ({@link io.pontoon.testkit.peers.EtcdPeer})
 * and Podman ({@link io.pontoon.testkit.peers.PodmanPeer}). Each is started by the test, keeps all
 * its state in a directory of its own, is adopted by its lab, and removes every process, mount,
 * namespace and file it made when it closes.
 */
package io.pontoon.testkit.peers;
