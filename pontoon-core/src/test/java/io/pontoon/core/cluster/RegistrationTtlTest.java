// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.cluster;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lease asked of etcd leaves room, inside the configured TTL, for expiry checks and delivery. */
class RegistrationTtlTest
{
    @Test
    void theStoreLeaseIsShorterThanTheConfiguredTtlByAQuarterBetweenOneAndFiveSeconds()
    {
        assertEquals(Duration.ofSeconds(2), Registration.storeTtl(Duration.ofSeconds(2)), "etcd's minimum");
        assertEquals(Duration.ofSeconds(2), Registration.storeTtl(Duration.ofSeconds(3)));
        assertEquals(Duration.ofSeconds(3), Registration.storeTtl(Duration.ofSeconds(4)));
        assertEquals(Duration.ofSeconds(4), Registration.storeTtl(Duration.ofSeconds(6)));
        assertEquals(Duration.ofSeconds(7), Registration.storeTtl(Duration.ofSeconds(10)), "the default");
        assertEquals(Duration.ofSeconds(45), Registration.storeTtl(Duration.ofSeconds(50)));
        assertEquals(Duration.ofSeconds(3595), Registration.storeTtl(Duration.ofHours(1)));
    }
}
