// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class PontoonExceptionTest
{
    @Test
    void factoriesSetKindAndFormatMessages()
    {
        final PontoonException nf = PontoonException.notFound("network '%s' not found", "web");
        assertEquals(PontoonException.Kind.NOT_FOUND, nf.kind());
        assertEquals("network 'web' not found", nf.getMessage());
        assertEquals(PontoonException.Kind.CONFLICT, PontoonException.conflict("x").kind());
        assertEquals(PontoonException.Kind.INVALID, PontoonException.invalid("x").kind());
        assertEquals(PontoonException.Kind.FORBIDDEN, PontoonException.forbidden("x").kind());
        assertEquals(PontoonException.Kind.UNAVAILABLE, PontoonException.unavailable("x").kind());
        assertEquals("100% literal", PontoonException.invalid("100% literal").getMessage(), "no args: the text is not a format");
        final IOException io = new IOException("disk");
        final PontoonException in = PontoonException.internal("broken", io);
        assertEquals(PontoonException.Kind.INTERNAL, in.kind());
        assertSame(io, in.getCause());
        assertSame(io, PontoonException.unavailable(io, "store %s down", "/x").getCause());
    }
}
