package org.dmad.evaluation.data;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads a CSV file with a header row, numeric feature columns and a label column chosen by name (0/1, or
 * normal/anomaly words; see {@link #parseLabel}). Parsing uses OpenCSV (a Tribuo dependency), so quoted fields work.
 * Errors name the file, the line and the column: a missing header or label column, a ragged row, an empty or
 * non-numeric cell.
 */
public final class CsvData {

    /** The label column used when none is named. */
    public static final String DEFAULT_LABEL = "label";

    private CsvData() {
    }

    /**
     * Loads a file.
     *
     * @param file        the CSV file.
     * @param labelColumn the label column's header name, or null for a file without labels (all rows normal).
     * @return the dataset.
     * @throws IOException naming the file, line and column of the first problem.
     */
    public static TabularData load(Path file, String labelColumn) throws IOException {
        List<String[]> rows;
        try (Reader r = Files.newBufferedReader(file); CSVReader csv = new CSVReader(r)) {
            // OpenCSV returns a LinkedList; indexed access below made a million-row file take hours.
            rows = new ArrayList<>(csv.readAll());
        } catch (CsvException e) {
            throw new IOException(file + ": malformed CSV at line " + e.getLineNumber() + ": " + e.getMessage(), e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text (" + e + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot be read as CSV: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IOException(file + " is empty: a header row is required");
        }
        String[] header = rows.get(0);
        int label = -1;
        List<String> names = new ArrayList<>();
        for (int j = 0; j < header.length; j++) {
            String h = header[j].trim();
            if (labelColumn != null && h.equals(labelColumn)) {
                label = j;
            } else {
                names.add(h.isEmpty() ? "column" + j : h);
            }
        }
        if (labelColumn != null && label < 0) {
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
        int n = rows.size() - 1;
        if (n == 0) {
            throw new IOException(file + " has a header but no data rows");
        }
        int d = names.size();
        if (d == 0) {
            throw new IOException(file + " has no feature columns besides the label");
        }
        double[] x = new double[n * d];
        int[] y = new int[n];
        int anomalies = 0;
        for (int i = 0; i < n; i++) {
            String[] row = rows.get(i + 1);
            int line = i + 2;
            if (row.length != header.length) {
                throw new IOException(file + ", line " + line + ": " + row.length + " fields, but the header has "
                        + header.length);
            }
            int k = 0;
            for (int j = 0; j < row.length; j++) {
                String cell = row[j].trim();
                if (j == label) {
                    y[i] = parseLabel(cell, file, line);
                    anomalies += y[i];
                    continue;
                }
                if (cell.isEmpty()) {
                    throw new IOException(file + ", line " + line + ", column '" + header[j].trim()
                            + "': empty cell (missing values are not supported: impute or drop the row)");
                }
                double v;
                try {
                    v = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ", line " + line + ", column '" + header[j].trim() + "': '" + cell
                            + "' is not a number");
                }
                if (!Double.isFinite(v)) {
                    throw new IOException(file + ", line " + line + ", column '" + header[j].trim() + "': " + cell
                            + " is not a finite number");
                }
                x[i * d + k++] = v;
            }
        }
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        DatasetRecord record = new DatasetRecord(name, file.toAbsolutePath().toString(), Hashing.sha256(file), n, d,
                anomalies);
        return new TabularData(x, y, names, record);
    }

    /**
     * Reads a label: 0/1 (also 0.0/1.0), or the words normal/expected/inlier/false/no for 0 and
     * anomaly/anomalous/outlier/true/yes for 1, ignoring case.
     *
     * @param cell the cell.
     * @param file the file, for messages.
     * @param line the line, for messages.
     * @return 0 or 1.
     * @throws IOException for any other value.
     */
    static int parseLabel(String cell, Path file, int line) throws IOException {
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "0", "0.0", "normal", "expected", "inlier", "false", "no":
                return 0;
            case "1", "1.0", "anomaly", "anomalous", "outlier", "true", "yes":
                return 1;
            default:
                throw new IOException(file + ", line " + line + ": label '" + cell + "' is neither 0/normal nor "
                        + "1/anomaly");
        }
    }
}
