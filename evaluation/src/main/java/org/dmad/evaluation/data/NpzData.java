package org.dmad.evaluation.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.dmad.data.NpyArray;
import org.dmad.data.NpyReader;

/** Loads ADBench {@code .npz} files: an {@code X} matrix (n x d) and a {@code y} vector of 0/1 labels. */
public final class NpzData {

    private NpzData() {}

    /**
     * Loads a file.
     *
     * @param file the {@code .npz} file.
     * @return the dataset, named after the file.
     * @throws IOException naming the file and the problem when it is not an ADBench-style archive.
     */
    public static TabularData load(Path file) throws IOException {
        Map<String, NpyArray> arrays = NpyReader.readNpz(file);
        NpyArray x = arrays.get("X");
        NpyArray y = arrays.get("y");
        if (x == null || y == null) {
            throw new IOException(file + " needs entries X.npy and y.npy, found " + arrays.keySet());
        }
        if (x.rank() != 2) {
            throw new IOException(
                    file + ": X must be a 2-d matrix, found shape " + java.util.Arrays.toString(x.shape()));
        }
        if (y.rank() != 1 || y.dim(0) != x.dim(0)) {
            throw new IOException(file + ": y must be a vector with one label per row of X (" + x.dim(0)
                    + "), found shape " + java.util.Arrays.toString(y.shape()));
        }
        if (x.dim(1) == 0) {
            throw new IOException(file + ": X has no columns");
        }
        int[] labels = new int[y.dim(0)];
        int anomalies = 0;
        for (int i = 0; i < labels.length; i++) {
            double v = y.values()[i];
            if (v != 0 && v != 1) {
                throw new IOException(
                        file + ": label " + v + " at row " + i + "; y must hold 0 (normal) or 1 " + "(anomaly)");
            }
            labels[i] = (int) v;
            anomalies += labels[i];
        }
        String name = file.getFileName().toString().replaceFirst("\\.npz$", "");
        DatasetRecord record = new DatasetRecord(
                name, file.toAbsolutePath().toString(), Hashing.sha256(file), labels.length, x.dim(1), anomalies);
        try {
            return new TabularData(x.values(), labels, TabularData.genericNames(x.dim(1)), record);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
