// SPDX-License-Identifier: Apache-2.0
/**
 * The CNM records Pontoon persists (network, endpoint, sandbox, published port), each with a JSON
 * form for the store, plus ids, name rules and MAC derivation shared by them.
 */
package io.pontoon.core.model;
