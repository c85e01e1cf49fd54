// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.driver;

import java.util.Set;

/** A driver that can remove its own kernel objects that no record owns (after a crash). */
public interface Prunable
{
    /** Deletes Pontoon-owned links other than {@code bridges} and {@code hostInterfaces}. */
    void prune(Set<String> bridges, Set<String> hostInterfaces);
}
