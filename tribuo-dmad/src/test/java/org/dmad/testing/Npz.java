package org.dmad.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.dmad.engine.DmadEngine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an ADBench .npz file (X, y) for tests through DJL's numpy decoder. */
public final class Npz {

    /** Row-major X as doubles. */
    public final double[] x;
    /** Labels, 1 = anomaly. */
    public final int[] y;
    /** Columns of X. */
    public final int columns;

    private Npz(double[] x, int[] y, int columns) {
        this.x = x;
        this.y = y;
        this.columns = columns;
    }

    /**
     * Reads a file.
     *
     * @param path the .npz file.
     * @return X and y.
     * @throws IOException when reading fails.
     */
    public static Npz read(Path path) throws IOException {
        DmadEngine.engine();
        try (NDManager m = NDManager.newBaseManager(); InputStream in = Files.newInputStream(path)) {
            NDList list = NDList.decode(m, in);
            NDArray x = list.get("X");
            NDArray y = list.get("y");
            double[] xv = x.toType(DataType.FLOAT64, false).toDoubleArray();
            long[] yv = y.toType(DataType.INT64, false).toLongArray();
            int[] labels = new int[yv.length];
            for (int i = 0; i < yv.length; i++) {
                labels[i] = (int) yv[i];
            }
            return new Npz(xv, labels, (int) x.getShape().get(1));
        }
    }

    /**
     * The literature's semi-supervised split without resampling (the file has between 1,000 and 50,000 rows):
     * the first round(0.5 * normals) normal rows in file order train; the other normals and all anomalies test.
     *
     * @return {train values, test values} with test labels in {@link #testLabels()}.
     */
    public double[][] semiSplit() {
        int n = y.length;
        int normals = 0;
        for (int v : y) {
            normals += v == 0 ? 1 : 0;
        }
        int nTrain = (int) Math.rint(0.5 * normals);
        double[] train = new double[nTrain * columns];
        double[] test = new double[(n - nTrain) * columns];
        int seen = 0;
        int ti = 0;
        int si = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] == 0 && seen < nTrain) {
                System.arraycopy(x, i * columns, train, ti++ * columns, columns);
                seen++;
            } else {
                System.arraycopy(x, i * columns, test, si++ * columns, columns);
            }
        }
        return new double[][] {train, test};
    }

    /**
     * Labels of the test side of {@link #semiSplit()}.
     *
     * @return the labels in order.
     */
    public int[] testLabels() {
        int normals = 0;
        for (int v : y) {
            normals += v == 0 ? 1 : 0;
        }
        int nTrain = (int) Math.rint(0.5 * normals);
        int[] out = new int[y.length - nTrain];
        int seen = 0;
        int k = 0;
        for (int v : y) {
            if (v == 0 && seen < nTrain) {
                seen++;
            } else {
                out[k++] = v;
            }
        }
        return out;
    }

    /**
     * The shared datasets folder, from the {@code dmad.shared.dir} system property or ../shared.
     *
     * @return the path (may not exist).
     */
    public static Path sharedDir() {
        return Path.of(System.getProperty("dmad.shared.dir", "../shared"));
    }
}
