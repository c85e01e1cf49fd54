// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A left-aligned text table like Docker's: columns separated by three spaces, no trailing blanks. */
public final class Table
{
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public Table(final String... headers)
    {
        columns = headers.length;
        rows.add(headers);
    }

    public Table row(final String... cells)
    {
        if (cells.length != columns)
        {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns + " columns");
        }
        rows.add(cells);
        return this;
    }

    public void print(final PrintStream out)
    {
        final int[] w = new int[columns];
        for (final String[] r : rows)
        {
            for (int c = 0; c < columns; c++)
            {
                w[c] = Math.max(w[c], cell(r, c).length());
            }
        }
        final StringBuilder sb = new StringBuilder();
        for (final String[] r : rows)
        {
            final StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++)
            {
                line.append(cell(r, c));
                if (c < columns - 1)
                {
                    line.append(" ".repeat(w[c] - cell(r, c).length() + 3));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        out.print(sb);
        out.flush();
    }

    private static String cell(final String[] r, final int c)
    {
        return r[c] == null ? "" : r[c];
    }
}
