// SPDX-License-Identifier: Apache-2.0
/**
 * The store SPI ({@link io.pontoon.core.store.Store}): an etcd-shaped key/value store with
 * revisions, transactions and watches, and {@link io.pontoon.core.store.LocalStore}, the embedded
 * crash-safe implementation for a single host.
 */
package io.pontoon.core.store;
