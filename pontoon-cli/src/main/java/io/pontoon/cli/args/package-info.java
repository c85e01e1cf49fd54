// SPDX-License-Identifier: Apache-2.0
/** A small Docker-style (pflag-like) command-line option parser. */
package io.pontoon.cli.args;
