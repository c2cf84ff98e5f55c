package org.dmad.evaluation.timeseries;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvValidationException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.dmad.evaluation.data.DatasetRecord;

/**
 * Text parsing shared by the time-series loaders: rows with line numbers, numeric cells with missing-value
 * bookkeeping and filling, 0/1 labels and timestamps. Every error names the file and the line.
 */
final class TextParsing {

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ROOT);

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private TextParsing() {}

    /** Comma-separated rows of a UTF-8 file (quoted fields allowed), skipping trailing blank lines. */
    static final class Rows implements Closeable {
        private final Path file;
        private final CSVReader csv;
        private long line;
        private long blank = -1;
        private boolean first = true;

        Rows(Path file) throws IOException {
            this.file = file;
            try {
                this.csv = new CSVReader(Files.newBufferedReader(file));
            } catch (IOException e) {
                throw new IOException(file + ": cannot be opened: " + e, e);
            }
        }

        /**
         * @return the next row, fields untrimmed, or null at the end.
         * @throws IOException for unreadable text or a blank line followed by data.
         */
        String[] next() throws IOException {
            while (true) {
                String[] row;
                try {
                    row = csv.readNext();
                } catch (CsvValidationException e) {
                    throw new IOException(file + ", line " + (line + 1) + ": malformed CSV: " + e.getMessage(), e);
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new IOException(file + " is not UTF-8 text (near line " + (line + 1) + ")", e);
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ", line " + (line + 1) + ": cannot be read as CSV: " + e, e);
                }
                long read = csv.getLinesRead();
                if (row == null) {
                    return null;
                }
                line = read;
                if (first && row.length > 0 && row[0].startsWith("\uFEFF")) {
                    row[0] = row[0].substring(1);
                }
                first = false;
                if (row.length == 1 && row[0].isBlank()) {
                    if (blank < 0) {
                        blank = line;
                    }
                    continue;
                }
                if (blank >= 0) {
                    throw new IOException(file + ", line " + blank + ": blank line inside the data");
                }
                return row;
            }
        }

        /** @return the line number of the last row returned (1-based). */
        long line() {
            return line;
        }

        @Override
        public void close() throws IOException {
            csv.close();
        }
    }

    /**
     * @param file a text file.
     * @return its first non-blank row with trimmed fields, or null when it has none.
     * @throws IOException when it cannot be read.
     */
    static String[] header(Path file) throws IOException {
        try (Rows rows = new Rows(file)) {
            String[] h = rows.next();
            if (h == null) {
                return null;
            }
            for (int i = 0; i < h.length; i++) {
                h[i] = h[i].trim();
            }
            return h;
        }
    }

    /** A growing array of doubles. */
    static final class Doubles {
        private double[] a = new double[1024];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** A growing array of ints. */
    static final class Ints {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** Parses numeric cells of one file, counting missing ones (kept as NaN until {@link #fill}). */
    static final class Cells {
        private final Path file;
        private final MissingValues policy;
        private int missing;
        private long firstLine;
        private String firstColumn;

        Cells(Path file, MissingValues policy) {
            this.file = file;
            this.policy = policy;
        }

        /**
         * @param cell   the cell text.
         * @param line   its line, for messages.
         * @param column its column name, for messages.
         * @return the value, or NaN for an empty or NaN cell.
         * @throws IOException for text that is not a number, or an infinite number.
         */
        double parse(String cell, long line, String column) throws IOException {
            String s = cell.trim();
            double v;
            if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
                v = Double.NaN;
            } else {
                try {
                    v = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IOException(
                            file + ", line " + line + ", column '" + column + "': '" + clip(s) + "' is not a number");
                }
                if (Double.isInfinite(v)) {
                    throw new IOException(file + ", line " + line + ", column '" + column + "': " + clip(s)
                            + " is not a finite number");
                }
            }
            if (Double.isNaN(v)) {
                if (missing++ == 0) {
                    firstLine = line;
                    firstColumn = column;
                }
            }
            return v;
        }

        /**
         * Applies the policy to the NaN holes of a parsed series.
         *
         * @param values   row-major values, changed in place.
         * @param length   steps.
         * @param channels channels.
         * @param names    channel names, for messages.
         * @return "" when nothing was filled, else {@code ;missing=<policy>} for the provenance source.
         * @throws IOException when values are missing and the policy is {@link MissingValues#REFUSE}, or a channel
         *                     has no value at all.
         */
        String fill(double[] values, int length, int channels, List<String> names) throws IOException {
            if (missing == 0) {
                return "";
            }
            if (policy == MissingValues.REFUSE) {
                throw new IOException(file + ": " + missing + " empty or NaN value" + (missing == 1 ? "" : "s")
                        + ", the first at line " + firstLine + " (column '" + firstColumn + "'); choose a fill "
                        + "policy with the missing-values option (MissingValues.PREVIOUS or MissingValues.LINEAR) "
                        + "to load it");
            }
            for (int c = 0; c < channels; c++) {
                int firstValid = -1;
                int lastValid = -1;
                for (int t = 0; t < length; t++) {
                    double v = values[t * channels + c];
                    if (Double.isNaN(v)) {
                        continue;
                    }
                    if (firstValid < 0) {
                        firstValid = t;
                    } else if (t - lastValid > 1) {
                        double from = values[lastValid * channels + c];
                        for (int g = lastValid + 1; g < t; g++) {
                            values[g * channels + c] = policy == MissingValues.PREVIOUS
                                    ? from
                                    : from + (v - from) * (g - lastValid) / (t - lastValid);
                        }
                    }
                    lastValid = t;
                }
                if (firstValid < 0) {
                    throw new IOException(file + ": column '" + names.get(c) + "' has no values at all, so there is "
                            + "nothing to fill its gaps from");
                }
                for (int t = 0; t < firstValid; t++) {
                    values[t * channels + c] = values[firstValid * channels + c];
                }
                for (int t = lastValid + 1; t < length; t++) {
                    values[t * channels + c] = values[lastValid * channels + c];
                }
            }
            return ";missing=" + policy.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads a label: 0/1 (also 0.0/1.0), or normal/anomaly words as {@code CSVData} accepts them.
     *
     * @param cell the cell.
     * @param file the file, for messages.
     * @param line the line, for messages.
     * @return 0 or 1.
     * @throws IOException for any other value, an empty one included.
     */
    static int label(String cell, Path file, long line) throws IOException {
        String s = cell.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "0", "0.0", "normal", "false", "no":
                return 0;
            case "1", "1.0", "anomaly", "anomalous", "outlier", "true", "yes":
                return 1;
            default:
                try {
                    double v = Double.parseDouble(s);
                    if (v == 0 || v == 1) {
                        return (int) v;
                    }
                } catch (NumberFormatException notNumeric) {
                    // reported below
                }
                throw new IOException(file + ", line " + line + ": label '" + clip(cell.trim()) + "' is neither 0 "
                        + "(normal) nor 1 (anomalous)");
        }
    }

    /**
     * Parses a date-time ({@code yyyy-MM-dd HH:mm[:ss[.fraction]]}, with a space or T, optionally with an offset or
     * Z) or a date, as UTC when no offset is given.
     *
     * @param text the text.
     * @return seconds since the epoch, with the fraction.
     * @throws DateTimeParseException when it is neither.
     */
    static double epochSeconds(String text) {
        String s = text.trim();
        try {
            LocalDateTime t = LocalDateTime.parse(s, LOCAL);
            return t.toEpochSecond(ZoneOffset.UTC) + t.getNano() / 1e9;
        } catch (DateTimeParseException notLocal) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(s.replace(' ', 'T'));
                return t.toEpochSecond() + t.getNano() / 1e9;
            } catch (DateTimeParseException notOffset) {
                return LocalDate.parse(s).toEpochDay() * 86400.0;
            }
        }
    }

    /**
     * @param file a file.
     * @return its name without the last extension.
     */
    static String base(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /**
     * A parsed table: values with their labels and, when a timestamp column was read, times.
     *
     * @param values   row-major values, missing ones filled.
     * @param labels   labels (all 0 without a label column).
     * @param times    epoch seconds (or the raw numbers) of the timestamp column, or null without one.
     * @param length   rows.
     * @param channels value columns.
     * @param names    value column names.
     * @param missing  "" or the {@code ;missing=<policy>} suffix for the provenance source.
     */
    record Table(
            double[] values,
            int[] labels,
            double[] times,
            int length,
            int channels,
            List<String> names,
            String missing) {}

    /**
     * Reads the remaining rows of a file as a table.
     *
     * @param file      the file, for messages.
     * @param rows      the rows, positioned after any header.
     * @param columns   the column names, or null to take the width from the first row and name value columns
     *                  {@code prefix1, prefix2, ...}.
     * @param prefix    the name prefix for unnamed columns.
     * @param timeIdx   the timestamp column, or -1.
     * @param labelIdx  the label column, or -1.
     * @param policy    the missing-value policy.
     * @return the table.
     * @throws IOException naming the file and line of the first problem.
     */
    static Table table(
            Path file, Rows rows, String[] columns, String prefix, int timeIdx, int labelIdx, MissingValues policy)
            throws IOException {
        Cells cells = new Cells(file, policy);
        Doubles values = new Doubles();
        Ints labels = new Ints();
        Doubles times = timeIdx >= 0 ? new Doubles() : null;
        String[] names = columns;
        List<String> valueNames = new ArrayList<>();
        Boolean numericTime = null;
        String[] row;
        while ((row = rows.next()) != null) {
            long line = rows.line();
            if (names == null) {
                names = new String[row.length];
                for (int j = 0, k = 1; j < row.length; j++) {
                    names[j] = j == timeIdx ? "timestamp" : j == labelIdx ? "label" : prefix + k++;
                }
            }
            if (valueNames.isEmpty()) {
                for (int j = 0; j < names.length; j++) {
                    if (j != timeIdx && j != labelIdx) {
                        valueNames.add(names[j]);
                    }
                }
                if (valueNames.isEmpty()) {
                    throw new IOException(file + " has no value columns besides the timestamp and label");
                }
            }
            if (row.length != names.length) {
                throw new IOException(file + ", line " + line + ": " + row.length + " fields, but "
                        + (columns == null ? "the first row has " : "the header has ") + names.length);
            }
            for (int j = 0; j < row.length; j++) {
                if (j == labelIdx) {
                    labels.add(label(row[j], file, line));
                } else if (j == timeIdx) {
                    String cell = row[j].trim();
                    // Checked with a pattern first: a failed parseDouble per row would cost an exception each.
                    boolean numeric = PLAIN_NUMBER.matcher(cell).matches();
                    double t;
                    try {
                        t = numeric ? Double.parseDouble(cell) : epochSeconds(cell);
                    } catch (DateTimeParseException e) {
                        throw new IOException(file + ", line " + line + ", column '" + names[j] + "': '" + clip(cell)
                                + "' is neither a date-time (yyyy-MM-dd HH:mm:ss) nor a number");
                    }
                    if (!Double.isFinite(t)) {
                        throw new IOException(file + ", line " + line + ", column '" + names[j] + "': '" + clip(cell)
                                + "' is not a usable timestamp");
                    }
                    if (numericTime == null) {
                        numericTime = numeric;
                    } else if (numericTime != numeric) {
                        throw new IOException(file + ", line " + line + ", column '" + names[j] + "': '" + clip(cell)
                                + "' is written differently from the earlier timestamps");
                    }
                    times.add(t);
                } else {
                    values.add(cells.parse(row[j], line, names[j]));
                }
            }
            if (labelIdx < 0) {
                labels.add(0);
            }
        }
        int n = labels.size();
        if (n == 0) {
            throw new IOException(file + " has no data rows");
        }
        int d = valueNames.size();
        double[] v = values.toArray();
        String missing = cells.fill(v, n, d, valueNames);
        return new Table(
                v, labels.toArray(), times == null ? null : times.toArray(), n, d, List.copyOf(valueNames), missing);
    }

    /**
     * Wraps a loaded series with its provenance.
     *
     * @param file      the main file, for messages and the source.
     * @param name      the series name.
     * @param sha256    the content hash (of the file, or of the member list).
     * @param t         the table.
     * @param trainEnd  the end of the training part.
     * @param evalStart the start of the evaluated part.
     * @return the series.
     * @throws IOException when the series is invalid.
     */
    static TimeSeries series(Path file, String name, String sha256, Table t, int trainEnd, int evalStart)
            throws IOException {
        int anomalies = 0;
        for (int l : t.labels()) {
            anomalies += l;
        }
        DatasetRecord record = new DatasetRecord(
                name, file.toAbsolutePath() + t.missing(), sha256, t.length(), t.channels(), anomalies);
        try {
            return new TimeSeries(
                    name, t.values(), t.length(), t.channels(), t.labels(), trainEnd, evalStart, t.names(), record);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
