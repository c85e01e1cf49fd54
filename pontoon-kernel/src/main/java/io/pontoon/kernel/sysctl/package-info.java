// SPDX-License-Identifier: Apache-2.0
/** Per-network-namespace sysctls ({@code net.*}) read and written inside the namespace. */
package io.pontoon.kernel.sysctl;
