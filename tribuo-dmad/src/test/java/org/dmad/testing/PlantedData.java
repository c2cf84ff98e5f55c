package org.dmad.testing;

import java.util.Random;

/**
 * Generated tabular data for tests: correlated Gaussian normal rows and planted anomalies that are shifted away
 * from the normal cloud. Row-major double arrays with labels (1 = anomaly).
 */
public final class PlantedData {

    /** Row-major values. */
    public final double[] values;
    /** 1 for an anomaly, 0 for a normal row. */
    public final int[] labels;
    /** Columns per row. */
    public final int columns;

    private PlantedData(double[] values, int[] labels, int columns) {
        this.values = values;
        this.labels = labels;
        this.columns = columns;
    }

    /** @return the number of rows. */
    public int rows() {
        return labels.length;
    }

    /**
     * Generates normal rows x = A z + mu (z standard normal, A a fixed random mixing) and anomalies, which are normal
     * rows pushed by {@code shift} standard deviations along a random direction.
     *
     * @param normals   number of normal rows.
     * @param anomalies number of anomalies.
     * @param columns   d.
     * @param shift     distance of anomalies, in units of the normal spread.
     * @param seed      the generator seed.
     * @return the data, normals first.
     */
    public static PlantedData generate(int normals, int anomalies, int columns, double shift, long seed) {
        Random mixing = new Random(42);
        double[][] a = new double[columns][columns];
        double[] mu = new double[columns];
        for (int i = 0; i < columns; i++) {
            mu[i] = 10 * mixing.nextGaussian();
            for (int j = 0; j < columns; j++) {
                a[i][j] = (i == j ? 1.0 : 0.0) + 0.4 * mixing.nextGaussian();
            }
        }
        Random r = new Random(seed);
        int n = normals + anomalies;
        double[] values = new double[n * columns];
        int[] labels = new int[n];
        for (int row = 0; row < n; row++) {
            double[] z = new double[columns];
            for (int j = 0; j < columns; j++) {
                z[j] = r.nextGaussian();
            }
            if (row >= normals) {
                labels[row] = 1;
                double[] dir = new double[columns];
                double norm = 0;
                for (int j = 0; j < columns; j++) {
                    dir[j] = r.nextGaussian();
                    norm += dir[j] * dir[j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < columns; j++) {
                    z[j] += shift * dir[j] / norm;
                }
            }
            for (int i = 0; i < columns; i++) {
                double v = mu[i];
                for (int j = 0; j < columns; j++) {
                    v += a[i][j] * z[j];
                }
                values[row * columns + i] = v;
            }
        }
        return new PlantedData(values, labels, columns);
    }

    /**
     * AUROC with tied scores counted as half (the Mann-Whitney statistic).
     *
     * @param labels 1 for positive.
     * @param scores higher = more positive.
     * @return the area under the ROC curve.
     */
    public static double auroc(int[] labels, double[] scores) {
        long pos = 0;
        long neg = 0;
        double wins = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 1) {
                pos++;
            } else {
                neg++;
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 1) {
                continue;
            }
            for (int j = 0; j < labels.length; j++) {
                if (labels[j] == 1) {
                    continue;
                }
                if (scores[i] > scores[j]) {
                    wins += 1;
                } else if (scores[i] == scores[j]) {
                    wins += 0.5;
                }
            }
        }
        return wins / ((double) pos * neg);
    }
}
