// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A markdown table, printed to stdout; plus the number formats the reports share. */
final class Table
{
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(final String... header)
    {
        this.header = List.of(header);
    }

    Table row(final String... cells)
    {
        if (cells.length != header.size())
        {
            throw new IllegalArgumentException("row of " + cells.length + " cells in a table of " + header.size());
        }
        rows.add(List.of(cells));
        return this;
    }

    void print()
    {
        System.out.println("| " + String.join(" | ", header) + " |");
        final StringBuilder sep = new StringBuilder("|");
        for (int i = 0; i < header.size(); i++)
        {
            sep.append(i == 0 ? "---|" : "---:|");
        }
        System.out.println(sep);
        for (final List<String> r : rows)
        {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
        System.out.println();
    }

    /** Milliseconds with a precision that suits the size. */
    static String ms(final double ms)
    {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms)
            : ms >= 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    /** {@code a / b} as {@code 0.123x}. */
    static String ratio(final double a, final double b)
    {
        final double r = a / b;
        return r >= 10 ? String.format(Locale.ROOT, "%.1fx", r) : String.format(Locale.ROOT, "%.3fx", r);
    }

    /** Median, p90 and p99 cells of a sample, in ms. */
    static String[] spread(final double[] samples)
    {
        return new String[] {ms(Stats.median(samples)), ms(Stats.percentile(samples, 90)), ms(Stats.percentile(samples, 99))};
    }

    /** {@code met} or {@code MISSED} for a target, with the measured value. */
    static String verdict(final String what, final double value, final double target, final boolean atMost)
    {
        final boolean ok = atMost ? value <= target : value >= target;
        return String.format(Locale.ROOT, "- %s: %.3fx, target %s %.2fx: %s", what, value, atMost ? "<=" : ">=", target,
            ok ? "met" : "MISSED");
    }
}
