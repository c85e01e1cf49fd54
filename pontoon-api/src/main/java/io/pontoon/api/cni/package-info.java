// SPDX-License-Identifier: Apache-2.0
/**
 * The contract between the {@code pontoon-cni} plugin and the Pontoon daemon: the requests sent to
 * {@code /v1/cni/*}, the replies, the daemon's error vocabulary, the CNI error codes, and the one
 * table that maps daemon errors to CNI codes. Plain records with {@code toJson}/{@code fromJson}
 * over {@link io.pontoon.api.json.Json}; docs/cni.md describes the same contract for humans.
 */
package io.pontoon.api.cni;
