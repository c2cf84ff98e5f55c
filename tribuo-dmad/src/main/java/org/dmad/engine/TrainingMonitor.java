package org.dmad.engine;

/**
 * Observes a training after each epoch and may stop it early (early stopping, progress bars, time budgets).
 */
@FunctionalInterface
public interface TrainingMonitor {

    /** A monitor that never stops a training. */
    TrainingMonitor NONE = (epoch, meanLoss) -> true;

    /**
     * Called after each epoch.
     *
     * @param epoch    the epoch just finished, from 1.
     * @param meanLoss the mean step loss of that epoch.
     * @return true to continue, false to stop after this epoch.
     */
    boolean afterEpoch(int epoch, double meanLoss);
}
