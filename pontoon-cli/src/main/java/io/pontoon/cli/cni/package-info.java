// SPDX-License-Identifier: Apache-2.0
/**
 * {@code pontoon-cni}: a CNI 0.4.0/1.0.0/1.1.0 plugin that validates the runtime's request and
 * forwards it to the Pontoon daemon over its Unix socket ({@code /v1/cni/*}, contract in
 * {@link io.pontoon.api.cni}). JDK and pontoon-api only, no FFM, no Jetty: the process lives for
 * one request and must start fast (see docs/cni.md for the AOT cache).
 */
package io.pontoon.cli.cni;
