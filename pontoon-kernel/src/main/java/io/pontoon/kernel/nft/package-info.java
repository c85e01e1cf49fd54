// SPDX-License-Identifier: Apache-2.0
/**
 * nftables for Pontoon. The static skeleton of a namespace (tables, chains, rules that look up
 * sets and maps) is loaded atomically with the {@code nft} executable; per-endpoint data (set and
 * map elements) changes through NETLINK_NETFILTER batches written here, which spawn no process.
 * libnftables (GPL-2) is never loaded into the JVM.
 */
package io.pontoon.kernel.nft;
