package org.dmad.evaluation.data;

import java.util.List;

/**
 * A labelled tabular dataset in memory: row-major feature values and 0/1 labels (1 = anomaly).
 *
 * @param x            row-major values, {@code columns} per row, all finite.
 * @param y            labels, one per row.
 * @param featureNames one name per column.
 * @param record       the dataset's provenance.
 */
public record TabularData(double[] x, int[] y, List<String> featureNames, DatasetRecord record) {

    /**
     * Validates the shapes, labels and values.
     *
     * @param x            values.
     * @param y            labels.
     * @param featureNames names.
     * @param record       provenance.
     */
    public TabularData {
        int d = featureNames.size();
        if (d == 0) {
            throw new IllegalArgumentException(record.name() + ": no feature columns");
        }
        if (y.length == 0) {
            throw new IllegalArgumentException(record.name() + ": no rows");
        }
        if (x.length != (long) y.length * d) {
            throw new IllegalArgumentException(record.name() + ": " + x.length + " values do not make " + y.length
                    + " rows of " + d + " features");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException(record.name() + ": row " + i + " has label " + y[i]
                        + "; labels must be 0 (normal) or 1 (anomaly)");
            }
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(record.name() + ": row " + (i / d) + ", feature '"
                        + featureNames.get(i % d) + "' is " + x[i] + "; every value must be finite");
            }
        }
        featureNames = List.copyOf(featureNames);
    }

    /** @return the number of rows. */
    public int rows() {
        return y.length;
    }

    /** @return the number of feature columns. */
    public int columns() {
        return featureNames.size();
    }

    /** @return the dataset name. */
    public String name() {
        return record.name();
    }

    /**
     * Zero-padded generic feature names f000, f001, ... (Tribuo orders feature ids by name).
     *
     * @param columns the count.
     * @return the names.
     */
    public static List<String> genericNames(int columns) {
        String[] names = new String[columns];
        int width = Math.max(3, Integer.toString(columns - 1).length());
        for (int j = 0; j < columns; j++) {
            names[j] = "f" + String.format("%0" + width + "d", j);
        }
        return List.of(names);
    }
}
