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
 */
public final class BatchScorer {

    /** Rows per scoring batch unless a detector says otherwise. */
    public static final int DEFAULT_BATCH = 1024;

    private BatchScorer() {
    }

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
    public static double[] scoreRows(NetworkHandle network, Matrix rows, int batch, ScoreFunction function,
                                     int width) {
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
                try (NDManager batchManager = manager.newSubManager()) {
                    NDArray x = batchManager.create(rows.rows(start, end), new Shape(end - start, d));
                    float[] scores = function.score(block, store, x).toType(ai.djl.ndarray.types.DataType.FLOAT32,
                            false).toFloatArray();
                    if (scores.length != (end - start) * width) {
                        throw new IllegalStateException("The score function returned " + scores.length
                                + " values for " + (end - start) + " rows of width " + width);
                    }
                    for (int i = 0; i < scores.length; i++) {
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
}
