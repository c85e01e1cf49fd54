// SPDX-License-Identifier: Apache-2.0
/**
 * A JDK-only HTTP/1.1 client over a Unix domain socket, for short-lived processes (CLI, CNI
 * plugin) that must start fast: no thread pool, no TLS, one connection per request.
 */
package io.pontoon.api.client;
