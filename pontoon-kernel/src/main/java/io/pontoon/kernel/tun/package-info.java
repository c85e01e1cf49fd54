// SPDX-License-Identifier: Apache-2.0
/**
 * TUN/TAP devices: open {@code /dev/net/tun} inside a namespace, read and write packets through
 * FFM on native memory, wake blocked readers on close.
 */
package io.pontoon.kernel.tun;
