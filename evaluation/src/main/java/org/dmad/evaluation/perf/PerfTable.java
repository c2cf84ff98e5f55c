package org.dmad.evaluation.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One measured table: a title, how it was measured, and rows of named values (numbers or text), printed as markdown
 * and written as JSON.
 *
 * @param suite   the suite that produced it.
 * @param title   the table's heading.
 * @param notes   how the figures were obtained (sizes, counts, what is and is not timed).
 * @param columns the column names, in order.
 * @param rows    the rows: column name to value.
 */
public record PerfTable(
        String suite, String title, String notes, List<String> columns, List<Map<String, Object>> rows) {

    /**
     * An empty table.
     *
     * @param suite   the suite.
     * @param title   the heading.
     * @param notes   the method.
     * @param columns the columns.
     */
    public PerfTable(String suite, String title, String notes, String... columns) {
        this(suite, title, notes, List.of(columns), new ArrayList<>());
    }

    /**
     * Adds a row.
     *
     * @param values column, value pairs in column order.
     * @return this table.
     */
    public PerfTable add(Object... values) {
        if (values.length != 2 * columns.size()) {
            throw new IllegalArgumentException("A row of '" + title + "' needs " + columns.size() + " values");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i += 2) {
            if (!columns.get(i / 2).equals(values[i])) {
                throw new IllegalArgumentException("Column " + values[i] + " is not " + columns.get(i / 2));
            }
            row.put((String) values[i], values[i + 1]);
        }
        rows.add(row);
        return this;
    }

    /** @return the table as markdown: heading, notes, then the table. */
    public String markdown() {
        StringBuilder b = new StringBuilder("### ")
                .append(title)
                .append("\n\n")
                .append(notes)
                .append("\n\n|");
        columns.forEach(c -> b.append(' ').append(c).append(" |"));
        b.append("\n|");
        columns.forEach(c -> b.append(rows.isEmpty() || rows.get(0).get(c) instanceof Number ? "---:|" : "---|"));
        for (Map<String, Object> row : rows) {
            b.append("\n|");
            for (String c : columns) {
                b.append(' ').append(format(row.get(c))).append(" |");
            }
        }
        return b.append("\n").toString();
    }

    /**
     * A cell's text: integers with thousands separators, other numbers with three significant digits or more.
     *
     * @param value the value.
     * @return the text.
     */
    static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Integer || value instanceof Long) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        if (value instanceof Number n) {
            double v = n.doubleValue();
            if (!Double.isFinite(v)) {
                return "-";
            }
            double a = Math.abs(v);
            if (a >= 1000) {
                return String.format(Locale.ROOT, "%,.0f", v);
            }
            if (a >= 100) {
                return String.format(Locale.ROOT, "%.1f", v);
            }
            if (a >= 1 || a == 0) {
                return String.format(Locale.ROOT, "%.2f", v);
            }
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return value.toString();
    }
}
