// SPDX-License-Identifier: Apache-2.0
/**
 * Contract tests for the store SPI ({@link io.pontoon.testkit.store.StoreContract}), shared by the
 * embedded LocalStore and the etcd store so both behave the same.
 */
package io.pontoon.testkit.store;
