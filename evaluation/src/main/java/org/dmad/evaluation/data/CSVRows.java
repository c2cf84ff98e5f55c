package org.dmad.evaluation.data;

import com.opencsv.CSVParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file a chunk of rows at a time (see {@link CSVData} for the format). Lines are cut from the file's
 * bytes (at {@code \n}, {@code \r\n} or a lone {@code \r}, as {@code BufferedReader.readLine} cuts them); an ASCII
 * line without quotes is split on commas and its numbers parsed in place, without a String per line or cell; a line
 * with quotes or other than ASCII bytes is decoded as UTF-8 (malformed bytes are refused) and goes the String way,
 * a quoted line through OpenCSV's parser, which also joins a quoted field that spans lines. A leading UTF-8
 * byte-order mark (spreadsheet programs write one) is dropped.
 */
public final class CSVRows implements RowStream {

    private final Path file;
    private final LineReader in;
    private final CSVParser quoted = new CSVParser();
    private final String[] header;
    private final int label;
    private final int[] featureColumn;
    private final List<String> names;
    private long line = 1;

    private CSVRows(Path file, LineReader in, String[] header, int label, int[] featureColumn, List<String> names) {
        this.file = file;
        this.in = in;
        this.header = header;
        this.label = label;
        this.featureColumn = featureColumn;
        this.names = List.copyOf(names);
    }

    /**
     * Opens a file and reads its header.
     *
     * @param file          the CSV file.
     * @param labelColumn   the label column's name, or null for a file without labels.
     * @param labelRequired true to refuse a file without that column; false to read such a file as unlabelled.
     * @return the stream, positioned at the first data row.
     * @throws IOException when the file cannot be read or its header is missing, has duplicate names or lacks a
     *                     required label column.
     */
    public static CSVRows open(Path file, String labelColumn, boolean labelRequired) throws IOException {
        LineReader in;
        try {
            in = new LineReader(Files.newInputStream(file));
        } catch (IOException e) {
            throw new IOException(file + ": cannot be read as CSV: " + e.getMessage(), e);
        }
        try {
            CSVRows rows = withHeader(file, in, labelColumn, labelRequired);
            in = null;
            return rows;
        } finally {
            if (in != null) {
                in.close();
            }
        }
    }

    private static CSVRows withHeader(Path file, LineReader in, String labelColumn, boolean labelRequired)
            throws IOException {
        String first = readLine(file, in, 1);
        while (first != null && first.isBlank()) {
            first = null;
        }
        if (first == null) {
            throw new IOException(file + " is empty: a header row is required");
        }
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        CSVParser parser = new CSVParser();
        String[] header = parser.parseLineMulti(first);
        if (parser.isPending()) {
            throw new IOException(file + ": malformed CSV at line 1: the header has an unclosed quote");
        }
        int label = -1;
        List<String> names = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int j = 0; j < header.length; j++) {
            String h = header[j].trim();
            header[j] = h;
            Integer before = seen.putIfAbsent(h, j);
            if (before != null) {
                throw new IOException(file + ": column name '" + h + "' appears twice in the header (columns "
                        + (before + 1) + " and " + (j + 1) + "); column names must be unique");
            }
            if (labelColumn != null && h.equals(labelColumn)) {
                label = j;
            } else {
                names.add(h.isEmpty() ? "column" + j : h);
                columns.add(j);
            }
        }
        if (labelColumn != null && label < 0 && labelRequired) {
            throw new IOException(file + " has no label column '" + labelColumn + "'; its header is "
                    + String.join(",", header) + " (choose the label column by name)");
        }
        for (String h : names) {
            try {
                Double.parseDouble(h);
                throw new IOException(file + ": the first row looks like data (" + h + "), but a header row with "
                        + "column names is required");
            } catch (NumberFormatException expected) {
                // a name, as it should be
            }
        }
        if (names.isEmpty()) {
            throw new IOException(file + " has no feature columns besides the label");
        }
        return new CSVRows(
                file,
                in,
                header,
                label,
                columns.stream().mapToInt(Integer::intValue).toArray(),
                names);
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public List<String> featureNames() {
        return names;
    }

    @Override
    public boolean labelled() {
        return label >= 0;
    }

    @Override
    public int read(double[] x, int[] y, int from, int max) throws IOException {
        int d = names.size();
        int[] starts = new int[header.length];
        int[] ends = new int[header.length];
        int n = 0;
        while (n < max) {
            if (!in.next()) {
                break;
            }
            line++;
            long start = line;
            byte[] b = in.buf;
            int lineStart = in.start;
            int lineEnd = in.end;
            if (lineStart == lineEnd) {
                continue;
            }
            int r = from + n;
            int fields = asciiBounds(b, lineStart, lineEnd, starts, ends);
            if (fields != SLOW) {
                // The common case: cut the line at its commas and parse numbers in place, without a String.
                if (fields != header.length) {
                    throw new IOException(file + ", line " + start + ": " + count(b, lineStart, lineEnd)
                            + " fields, but the header has " + header.length);
                }
                for (int k = 0; k < d; k++) {
                    int j = featureColumn[k];
                    x[r * d + k] = number(b, starts[j], ends[j], j, start);
                }
                y[r] = label >= 0 ? label(b, starts[label], ends[label], start) : 0;
                n++;
                continue;
            }
            String text = in.decode(file, start);
            if (text.indexOf('"') < 0) {
                int cut = bounds(text, starts, ends);
                if (cut != header.length) {
                    throw new IOException(file + ", line " + start + ": " + count(text) + " fields, but the header "
                            + "has " + header.length);
                }
                for (int k = 0; k < d; k++) {
                    int j = featureColumn[k];
                    x[r * d + k] = number(text, starts[j], ends[j], j, start);
                }
                y[r] = label >= 0
                        ? CSVData.parseLabel(
                                text.substring(starts[label], ends[label]).trim(), file, (int)
                                        Math.min(start, Integer.MAX_VALUE))
                        : 0;
            } else {
                String[] row = parseQuoted(text, start);
                if (row.length != header.length) {
                    throw new IOException(file + ", line " + start + ": " + row.length + " fields, but the header "
                            + "has " + header.length);
                }
                for (int k = 0; k < d; k++) {
                    int j = featureColumn[k];
                    x[r * d + k] = number(row[j], 0, row[j].length(), j, start);
                }
                y[r] = label >= 0
                        ? CSVData.parseLabel(row[label].trim(), file, (int) Math.min(start, Integer.MAX_VALUE))
                        : 0;
            }
            n++;
        }
        return n;
    }

    /** {@link #asciiBounds}' answer for a line with a quote or a byte outside ASCII. */
    private static final int SLOW = -2;

    /**
     * Field boundaries of an ASCII line without quotes; returns the field count, -1 when there are too many, or
     * {@link #SLOW} when the line has a quote or a byte outside ASCII.
     */
    private static int asciiBounds(byte[] b, int begin, int end, int[] starts, int[] ends) {
        int k = 0;
        int start = begin;
        boolean tooMany = false;
        for (int i = begin; i < end; i++) {
            byte c = b[i];
            if (c == ',') {
                if (k == starts.length) {
                    tooMany = true;
                } else {
                    starts[k] = start;
                    ends[k++] = i;
                }
                start = i + 1;
            } else if (c == '"' || c < 0) {
                return SLOW;
            }
        }
        if (tooMany || k == starts.length) {
            return -1;
        }
        starts[k] = start;
        ends[k++] = end;
        return k;
    }

    private static int count(byte[] b, int begin, int end) {
        int c = 1;
        for (int i = begin; i < end; i++) {
            if (b[i] == ',') {
                c++;
            }
        }
        return c;
    }

    /** The label of an ASCII cell: 0 and 1 directly, any other spelling through {@link CSVData#parseLabel}. */
    private int label(byte[] b, int begin, int end, long at) throws IOException {
        while (begin < end && b[begin] <= ' ') {
            begin++;
        }
        while (end > begin && b[end - 1] <= ' ') {
            end--;
        }
        if (end - begin == 1 && (b[begin] == '0' || b[begin] == '1')) {
            return b[begin] - '0';
        }
        return CSVData.parseLabel(new String(b, begin, end - begin, StandardCharsets.ISO_8859_1).trim(), file, (int)
                Math.min(at, Integer.MAX_VALUE));
    }

    /**
     * Parses the number in the ASCII bytes {@code b[begin, end)}, ignoring surrounding blanks. Plain decimals
     * ({@code -12.345}) whose digits fit in 53 bits with at most 22 after the point take a fast path that gives the
     * same double as {@link Double#parseDouble} (both operands of the one division are exact, and IEEE division rounds
     * correctly); anything else goes to {@link #number(String, int, int, int, long)}, so the errors are the same.
     */
    private double number(byte[] b, int begin, int end, int column, long at) throws IOException {
        while (begin < end && b[begin] <= ' ') {
            begin++;
        }
        while (end > begin && b[end - 1] <= ' ') {
            end--;
        }
        if (begin == end) {
            throw new IOException(file + ", line " + at + ", column '" + header[column]
                    + "': empty cell (missing values are not supported: impute or drop the row)");
        }
        int i = begin;
        boolean negative = false;
        byte c = b[i];
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int decimals = -1;
        boolean fast = i < end;
        for (; i < end; i++) {
            c = b[i];
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    fast = false;
                    break;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (decimals >= 0) {
                    decimals++;
                }
            } else if (c == '.' && decimals < 0) {
                decimals = 0;
            } else {
                fast = false;
                break;
            }
        }
        if (fast && digits > 0 && mantissa < (1L << 53) && decimals <= 22) {
            double v = decimals <= 0 ? (double) mantissa : mantissa / POW10[decimals];
            return negative ? -v : v;
        }
        String cell = new String(b, begin, end - begin, StandardCharsets.ISO_8859_1);
        return number(cell, 0, cell.length(), column, at);
    }

    /** Powers of ten that doubles hold exactly. */
    private static final double[] POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /**
     * Parses the number in {@code text[begin, end)}, ignoring surrounding blanks, with {@link Double#parseDouble}:
     * the way of quoted and non-ASCII lines, and of the cells the byte parser's fast path does not take.
     */
    private double number(String text, int begin, int end, int column, long at) throws IOException {
        while (begin < end && text.charAt(begin) <= ' ') {
            begin++;
        }
        while (end > begin && text.charAt(end - 1) <= ' ') {
            end--;
        }
        if (begin == end) {
            throw new IOException(file + ", line " + at + ", column '" + header[column]
                    + "': empty cell (missing values are not supported: impute or drop the row)");
        }
        String cell = text.substring(begin, end);
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IOException(
                    file + ", line " + at + ", column '" + header[column] + "': '" + cell + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new IOException(
                    file + ", line " + at + ", column '" + header[column] + "': " + cell + " is not a finite number");
        }
        return v;
    }

    /** Field boundaries of a line without quotes; returns the field count, or -1 when there are too many. */
    private static int bounds(String text, int[] starts, int[] ends) {
        int k = 0;
        int start = 0;
        int len = text.length();
        for (int i = 0; i <= len; i++) {
            if (i == len || text.charAt(i) == ',') {
                if (k == starts.length) {
                    return -1;
                }
                starts[k] = start;
                ends[k++] = i;
                start = i + 1;
            }
        }
        return k;
    }

    private static int count(String text) {
        int c = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ',') {
                c++;
            }
        }
        return c;
    }

    private String[] parseQuoted(String text, long start) throws IOException {
        String[] row = quoted.parseLineMulti(text);
        while (quoted.isPending()) {
            String more = in.next() ? in.decode(file, line + 1) : null;
            if (more == null) {
                throw new IOException(file + ": malformed CSV at line " + start + ": a quoted field is not closed "
                        + "before the end of the file");
            }
            line++;
            String[] rest = quoted.parseLineMulti(more);
            String[] joined = new String[row.length + rest.length];
            System.arraycopy(row, 0, joined, 0, row.length);
            System.arraycopy(rest, 0, joined, row.length, rest.length);
            row = joined;
        }
        return row;
    }

    private static String readLine(Path file, LineReader in, long line) throws IOException {
        return in.next() ? in.decode(file, line) : null;
    }

    /**
     * Cuts a byte stream into lines as {@code BufferedReader.readLine} does: at {@code \n}, {@code \r\n} or a
     * lone {@code \r}; a last line without a terminator is a line; the buffer grows to hold a line longer than it.
     */
    private static final class LineReader {
        private final InputStream in;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] buf = new byte[1 << 16];
        /** The current line is {@code buf[start, end)}, without its terminator. */
        int start;

        int end;
        private int pos;
        private int limit;
        private boolean eof;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** Moves to the next line; false at the end of the file. */
        boolean next() throws IOException {
            int scan = pos;
            while (true) {
                byte[] b = buf;
                int i = scan;
                while (i < limit && b[i] != '\n' && b[i] != '\r') {
                    i++;
                }
                if (i < limit) {
                    int after;
                    if (b[i] == '\n') {
                        after = i + 1;
                    } else if (i + 1 < limit) {
                        after = b[i + 1] == '\n' ? i + 2 : i + 1;
                    } else if (eof) {
                        after = i + 1;
                    } else {
                        // A '\r' at the buffer's end: read on to see whether '\n' follows.
                        scan = i - pos;
                        fill();
                        continue;
                    }
                    start = pos;
                    end = i;
                    pos = after;
                    return true;
                }
                if (eof) {
                    if (pos == limit) {
                        return false;
                    }
                    start = pos;
                    end = limit;
                    pos = limit;
                    return true;
                }
                scan = limit - pos;
                fill();
            }
        }

        /** Moves the unread bytes to the front (growing the buffer when they fill it) and reads more; scan offsets
         * relative to {@code pos} stay valid, as {@code pos} becomes 0. */
        private void fill() throws IOException {
            int unread = limit - pos;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, unread);
            } else if (unread == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            pos = 0;
            limit = unread;
            int got = in.read(buf, limit, buf.length - limit);
            if (got < 0) {
                eof = true;
            } else {
                limit += got;
            }
        }

        /** The current line as UTF-8 text. */
        String decode(Path file, long line) throws IOException {
            try {
                return utf8.decode(ByteBuffer.wrap(buf, start, end - start)).toString();
            } catch (CharacterCodingException e) {
                throw new IOException(file + " is not UTF-8 text (line " + line + ": " + e + ")", e);
            }
        }

        void close() throws IOException {
            in.close();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
