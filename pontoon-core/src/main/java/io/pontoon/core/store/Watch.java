// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

/** A running watch; closing it stops delivery (no callback starts after close returns). */
public interface Watch extends AutoCloseable
{
    /** The key prefix this watch follows. */
    String prefix();

    @Override
    void close();
}
