// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.testkit.Lab;
import io.pontoon.testkit.Leftovers;
import io.pontoon.testkit.Privileged;

import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs last (see {@code junit-platform.properties}) and fails if any test of this build left a
 * Pontoon object in the root namespace: a namespace or link named {@code pt*}/{@code pontoon*},
 * an nftables table with such a name, or an entry in {@code /run/pontoon/netns}. Objects of
 * builds running at the same time come and go, so only what persists for a while counts.
 */
@Privileged
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeftoversIT
{
    private static final Duration WINDOW = Duration.ofSeconds(15);

    @Test
    @Order(1)
    void theDetectorSeesANamespaceThatIsLeftAndForgetsItOnceRemoved()
    {
        final Lab lab = Lab.create("LeftoversIT.selfTest", 1);
        try
        {
            final Leftovers seen = Leftovers.persisting(Duration.ofSeconds(1));
            for (final String ns : lab.namespaceNames())
            {
                assertTrue(seen.namespaces().contains(ns), ns + " not detected in " + seen);
            }
        }
        finally
        {
            lab.close();
        }
        final Leftovers after = Leftovers.now();
        for (final String ns : lab.namespaceNames())
        {
            assertFalse(after.namespaces().contains(ns), ns + " still detected after removal: " + after);
        }
    }

    @Test
    @Order(2)
    void noTestLeftAPontoonObjectInTheRootNamespace()
    {
        final Leftovers left = Leftovers.persisting(WINDOW);
        assertTrue(left.isEmpty(), "left behind by earlier tests (present for " + WINDOW + "): " + left);
    }
}
