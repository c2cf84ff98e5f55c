package org.dmad.tribuo;

import org.dmad.engine.BatchScorer;
import org.dmad.engine.Matrix;
import org.dmad.engine.NetworkHandle;
import org.dmad.engine.Occlusion;

/**
 * What the models of the DTE detectors that train a network share ({@link DTECategoricalModel},
 * {@link DTEInverseGammaModel}): a row's score is the network's diffusion-time estimate of the clean row, computed in
 * batches by the score function the model builds from its own state, and a row is explained by occlusion (see
 * {@link Occlusion}): how much the score drops when a feature is set to its training mean. The network and the score
 * function are not serialized here: each model keeps its own Java-serialized fields and rebuilds this part through
 * its constructor ({@code readResolve}).
 */
public abstract class DTENetworkModel extends DMADModel {

    private static final long serialVersionUID = 1L;

    private final transient NetworkHandle network;
    private final transient BatchScorer.ScoreFunction score;

    /**
     * A DTE network model from its parts.
     *
     * @param parts   the shared parts.
     * @param network the trained network.
     * @param score   the score of a batch of clean standardised rows through the network.
     */
    protected DTENetworkModel(Parts parts, NetworkHandle network, BatchScorer.ScoreFunction score) {
        super(parts);
        this.network = network;
        this.score = score;
    }

    @Override
    protected final double[] scoreStandardized(Matrix rows) {
        return BatchScorer.score(network, rows, BatchScorer.DEFAULT_BATCH, score);
    }

    /** Occlusion: how much the score drops when a feature is set to its training mean. */
    @Override
    protected final double[] featureContributions(Matrix row) {
        return Occlusion.contributions(row, this::scoreStandardized);
    }

    @Override
    protected final void releaseNative() {
        network.close();
    }

    @Override
    protected final void applyScoringDevice(String device) {
        network.setScoringDevice(device);
    }
}
