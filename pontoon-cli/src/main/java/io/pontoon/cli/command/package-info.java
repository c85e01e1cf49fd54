// SPDX-License-Identifier: Apache-2.0
/** One class per {@code pontoon} subcommand, plus shared helpers ({@link io.pontoon.cli.command.Cmds}). */
package io.pontoon.cli.command;
