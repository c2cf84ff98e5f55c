package org.dmad.data;

import java.util.Arrays;

/**
 * A numeric array read from a NumPy {@code .npy} file or {@code .npz} entry, converted to doubles in row-major (C)
 * order whatever the file's dtype and memory order.
 *
 * @param name   the entry name without ".npy" ("X", "y"), or the file name.
 * @param dtype  the file's dtype descriptor, e.g. {@code <f8}.
 * @param shape  the shape.
 * @param values the values, row-major.
 */
public record NpyArray(String name, String dtype, long[] shape, double[] values) {

    /** @return the number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /**
     * @param axis an axis.
     * @return its length.
     */
    public int dim(int axis) {
        return (int) shape[axis];
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
