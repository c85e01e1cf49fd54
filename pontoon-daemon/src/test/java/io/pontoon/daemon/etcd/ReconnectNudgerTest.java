// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;

/** Fails when a jetcd upgrade hides the gRPC channel from {@link ReconnectNudger} (recovery would slow down). */
class ReconnectNudgerTest
{
    @Test
    void findsJetcdsChannelWithoutConnecting()
    {
        try (Client client = Client.builder().endpoints("http://127.0.0.1:9").build())
        {
            final ReconnectNudger nudger = new ReconnectNudger(client);
            assertTrue(nudger.active(), "jetcd's gRPC channel was found");
            nudger.nudge();
            nudger.nudge();
        }
    }
}
