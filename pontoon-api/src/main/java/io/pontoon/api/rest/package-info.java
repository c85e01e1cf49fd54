// SPDX-License-Identifier: Apache-2.0
/**
 * REST v1 wire records (docs/api.md), shared by the daemon and the CLI. Each record has
 * {@code toJson()} (a map for {@link io.pontoon.api.json.Json#write}) and
 * {@code static fromJson(JsonObject)}, which checks types and required fields and throws
 * {@link io.pontoon.api.json.JsonException} naming the field (the daemon answers 400 with it).
 * Unknown fields are ignored; absent and JSON null mean the same.
 */
package io.pontoon.api.rest;
