package org.dmad.engine;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Column-wise standardisation with statistics of the training rows: (x - mean) / scale, where scale is the
 * population standard deviation, or 1 for a constant column (as scikit-learn's StandardScaler, which the reference
 * implementations use), so that a zero-variance column never divides by zero.
 */
@EngineApi
public final class Standardizer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] mean;
    private final double[] scale;

    /**
     * Creates a standardiser from known statistics.
     *
     * @param mean  the column means.
     * @param scale the column scales (positive).
     */
    public Standardizer(double[] mean, double[] scale) {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException(
                    "mean and scale differ in length: " + mean.length + " vs " + scale.length);
        }
        for (double s : scale) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("scales must be positive and finite, got " + Arrays.toString(scale));
            }
        }
        this.mean = mean.clone();
        this.scale = scale.clone();
    }

    /**
     * Fits the statistics of row-major raw values, in double precision (two passes).
     *
     * @param values  the raw values, row-major; every value finite.
     * @param columns the number of columns.
     * @return the standardiser.
     */
    public static Standardizer fit(double[] values, int columns) {
        int n = checkShape(values, columns);
        if (n == 0) {
            throw new IllegalArgumentException("Cannot fit standardisation statistics on no rows");
        }
        double[] mean = new double[columns];
        double[] scale = new double[columns];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < columns; j++) {
                mean[j] += values[i * columns + j];
            }
        }
        for (int j = 0; j < columns; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < columns; j++) {
                double c = values[i * columns + j] - mean[j];
                scale[j] += c * c;
            }
        }
        for (int j = 0; j < columns; j++) {
            double sd = Math.sqrt(scale[j] / n);
            // A column constant up to rounding keeps scale 1, as scikit-learn's StandardScaler does.
            boolean constant = !(sd > 1e-12 * Math.max(1.0, Math.abs(mean[j])));
            scale[j] = constant || !Double.isFinite(sd) ? 1.0 : sd;
        }
        return new Standardizer(mean, scale);
    }

    private static int checkShape(double[] values, int columns) {
        if (columns < 1 || values.length % columns != 0) {
            throw new IllegalArgumentException(values.length + " values do not fill rows of " + columns + " columns");
        }
        return values.length / columns;
    }

    /** @return the number of columns. */
    public int columns() {
        return mean.length;
    }

    /** @return a copy of the column means. */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the column scales. */
    public double[] scale() {
        return scale.clone();
    }

    /**
     * Standardises row-major raw values into a float matrix for the network.
     *
     * @param values  raw values, row-major, {@link #columns()} per row; every value finite.
     * @param columns the number of columns (must equal {@link #columns()}).
     * @return the standardised matrix.
     * @throws IllegalArgumentException when the width differs, or a standardised value overflows float.
     */
    public Matrix apply(double[] values, int columns) {
        if (columns != mean.length) {
            throw new IllegalArgumentException("Expected " + mean.length + " features but the data has " + columns);
        }
        int n = checkShape(values, columns);
        float[] out = new float[values.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < columns; j++) {
                double raw = values[i * columns + j];
                float v = (float) ((raw - mean[j]) / scale[j]);
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("Row " + i + ", feature " + j + ": value " + raw
                            + (Double.isFinite(raw) ? " is out of range after standardisation" : " is not finite"));
                }
                out[i * columns + j] = v;
            }
        }
        return new Matrix(out, n, columns);
    }
}
