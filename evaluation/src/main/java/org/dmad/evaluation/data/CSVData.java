package org.dmad.evaluation.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads a CSV file with a header row, numeric feature columns and a label column chosen by name (0/1, or
 * normal/anomaly words; see {@link #parseLabel}). Parsing uses OpenCSV (a Tribuo dependency), so quoted fields work.
 * Errors name the file, the line and the column: a missing header or label column, a duplicate column name, a ragged
 * row, an empty or non-numeric cell. A leading UTF-8 byte-order mark is dropped. Rows are read by {@link CSVRows},
 * which {@code dmad score} also uses to stream files of any size.
 */
public final class CSVData {

    /** The label column used when none is named. */
    public static final String DEFAULT_LABEL = "label";

    private CSVData() {}

    /**
     * Loads a file whose label column must be present (when one is named).
     *
     * @param file        the CSV file.
     * @param labelColumn the label column's header name, or null for a file without labels (all rows normal).
     * @return the dataset.
     * @throws IOException naming the file, line and column of the first problem.
     */
    public static TabularData load(Path file, String labelColumn) throws IOException {
        return load(file, labelColumn, true);
    }

    /**
     * Loads a file.
     *
     * @param file          the CSV file.
     * @param labelColumn   the label column's header name, or null for a file without labels (all rows normal).
     * @param labelRequired false to read a file without that column as unlabelled (every row normal).
     * @return the dataset.
     * @throws IOException naming the file, line and column of the first problem.
     */
    public static TabularData load(Path file, String labelColumn, boolean labelRequired) throws IOException {
        try (CSVRows rows = CSVRows.open(file, labelColumn, labelRequired)) {
            String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
            return RowStream.readAll(rows, name, Hashing.sha256(file));
        }
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
                throw new IOException(
                        file + ", line " + line + ": label '" + cell + "' is neither 0/normal nor " + "1/anomaly");
        }
    }
}
