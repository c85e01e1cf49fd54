// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.netlink.rtnl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal JSON reader for checking {@code ip -j} output in tests: maps, lists, strings, numbers. */
final class Json
{
    private final String s;
    private int at;

    private Json(final String s)
    {
        this.s = s;
    }

    static Object parse(final String text)
    {
        final Json j = new Json(text);
        final Object v = j.value();
        j.ws();
        if (j.at != j.s.length())
        {
            throw new IllegalArgumentException("trailing data at " + j.at + ": " + text);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(final String text)
    {
        final String t = text.isBlank() ? "[]" : text;
        return (List<Map<String, Object>>) parse(t);
    }

    private void ws()
    {
        while (at < s.length() && Character.isWhitespace(s.charAt(at)))
        {
            at++;
        }
    }

    private Object value()
    {
        ws();
        final char c = s.charAt(at);
        if (c == '{')
        {
            at++;
            final Map<String, Object> m = new LinkedHashMap<>();
            ws();
            if (s.charAt(at) == '}')
            {
                at++;
                return m;
            }
            while (true)
            {
                ws();
                final String k = string();
                ws();
                expect(':');
                m.put(k, value());
                ws();
                if (s.charAt(at++) == '}')
                {
                    return m;
                }
            }
        }
        if (c == '[')
        {
            at++;
            final List<Object> l = new ArrayList<>();
            ws();
            if (s.charAt(at) == ']')
            {
                at++;
                return l;
            }
            while (true)
            {
                l.add(value());
                ws();
                if (s.charAt(at++) == ']')
                {
                    return l;
                }
            }
        }
        if (c == '"')
        {
            return string();
        }
        if (s.startsWith("true", at))
        {
            at += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", at))
        {
            at += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", at))
        {
            at += 4;
            return null;
        }
        final int start = at;
        while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0)
        {
            at++;
        }
        final String num = s.substring(start, at);
        return num.contains(".") || num.contains("e") || num.contains("E") ? (Object) Double.parseDouble(num)
            : (Object) Long.parseLong(num);
    }

    private String string()
    {
        expect('"');
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            final char c = s.charAt(at++);
            if (c == '"')
            {
                return sb.toString();
            }
            if (c == '\\')
            {
                final char e = s.charAt(at++);
                switch (e)
                {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'u' ->
                    {
                        sb.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> sb.append(e);
                }
            }
            else
            {
                sb.append(c);
            }
        }
    }

    private void expect(final char c)
    {
        if (s.charAt(at) != c)
        {
            throw new IllegalArgumentException("expected '" + c + "' at " + at + " in " + s);
        }
        at++;
    }
}
