// SPDX-License-Identifier: Apache-2.0
/**
 * Pontoon's public wire vocabulary shared by the daemon, the CLI and the CNI plugin: versions,
 * publish specs ({@link io.pontoon.api.PortSpec}) and strict IP literals. Depends on the JDK only.
 */
package io.pontoon.api;
