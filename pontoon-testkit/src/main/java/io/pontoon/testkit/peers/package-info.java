// SPDX-License-Identifier: Apache-2.0
/**
 * Real peers that Pontoon's end-to-end tests and benchmarks run inside lab hosts: dockerd
 * ({@link io.pontoon.testkit.peers.DockerPeer}), etcd ({@link io.pontoon.testkit.peers.EtcdPeer})
 * and Podman ({@link io.pontoon.testkit.peers.PodmanPeer}). Each is started by the test, keeps all
 * its state in a directory of its own, is adopted by its lab, and removes every process, mount,
 * namespace and file it made when it closes. {@link io.pontoon.testkit.peers.LoopbackEtcd} is the
 * exception that runs outside any lab host: an etcd on 127.0.0.1 for clients inside the test JVM.
 */
package io.pontoon.testkit.peers;
