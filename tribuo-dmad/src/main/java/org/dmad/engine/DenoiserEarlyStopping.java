package org.dmad.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The early-stopping rule of the DDPM detector's reference implementation (Livernoche et al., ICLR 2024): once more
 * than {@code minEpochs} epochs have run, stop as soon as an epoch's mean loss exceeds the mean loss of the epoch
 * {@code patience} epochs earlier. With the reference's values (51 and 39) the rule is checked from the 52nd epoch
 * on (the reference's zero-based {@code epoch > 50}) and compares epoch e with epoch e - 39. docs/ALGORITHMS.md words it
 * as "after epoch 50"; the defaults reproduce the reference's exact indices.
 * <p>
 * Stateful: use one instance per training.
 */
public final class DenoiserEarlyStopping implements TrainingMonitor {

    /** The reference's patience. */
    public static final int DEFAULT_PATIENCE = 39;
    /** The epochs the reference always runs before checking. */
    public static final int DEFAULT_MIN_EPOCHS = 51;

    private final int patience;
    private final int minEpochs;
    private final List<Double> losses = new ArrayList<>();

    /**
     * @param patience  compare with the loss this many epochs earlier; 0 disables early stopping.
     * @param minEpochs epochs always run before the rule is checked.
     */
    public DenoiserEarlyStopping(int patience, int minEpochs) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be non-negative (0 disables), got " + patience);
        }
        if (minEpochs < 0) {
            throw new IllegalArgumentException("minEpochs must be non-negative, got " + minEpochs);
        }
        this.patience = patience;
        this.minEpochs = minEpochs;
    }

    @Override
    public boolean afterEpoch(int epoch, double meanLoss) {
        losses.add(meanLoss);
        int i = losses.size() - 1;
        if (patience == 0 || epoch <= minEpochs || i < patience) {
            return true;
        }
        return !(meanLoss > losses.get(i - patience));
    }

    /**
     * The epoch after which a training with these losses stops (for tests and reports).
     *
     * @param patience  the patience.
     * @param minEpochs the warm-up epochs.
     * @param losses    mean losses of epochs 1, 2, ...
     * @return the number of epochs run.
     */
    public static int epochsRun(int patience, int minEpochs, double[] losses) {
        DenoiserEarlyStopping rule = new DenoiserEarlyStopping(patience, minEpochs);
        for (int e = 1; e <= losses.length; e++) {
            if (!rule.afterEpoch(e, losses[e - 1])) {
                return e;
            }
        }
        return losses.length;
    }
}
