// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code pontoon} command: a thin, fast-starting client of the daemon's REST v1 API
 * (docs/api.md), depending only on pontoon-api and the JDK. {@link io.pontoon.cli.Main} is the entry
 * point; each subcommand is one class in {@code io.pontoon.cli.command}.
 */
package io.pontoon.cli;
