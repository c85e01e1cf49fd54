// SPDX-License-Identifier: Apache-2.0
/** Pontoon's core: the CNM model, IPAM, the store SPI and the errors they share. */
package io.pontoon.core;
