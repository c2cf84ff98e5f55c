package org.dmad.engine;

/**
 * The optimisation settings shared by every trained dmad network.
 *
 * @param epochs        passes over the training rows (at least 1).
 * @param batchSize     rows per step (at least 1); a set smaller than one batch trains on one smaller batch.
 * @param learningRate  Adam's learning rate.
 * @param weightDecay   L2 penalty added to the gradient (classic Adam, not AdamW).
 * @param seed          the seed of shuffling, timestep sampling, initialisation, noise and dropout.
 * @param threads       PyTorch intra-op threads, 0 for automatic.
 * @param device        {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}.
 * @param maxSteps      a step budget, 0 for none: the training runs {@link #epochLimit(int)} epochs, so that a large
 *                      training set stops after about {@code maxSteps} optimiser steps instead of {@code epochs} full
 *                      passes; small sets keep their {@code epochs}.
 * @param adam          the Adam implementation ({@link AdamKernel}); the arithmetic, and so the trained numbers,
 *                      depend on it.
 */
public record TrainingSettings(
        int epochs,
        int batchSize,
        double learningRate,
        double weightDecay,
        long seed,
        int threads,
        String device,
        int maxSteps,
        AdamKernel adam) {

    /**
     * Validates the settings.
     *
     * @param epochs       passes over the data.
     * @param batchSize    rows per step.
     * @param learningRate the learning rate.
     * @param weightDecay  the L2 penalty.
     * @param seed         the seed.
     * @param threads      the thread count.
     * @param device       the device setting.
     * @param maxSteps     the step budget, 0 for none.
     * @param adam         the Adam implementation.
     */
    public TrainingSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be non-negative and finite, got " + weightDecay);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (automatic) or positive, got " + threads);
        }
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("device must be cpu, gpu, gpu:N or auto");
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps must be 0 (no budget) or positive, got " + maxSteps);
        }
        if (adam == null) {
            throw new IllegalArgumentException("adam must be fused or djl, got null");
        }
    }

    /**
     * Settings with the default Adam implementation ({@link AdamKernel#FUSED}).
     *
     * @param epochs       passes over the data.
     * @param batchSize    rows per step.
     * @param learningRate the learning rate.
     * @param weightDecay  the L2 penalty.
     * @param seed         the seed.
     * @param threads      the thread count.
     * @param device       the device setting.
     * @param maxSteps     the step budget, 0 for none.
     */
    public TrainingSettings(
            int epochs,
            int batchSize,
            double learningRate,
            double weightDecay,
            long seed,
            int threads,
            String device,
            int maxSteps) {
        this(epochs, batchSize, learningRate, weightDecay, seed, threads, device, maxSteps, AdamKernel.FUSED);
    }

    /**
     * The same settings with another Adam implementation.
     *
     * @param kernel the implementation.
     * @return the settings.
     */
    public TrainingSettings withAdam(AdamKernel kernel) {
        return new TrainingSettings(
                epochs, batchSize, learningRate, weightDecay, seed, threads, device, maxSteps, kernel);
    }

    /**
     * Settings without a step budget, with the default Adam implementation.
     *
     * @param epochs       passes over the data.
     * @param batchSize    rows per step.
     * @param learningRate the learning rate.
     * @param weightDecay  the L2 penalty.
     * @param seed         the seed.
     * @param threads      the thread count.
     * @param device       the device setting.
     */
    public TrainingSettings(
            int epochs, int batchSize, double learningRate, double weightDecay, long seed, int threads, String device) {
        this(epochs, batchSize, learningRate, weightDecay, seed, threads, device, 0);
    }

    /**
     * The epochs a training runs: {@code epochs}, or with a step budget {@code min(epochs, ceil(maxSteps /
     * batchesPerEpoch))}. Whole epochs keep every row equally often in the training (a mid-epoch stop would not).
     *
     * @param batchesPerEpoch optimiser steps per epoch, at least 1.
     * @return the epoch count, at least 1.
     */
    public int epochLimit(int batchesPerEpoch) {
        if (maxSteps == 0) {
            return epochs;
        }
        long budgeted = (maxSteps + (long) Math.max(1, batchesPerEpoch) - 1) / Math.max(1, batchesPerEpoch);
        return (int) Math.max(1, Math.min(epochs, budgeted));
    }
}
