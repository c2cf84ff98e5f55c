package org.dmad.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.dmad.data.NpyArray;
import org.dmad.data.NpyReader;

/** Reads an ADBench .npz file (X, y) for tests with dmad's npz reader. */
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
        Map<String, NpyArray> arrays = NpyReader.readNpz(path);
        NpyArray x = arrays.get("X");
        NpyArray y = arrays.get("y");
        int[] labels = new int[y.values().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) y.values()[i];
        }
        return new Npz(x.values(), labels, x.dim(1));
    }

    /** One side-by-side split: training rows (all normal), test rows and their labels. */
    public record Split(double[] train, double[] test, int[] testLabels, int columns) {
        /** @return the number of training rows. */
        public int trainRows() {
            return train.length / columns;
        }
    }

    /**
     * The literature's semi-supervised split without resampling: the first round(0.5 * normals) normal rows in file
     * order train; the other normals and all anomalies test.
     *
     * @return the split.
     */
    public Split semiSplit() {
        int[] all = new int[y.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return split(all);
    }

    /**
     * The DTE paper's protocol (ADBench's): files under 1,000 rows are first resampled with replacement to 1,000
     * rows and files over 50,000 rows subsampled to 50,000, with a seeded generator (not numpy's, so the drawn rows
     * differ from the reference's); then {@link #semiSplit()}'s rule.
     *
     * @param seed the resampling seed.
     * @return the split.
     */
    public Split paperSplit(long seed) {
        java.util.Random r = new java.util.Random(seed);
        int n = y.length;
        int[] rows;
        if (n < 1000) {
            rows = new int[1000];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = r.nextInt(n);
            }
        } else if (n > 50000) {
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = 0; i < 50000; i++) {
                int j = i + r.nextInt(n - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            rows = java.util.Arrays.copyOf(perm, 50000);
        } else {
            return semiSplit();
        }
        return split(rows);
    }

    private Split split(int[] rows) {
        int normals = 0;
        for (int i : rows) {
            normals += y[i] == 0 ? 1 : 0;
        }
        int nTrain = (int) Math.rint(0.5 * normals);
        double[] train = new double[nTrain * columns];
        double[] test = new double[(rows.length - nTrain) * columns];
        int[] labels = new int[rows.length - nTrain];
        int seen = 0;
        int k = 0;
        for (int i : rows) {
            if (y[i] == 0 && seen < nTrain) {
                System.arraycopy(x, i * columns, train, seen++ * columns, columns);
            } else {
                System.arraycopy(x, i * columns, test, k * columns, columns);
                labels[k++] = y[i];
            }
        }
        return new Split(train, test, labels, columns);
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
