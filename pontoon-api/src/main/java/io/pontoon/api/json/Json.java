// SPDX-License-Identifier: Apache-2.0
package io.pontoon.api.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, dependency-free JSON codec (RFC 8259), so that the CLI and the CNI plugin start fast.
 * Values are: {@code Map<String,Object>} (insertion ordered), {@code List<Object>},
 * {@code String}, {@code Long} (integers that fit), {@code Double}/{@code BigDecimal} (other
 * numbers), {@code Boolean} and {@code null}. {@link JsonException} names the position of a
 * syntax error.
 */
public final class Json
{
    private static final int MAX_DEPTH = 256;

    private final String s;
    private int i;

    private Json(final String s)
    {
        this.s = s;
    }

    /** Parses one JSON value; trailing non-blank text is an error. */
    public static Object parse(final String text)
    {
        if (text == null)
        {
            throw new JsonException("no JSON input");
        }
        final Json p = new Json(text);
        p.ws();
        final Object v = p.value(0);
        p.ws();
        if (p.i != text.length())
        {
            throw p.error("unexpected text after the JSON value");
        }
        return v;
    }

    /** Parses a JSON object; anything else is an error. */
    public static JsonObject parseObject(final String text)
    {
        final Object v = parse(text);
        if (v instanceof Map<?, ?> m)
        {
            return JsonObject.wrap(m);
        }
        throw new JsonException("expected a JSON object");
    }

    /** Serializes a value tree (maps, lists, strings, numbers, booleans, null, JsonObject). */
    public static String write(final Object v)
    {
        final StringBuilder sb = new StringBuilder(128);
        write(sb, v, -1, 0);
        return sb.toString();
    }

    /** Serializes with two-space indentation, for humans. */
    public static String pretty(final Object v)
    {
        final StringBuilder sb = new StringBuilder(256);
        write(sb, v, 2, 0);
        return sb.toString();
    }

    /** A map literal helper: {@code Json.obj("a", 1, "b", "x")}; null values are left out. */
    public static Map<String, Object> obj(final Object... kv)
    {
        if (kv.length % 2 != 0)
        {
            throw new IllegalArgumentException("obj() takes key/value pairs");
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < kv.length; k += 2)
        {
            if (kv[k + 1] != null)
            {
                m.put((String) kv[k], kv[k + 1]);
            }
        }
        return m;
    }

    private JsonException error(final String what)
    {
        return new JsonException(what + " at offset " + i);
    }

    private void ws()
    {
        while (i < s.length())
        {
            final char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            {
                return;
            }
            i++;
        }
    }

    private Object value(final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw error("JSON nested too deeply");
        }
        if (i >= s.length())
        {
            throw error("unexpected end of JSON");
        }
        final char c = s.charAt(i);
        return switch (c)
        {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default ->
            {
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Object literal(final String word, final Object v)
    {
        if (!s.startsWith(word, i))
        {
            throw error("invalid literal");
        }
        i += word.length();
        return v;
    }

    private Map<String, Object> object(final int depth)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (i < s.length() && s.charAt(i) == '}')
        {
            i++;
            return m;
        }
        while (true)
        {
            ws();
            if (i >= s.length() || s.charAt(i) != '"')
            {
                throw error("expected a string key");
            }
            final String k = string();
            ws();
            expect(':');
            ws();
            m.put(k, value(depth + 1));
            ws();
            if (i < s.length() && s.charAt(i) == ',')
            {
                i++;
                continue;
            }
            expect('}');
            return m;
        }
    }

    private List<Object> array(final int depth)
    {
        final List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (i < s.length() && s.charAt(i) == ']')
        {
            i++;
            return l;
        }
        while (true)
        {
            ws();
            l.add(value(depth + 1));
            ws();
            if (i < s.length() && s.charAt(i) == ',')
            {
                i++;
                continue;
            }
            expect(']');
            return l;
        }
    }

    private void expect(final char c)
    {
        if (i >= s.length() || s.charAt(i) != c)
        {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private String string()
    {
        i++;
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            if (i >= s.length())
            {
                throw error("unterminated string");
            }
            final char c = s.charAt(i++);
            if (c == '"')
            {
                return sb.toString();
            }
            if (c < 0x20)
            {
                throw error("control character in string");
            }
            if (c != '\\')
            {
                sb.append(c);
                continue;
            }
            if (i >= s.length())
            {
                throw error("unterminated escape");
            }
            final char e = s.charAt(i++);
            switch (e)
            {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' ->
                {
                    if (i + 4 > s.length())
                    {
                        throw error("bad \\u escape");
                    }
                    try
                    {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    }
                    catch (final NumberFormatException ex)
                    {
                        throw error("bad \\u escape");
                    }
                    i += 4;
                }
                default -> throw error("bad escape '\\" + e + "'");
            }
        }
    }

    private Object number()
    {
        final int start = i;
        if (s.charAt(i) == '-')
        {
            i++;
        }
        boolean integral = true;
        while (i < s.length())
        {
            final char c = s.charAt(i);
            if (c >= '0' && c <= '9')
            {
                i++;
            }
            else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')
            {
                integral = false;
                i++;
            }
            else
            {
                break;
            }
        }
        final String t = s.substring(start, i);
        try
        {
            if (integral)
            {
                return Long.parseLong(t);
            }
            return Double.parseDouble(t);
        }
        catch (final NumberFormatException e)
        {
            if (integral)
            {
                return new BigDecimal(t);
            }
            throw error("invalid number '" + t + "'");
        }
    }

    // An instanceof chain, not a pattern switch: a pattern switch bootstraps a hidden class on its
    // first use, which costs the short-lived pontoon-cni process 4-10 ms (docs/cni.md "Start-up").
    private static void write(final StringBuilder sb, final Object v, final int indent, final int level)
    {
        if (v == null)
        {
            sb.append("null");
        }
        else if (v instanceof String str)
        {
            quote(sb, str);
        }
        else if (v instanceof Boolean b)
        {
            sb.append(b.booleanValue());
        }
        else if (v instanceof Double d && (d.isNaN() || d.isInfinite())
            || v instanceof Float f && (f.isNaN() || f.isInfinite()))
        {
            sb.append("null");
        }
        else if (v instanceof Number n)
        {
            sb.append(n);
        }
        else if (v instanceof JsonObject o)
        {
            writeMap(sb, o.map(), indent, level);
        }
        else if (v instanceof Map<?, ?> m)
        {
            writeMap(sb, m, indent, level);
        }
        else if (v instanceof Iterable<?> l)
        {
            writeArray(sb, l, indent, level);
        }
        else
        {
            quote(sb, v.toString());
        }
    }

    private static void writeMap(final StringBuilder sb, final Map<?, ?> m, final int indent, final int level)
    {
        sb.append('{');
        boolean first = true;
        for (final Map.Entry<?, ?> e : m.entrySet())
        {
            sb.append(first ? "" : ",");
            first = false;
            newline(sb, indent, level + 1);
            quote(sb, String.valueOf(e.getKey()));
            sb.append(indent >= 0 ? ": " : ":");
            write(sb, e.getValue(), indent, level + 1);
        }
        if (!m.isEmpty())
        {
            newline(sb, indent, level);
        }
        sb.append('}');
    }

    private static void writeArray(final StringBuilder sb, final Iterable<?> l, final int indent, final int level)
    {
        sb.append('[');
        boolean first = true;
        for (final Object o : l)
        {
            sb.append(first ? "" : ",");
            first = false;
            newline(sb, indent, level + 1);
            write(sb, o, indent, level + 1);
        }
        if (!first)
        {
            newline(sb, indent, level);
        }
        sb.append(']');
    }

    private static void newline(final StringBuilder sb, final int indent, final int level)
    {
        if (indent >= 0)
        {
            sb.append('\n');
            sb.append(" ".repeat(indent * level));
        }
    }

    private static void quote(final StringBuilder sb, final String str)
    {
        sb.append('"');
        for (int k = 0; k < str.length(); k++)
        {
            final char c = str.charAt(k);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        sb.append(String.format("\\u%04x", (int) c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
