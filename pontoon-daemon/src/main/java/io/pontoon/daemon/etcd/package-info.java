// SPDX-License-Identifier: Apache-2.0
/**
 * The cluster store: {@link io.pontoon.daemon.etcd.EtcdStore}, the Store SPI (with leases) on etcd
 * v3 through jetcd. jetcd, gRPC and Netty are used only in this package.
 */
package io.pontoon.daemon.etcd;
