package org.dmad.evaluation.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads an ARFF file through Weka's own loader. The label is the attribute named {@code label}, {@code class} or
 * {@code outlier} if there is one, else the last nominal attribute; its value that reads as an anomaly
 * (anomaly, anomalous, outlier, yes, true, 1) marks anomalies. Every other attribute must be numeric, and missing
 * values ({@code ?}) are refused with their position. Rows are read by {@link ArffRows}, incrementally.
 */
public final class ArffData {

    private ArffData() {}

    /**
     * Loads a file.
     *
     * @param file the ARFF file.
     * @return the dataset.
     * @throws IOException naming the file and the problem.
     */
    public static TabularData load(Path file) throws IOException {
        try (ArffRows rows = ArffRows.open(file)) {
            String name = file.getFileName().toString().replaceFirst("\\.arff$", "");
            return RowStream.readAll(rows, name, Hashing.sha256(file));
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().endsWith("has a header but no data rows")) {
                throw new IOException(file + " has no data rows", e);
            }
            throw e;
        }
    }
}
