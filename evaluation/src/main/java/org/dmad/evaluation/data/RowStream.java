package org.dmad.evaluation.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A table read a chunk of rows at a time, so that a file of any size is scored in bounded memory. Rows come as
 * finite feature values in {@link #featureNames()} order and 0/1 labels (all 0 when the file has no labels).
 */
public interface RowStream extends Closeable {

    /** @return the file being read. */
    Path file();

    /** @return one name per feature column, in the order {@link #read} fills a row. */
    List<String> featureNames();

    /** @return true when the file has a label column (attribute, array), false when every row counts as normal. */
    boolean labelled();

    /**
     * Reads the next rows.
     *
     * @param x    filled row-major, {@code featureNames().size()} values per row, from row {@code from}.
     * @param y    filled with one label per row, from index {@code from}.
     * @param from the first row of {@code x} and {@code y} to fill.
     * @param max  the most rows to read.
     * @return the rows read, 0 at the end of the file.
     * @throws IOException naming the file, the line or row and the column of the first problem.
     */
    int read(double[] x, int[] y, int from, int max) throws IOException;

    /**
     * Reads every remaining row into memory.
     *
     * @param stream the stream; not closed.
     * @param name   the dataset name.
     * @param sha256 the file's SHA-256, for the dataset record.
     * @return the table.
     * @throws IOException when reading fails or the file has no rows.
     */
    static TabularData readAll(RowStream stream, String name, String sha256) throws IOException {
        int d = stream.featureNames().size();
        int chunk = 4096;
        double[] x = new double[chunk * d];
        int[] y = new int[chunk];
        int n = 0;
        while (true) {
            if (y.length - n < chunk) {
                long grown = Math.max((long) y.length * 3 / 2, (long) n + chunk);
                if (grown * d > Integer.MAX_VALUE - 8) {
                    throw new IOException(stream.file() + " has more than " + n + " rows of " + d + " features, "
                            + "too many to hold in one table (" + (Integer.MAX_VALUE - 8) + " values at most)");
                }
                x = java.util.Arrays.copyOf(x, (int) grown * d);
                y = java.util.Arrays.copyOf(y, (int) grown);
            }
            int got = stream.read(x, y, n, chunk);
            if (got == 0) {
                break;
            }
            n += got;
        }
        if (n == 0) {
            throw new IOException(stream.file() + " has a header but no data rows");
        }
        int anomalies = 0;
        for (int i = 0; i < n; i++) {
            anomalies += y[i];
        }
        DatasetRecord record =
                new DatasetRecord(name, stream.file().toAbsolutePath().toString(), sha256, n, d, anomalies);
        try {
            return new TabularData(
                    x.length == n * d ? x : java.util.Arrays.copyOf(x, n * d),
                    y.length == n ? y : java.util.Arrays.copyOf(y, n),
                    stream.featureNames(),
                    record);
        } catch (IllegalArgumentException e) {
            throw new IOException(stream.file() + ": " + e.getMessage(), e);
        }
    }
}
