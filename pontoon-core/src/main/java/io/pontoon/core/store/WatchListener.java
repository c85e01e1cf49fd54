// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

import io.pontoon.core.PontoonException;
import java.util.function.Consumer;

/**
 * A watch listener that also wants to hear when its watch ends by itself. An optional capability
 * of the listener passed to {@link Store#watch}: a store checks {@code listener instanceof
 * WatchListener}; a plain {@code Consumer} works as before.
 *
 * <p>A watch normally runs until closed, resuming by itself after the store was unreachable. It
 * can only end by itself when it cannot resume without a gap: the history it would resume from
 * was compacted meanwhile (CONFLICT). The listener must then list the keys again and start a new
 * watch. The embedded {@link LocalStore} never ends a watch this way.
 */
public interface WatchListener extends Consumer<WatchEvent>
{
    /**
     * Called once, on the delivery thread, after the last event: the watch delivers nothing more.
     * Not called when the watch or the store is closed.
     */
    void ended(PontoonException cause);
}
