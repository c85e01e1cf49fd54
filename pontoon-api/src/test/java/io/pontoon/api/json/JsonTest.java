// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.json;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest
{
    @Test
    void roundTripsNestedValues()
    {
        final String text = "{\"a\":1,\"b\":[true,false,null,\"x\\\"y\\u00e9\\n\"],\"c\":{\"d\":-2500.0},\"e\":{}}";
        final Object v = Json.parse(text);
        assertEquals(text.replace("\\u00e9", "\u00e9"), Json.write(v));
        final JsonObject o = Json.parseObject(text);
        assertEquals(1L, o.integer("a", 0));
        assertEquals(-2500.0, o.object("c").raw("d"));
        assertNull(o.string("missing"));
        assertEquals(List.of(), o.array("missing"));
    }

    @Test
    void prettyPrintsReadably()
    {
        assertEquals("{\n  \"a\": [\n    1\n  ]\n}", Json.pretty(Map.of("a", List.of(1))));
    }

    @Test
    void syntaxErrorsNameTheOffset()
    {
        final JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"a\":}"));
        assertTrue(e.getMessage().contains("offset 5"), e.getMessage());
        assertThrows(JsonException.class, () -> Json.parse("[1,2"));
        assertThrows(JsonException.class, () -> Json.parse("{} x"));
        assertThrows(JsonException.class, () -> Json.parse("\"abc"));
    }

    @Test
    void typeMismatchesNameTheField()
    {
        final JsonObject o = Json.parseObject("{\"Subnet\":5,\"Opts\":{\"k\":[1]}}");
        final JsonException e = assertThrows(JsonException.class, () -> o.string("Subnet"));
        assertEquals("field 'Subnet' must be a string", e.getMessage());
        assertThrows(JsonException.class, () -> o.stringMap("Opts"));
        assertThrows(JsonException.class, () -> o.requireString("Name"));
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow()
    {
        assertThrows(JsonException.class, () -> Json.parse("[".repeat(10_000)));
    }
}
