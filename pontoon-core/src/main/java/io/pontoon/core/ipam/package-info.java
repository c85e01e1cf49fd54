// SPDX-License-Identifier: Apache-2.0
/**
 * IP address management in the spirit of libnetwork's ipamapi: pools (one subnet per network,
 * optionally a narrower ip-range and a gateway) and addresses allocated from them. State lives in
 * the {@link io.pontoon.core.store.Store}, so it survives restarts and can later be shared.
 */
package io.pontoon.core.ipam;
