// SPDX-License-Identifier: Apache-2.0
/** Benchmarks of the cluster control plane: convergence across hosts, and what one more host costs. */
package io.pontoon.bench.overlay;
