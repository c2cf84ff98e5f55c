package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.dmad.engine.BatchScorer;
import org.dmad.engine.DiffusionObjective;
import org.dmad.engine.MLPNetwork;
import org.dmad.engine.Matrix;
import org.dmad.engine.TrainingLoop;
import org.dmad.engine.TrainingMonitor;
import org.dmad.engine.TrainingSettings;

/**
 * The settings of the MLP that estimates the diffusion time of a noised row, declared once for the two DTE detectors
 * that train one ({@link DTECategoricalTrainer}, {@link DTEInverseGammaTrainer}): its hidden layer widths and its
 * dropout. Each detector keeps its own default widths, given by its constructor; the builders set both settings
 * through {@link DTENetworkSettings}.
 */
public abstract class DTENetworkTrainer extends DiffusionTrainer {

    /** The dropout of the DTE networks of the paper and the reference implementation. */
    public static final double DEFAULT_DROPOUT = 0.5;

    @Config(description = "Hidden layer widths of the MLP.")
    private List<Integer> hiddenSizes;

    @Config(description = "Dropout after every hidden activation but the first.")
    private double dropout = DEFAULT_DROPOUT;

    /**
     * For OLCUT: every setting at its default.
     *
     * @param timesteps   the detector's default number of timesteps T.
     * @param hiddenSizes the detector's default hidden layer widths.
     */
    protected DTENetworkTrainer(int timesteps, List<Integer> hiddenSizes) {
        super(timesteps);
        this.hiddenSizes = new ArrayList<>(hiddenSizes);
    }

    /**
     * For detectors whose reference also trains with another weight decay than the shared default.
     *
     * @param weightDecay the detector's default weight decay.
     * @param timesteps   the detector's default number of timesteps T.
     * @param hiddenSizes the detector's default hidden layer widths.
     */
    protected DTENetworkTrainer(double weightDecay, int timesteps, List<Integer> hiddenSizes) {
        super(weightDecay, timesteps);
        this.hiddenSizes = new ArrayList<>(hiddenSizes);
    }

    /**
     * Validates the diffusion settings, then the widths (each at least 1) and the dropout (in [0, 1)).
     *
     * @throws com.oracle.labs.mlrg.olcut.config.PropertyException naming the first invalid setting.
     */
    @Override
    public void postConfig() {
        super.postConfig();
        SettingCheck.widths("hiddenSizes", hiddenSizes);
        SettingCheck.fraction("dropout", dropout);
    }

    /** @return the hidden layer widths, a copy. */
    public List<Integer> getHiddenSizes() {
        return List.copyOf(hiddenSizes);
    }

    /** @return the dropout after every hidden activation but the first. */
    public double getDropout() {
        return dropout;
    }

    /**
     * Trains a DTE network on standardised rows and scores those rows with it, for the threshold.
     *
     * @param spec      the network's architecture.
     * @param rows      the standardised training rows.
     * @param settings  the optimisation settings of this invocation.
     * @param objective the detector's loss.
     * @param score     the detector's score of a batch of clean rows.
     * @return the trained network and the training rows' scores.
     */
    static Trained trainNetwork(
            MLPNetwork spec,
            Matrix rows,
            TrainingSettings settings,
            DiffusionObjective objective,
            BatchScorer.ScoreFunction score) {
        TrainingLoop.Result result = TrainingLoop.train(spec, rows, settings, objective, TrainingMonitor.NONE);
        return new Trained(result, BatchScorer.score(result.network(), rows, BatchScorer.DEFAULT_BATCH, score));
    }

    /**
     * A trained DTE network with the scores of its training rows.
     *
     * @param result         the training's result (the network and what the training did).
     * @param trainingScores the training rows' scores.
     */
    record Trained(TrainingLoop.Result result, double[] trainingScores) {}

    /**
     * The builder methods of the DTE network settings, shared by the builders of the DTE trainers that train one.
     *
     * @param <T> the trainer.
     * @param <B> the concrete builder.
     */
    public interface DTENetworkSettings<T extends DTENetworkTrainer, B> extends DiffusionSettings<T, B> {

        /**
         * @param hiddenSizes hidden layer widths.
         * @return this builder.
         */
        default B hiddenSizes(List<Integer> hiddenSizes) {
            List<Integer> copy = List.copyOf(hiddenSizes);
            return assign((DTENetworkTrainer t) -> t.hiddenSizes = new ArrayList<>(copy));
        }

        /**
         * @param dropout dropout probability.
         * @return this builder.
         */
        default B dropout(double dropout) {
            return assign((DTENetworkTrainer t) -> t.dropout = dropout);
        }
    }
}
