// SPDX-License-Identifier: Apache-2.0
/**
 * Test infrastructure: lab hosts (network namespaces joined by veth through a lab switch), a JUnit
 * extension that builds them per test and dumps their state when a test fails, the
 * {@code privileged} tag, and a detector for kernel objects that tests left behind.
 */
package io.pontoon.testkit;
