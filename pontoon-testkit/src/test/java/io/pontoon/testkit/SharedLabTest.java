// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A lab asked for in {@code @BeforeAll} is built once and shared by the class's tests. */
@Privileged
@LabHosts(count = 1)
class SharedLabTest
{
    private static Lab shared;

    @BeforeAll
    static void build(final Lab lab)
    {
        shared = lab;
        assertEquals("SharedLabTest", lab.testName());
    }

    @Test
    void firstTestGetsTheClassLab(final Lab lab)
    {
        assertSame(shared, lab);
        assertFalse(lab.closed());
    }

    @Test
    void secondTestGetsTheSameLab(final Lab lab)
    {
        assertSame(shared, lab);
        assertEquals(1, lab.hosts().size());
    }

    @AfterAll
    static void stillOpenUntilTheClassEnds()
    {
        assertFalse(shared.closed());
    }
}
