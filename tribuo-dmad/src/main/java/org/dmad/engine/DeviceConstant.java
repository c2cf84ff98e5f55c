package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * A constant of a training objective (a table of masks, a linear operator) kept on the training's device for as long
 * as the training's parameters live, so that a step does not upload it: on a GPU every array made from host memory
 * waits for the device's queued work (DJL copies it with {@code non_blocking=false}; PERFORMANCE.md section 7). The
 * array is made on first use in the manager of the parameters it serves and made again when that manager changes or
 * has been closed (the next training); it is freed with them. Results of operations on it belong to the other
 * operand's manager when that operand comes first ({@code x.matMul(constant)}); a gather from it must be attached to
 * the step's manager by the caller ({@link #rows}).
 */
final class DeviceConstant {
    private final float[] values;
    private final Shape shape;
    private NDArray array;

    /**
     * @param values the constant's values, row-major.
     * @param shape  its shape.
     */
    DeviceConstant(float[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values do not fill the shape " + shape);
        }
        this.values = values.clone();
        this.shape = shape;
    }

    /**
     * The constant in a manager that lives as long as a training.
     *
     * @param home the manager of the training's parameters (on the training device).
     * @return the array, owned by {@code home}; the caller must not close it.
     */
    synchronized NDArray in(NDManager home) {
        if (array == null || array.isReleased() || array.getManager() != home) {
            array = home.create(values, shape);
        }
        return array;
    }

    /**
     * The manager of a plain network's parameters: where its objective's constants live during its training.
     *
     * @param block the initialised network being trained.
     * @return the manager of its first parameter.
     */
    static NDManager home(Block block) {
        return block.getParameters().valueAt(0).getArray().getManager();
    }

    /**
     * Rows of the constant (its first axis), gathered on the device and owned by the step.
     *
     * @param home  the manager of the training's parameters.
     * @param index the row of each output row, integers stored as floats, on the training device.
     * @param owner the step's manager, which will own the result.
     * @return {@code constant[index]}, shape {@code index.shape + shape[1:]}.
     */
    NDArray rows(NDManager home, NDArray index, NDManager owner) {
        NDArray table = in(home);
        try (NDArray i = index.toType(ai.djl.ndarray.types.DataType.INT64, false)) {
            NDArray rows = table.get(i);
            rows.attach(owner);
            return rows;
        }
    }
}
