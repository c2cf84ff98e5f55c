package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

/**
 * Scores rows through a trained network in batches, without gradients, with a sub-manager per batch so that native
 * memory does not grow with the number of rows. Safe to call from several threads on one handle.
 * <p>
 * A row's score does not depend on which or how many other rows are scored with it: every batch is padded with zero
 * rows to a multiple of {@link #ROW_MULTIPLE} rows. PyTorch's CPU matrix multiply takes other code paths for batches
 * of 1-3 rows (and, with several threads, for some other small sizes), which round differently: unpadded, a row
 * scored alone differed from the same row scored among others by up to 9.5e-7 (DTE-C) and 5e-5 (DDPM, over 250
 * steps). With the padding, every batch size from 1 to 1024 rows gave bit-identical scores (DTE-C on 3, 20 and 100
 * features at 1, 2 and 16 threads, DDPM on 5 and 30 features at 1 and 2 threads; measured on this project's
 * machine, an Intel x86-64 CPU with PyTorch 2.5.1). Other CPUs may choose kernels differently.
 */
public final class BatchScorer {

    /** Rows per scoring batch unless a detector says otherwise. */
    public static final int DEFAULT_BATCH = 1024;

    /** Every scoring batch is padded to a multiple of this many rows (see the class comment). */
    public static final int ROW_MULTIPLE = 8;

    private BatchScorer() {}

    /** Computes per-row scores of one batch, in inference mode. */
    @FunctionalInterface
    public interface ScoreFunction {
        /**
         * @param block the network.
         * @param store its parameter store.
         * @param x     a batch of standardised rows, shape (batch, d), on the network's device.
         * @return the scores, shape (batch).
         */
        NDArray score(Block block, ParameterStore store, NDArray x);
    }

    /**
     * Scores every row.
     *
     * @param network  the trained network.
     * @param rows     standardised rows.
     * @param batch    rows per batch.
     * @param function the per-batch score.
     * @return one score per row.
     * @throws IllegalStateException when the network produces a NaN or infinite score.
     */
    public static double[] score(NetworkHandle network, Matrix rows, int batch, ScoreFunction function) {
        return scoreRows(network, rows, batch, function, 1);
    }

    /**
     * Computes {@code width} values per row (per-feature errors, say), batched as {@link #score}: the function
     * returns shape (batch, width) instead of (batch).
     *
     * @param network  the trained network.
     * @param rows     standardised rows.
     * @param batch    rows per batch.
     * @param function the per-batch values, shape (batch, width) or any shape of batch * width values in row order.
     * @param width    values per row, at least 1.
     * @return the values, row-major: {@code rows.rows() * width} of them.
     * @throws IllegalStateException when the network produces a NaN or infinite value.
     */
    public static double[] scoreRows(NetworkHandle network, Matrix rows, int batch, ScoreFunction function, int width) {
        int n = rows.rows();
        int d = rows.columns();
        double[] out = new double[n * width];
        if (n == 0) {
            return out;
        }
        Block block = network.block();
        ParameterStore store = network.parameterStore();
        NDManager manager = network.manager();
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (int start = 0; start < n; start += batch) {
                int end = Math.min(start + batch, n);
                int padded = paddedRows(end - start);
                try (NDManager batchManager = manager.newSubManager()) {
                    NDArray x = batchManager.create(paddedBatch(rows, start, end, padded), new Shape(padded, d));
                    float[] scores = function.score(block, store, x)
                            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                            .toFloatArray();
                    if (scores.length != padded * width) {
                        throw new IllegalStateException("The score function returned " + scores.length + " values for "
                                + padded + " rows of width " + width);
                    }
                    for (int i = 0; i < (end - start) * width; i++) {
                        if (!Float.isFinite(scores[i])) {
                            throw new IllegalStateException("The network produced a " + scores[i] + " score for row "
                                    + (start + i / width) + "; the model or the input is broken");
                        }
                        out[start * width + i] = scores[i];
                    }
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        return out;
    }

    /**
     * The rows a batch of {@code rows} rows is scored as: the next multiple of {@link #ROW_MULTIPLE}.
     *
     * @param rows the rows of the batch, at least 1.
     * @return the padded row count.
     */
    public static int paddedRows(int rows) {
        return (rows + ROW_MULTIPLE - 1) / ROW_MULTIPLE * ROW_MULTIPLE;
    }

    /**
     * Rows {@code [start, end)} of a matrix followed by zero rows up to {@code padded} rows, row-major.
     *
     * @param rows   the matrix.
     * @param start  the first row.
     * @param end    one past the last row.
     * @param padded the rows of the result, at least {@code end - start}.
     * @return the values.
     */
    public static float[] paddedBatch(Matrix rows, int start, int end, int padded) {
        float[] values = rows.rows(start, end);
        return padded == end - start ? values : java.util.Arrays.copyOf(values, padded * rows.columns());
    }
}
