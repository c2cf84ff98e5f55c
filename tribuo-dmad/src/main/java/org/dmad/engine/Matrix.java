package org.dmad.engine;

import java.util.Arrays;

/**
 * A dense row-major float matrix: the form in which the engine receives tabular data. Values are checked once,
 * on construction, so that no NaN or infinite value ever reaches the network.
 */
public final class Matrix {

    private final float[] data;
    private final int rows;
    private final int columns;

    /**
     * Wraps row-major values (not copied).
     *
     * @param data    the values, {@code rows * columns} of them.
     * @param rows    the number of rows.
     * @param columns the number of columns.
     * @throws IllegalArgumentException when the sizes disagree or a value is NaN or infinite (the message names
     *                                  the row and column).
     */
    public Matrix(float[] data, int rows, int columns) {
        if (rows < 0 || columns < 1 || (long) rows * columns != data.length) {
            throw new IllegalArgumentException(
                    "A " + rows + " x " + columns + " matrix cannot hold " + data.length + " values");
        }
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("Row " + (i / columns) + ", column " + (i % columns) + " is "
                        + data[i] + ": every value must be finite");
            }
        }
        this.data = data;
        this.rows = rows;
        this.columns = columns;
    }

    /** @return the number of rows. */
    public int rows() {
        return rows;
    }

    /** @return the number of columns. */
    public int columns() {
        return columns;
    }

    /**
     * @param row    a row index.
     * @param column a column index.
     * @return the value.
     */
    public float get(int row, int column) {
        return data[row * columns + column];
    }

    /**
     * The backing row-major array (not a copy: do not modify).
     *
     * @return the values.
     */
    public float[] data() {
        return data;
    }

    /**
     * Copies a range of rows.
     *
     * @param from first row, inclusive.
     * @param to   last row, exclusive.
     * @return the rows as a row-major array.
     */
    public float[] rows(int from, int to) {
        return Arrays.copyOfRange(data, from * columns, to * columns);
    }
}
