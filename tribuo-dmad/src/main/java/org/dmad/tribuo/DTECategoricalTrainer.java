package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.dmad.engine.BatchScorer;
import org.dmad.engine.DTECategorical;
import org.dmad.engine.GroupedTraining;
import org.dmad.engine.MLPNetwork;
import org.dmad.engine.Matrix;
import org.dmad.engine.TrainingLoop;
import org.dmad.engine.TrainingSettings;

/**
 * Trains a DTE-Categorical anomaly detector (Livernoche et al., "On Diffusion Modeling for Anomaly Detection",
 * ICLR 2024): an MLP learns to tell into which of {@code numBins} bins of the diffusion time a noised normal row
 * falls; a clean test row's expected bin is its anomaly score.
 * <p>
 * Defaults are the paper's: 400 epochs, batch 64, Adam with learning rate 1e-4 and L2 weight decay 5e-4, hidden
 * sizes 256-512-256 with dropout 0.5 after the second and third hidden layers, T = 400 timesteps of the linear
 * schedule, 7 bins. Training rows must be EXPECTED or UNKNOWN: an ANOMALOUS row is rejected (the detector learns the
 * normal data; relabel contaminated rows UNKNOWN to train on them anyway).
 */
public final class DTECategoricalTrainer extends DTENetworkTrainer {

    /** Default hidden layer widths. */
    public static final List<Integer> DEFAULT_HIDDEN_SIZES = List.of(256, 512, 256);

    /** Default number of timesteps (the paper's). */
    public static final int DEFAULT_TIMESTEPS = 400;

    @Config(description = "Number of diffusion-time bins K the network classifies into.")
    private int numBins = 7;

    @Config(
            description = "true (the reference implementation, behind the paper's figures): the network ends in a "
                    + "softmax and the cross-entropy is taken on those probabilities; false: cross-entropy on logits.")
    private boolean softmaxOutput = true;

    /** A trainer with the paper's defaults. */
    public DTECategoricalTrainer() {
        super(DEFAULT_TIMESTEPS, DEFAULT_HIDDEN_SIZES);
    }

    /**
     * A builder starting from the paper's defaults.
     *
     * @return the builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        SettingCheck.inRange("numBins", numBins, 2, getTimesteps(), "[2, timesteps = " + getTimesteps() + "]");
    }

    @Override
    protected String detectorName() {
        return "DTE-Categorical";
    }

    @Override
    protected String modelClassName() {
        return DTECategoricalModel.class.getName();
    }

    @Override
    protected DMADModel fit(Matrix rows, TrainingSettings settings, ModelContext context) {
        Trained trained = trainNetwork(
                network(rows.columns()),
                rows,
                settings,
                DTECategorical.objective(noiseSchedule(), numBins, softmaxOutput),
                DTECategorical.score(numBins));
        return model(context, trained.result(), trained.trainingScores());
    }

    @Override
    public boolean trainsInGroups() {
        return true;
    }

    /** Members of different widths and batches per epoch train together ({@link GroupedTraining}). */
    @Override
    public boolean groupsAcrossDatasets() {
        return true;
    }

    @Override
    List<DMADModel> fitGroup(List<Matrix> rows, List<TrainingSettings> settings, List<ModelContext> contexts) {
        List<MLPNetwork> networks = new ArrayList<>(rows.size());
        for (Matrix r : rows) {
            networks.add(network(r.columns()));
        }
        List<TrainingLoop.Result> results = GroupedTraining.train(
                networks, rows, settings, DTECategorical.groupObjective(noiseSchedule(), numBins, softmaxOutput));
        List<DMADModel> models = new ArrayList<>(results.size());
        for (int g = 0; g < results.size(); g++) {
            TrainingLoop.Result result = results.get(g);
            double[] trainingScores = BatchScorer.score(
                    result.network(), rows.get(g), BatchScorer.DEFAULT_BATCH, DTECategorical.score(numBins));
            models.add(model(contexts.get(g), result, trainingScores));
        }
        return models;
    }

    private MLPNetwork network(int inputs) {
        return DTECategorical.network(inputs, getHiddenSizes(), numBins, getDropout());
    }

    private DTECategoricalModel model(ModelContext context, TrainingLoop.Result result, double[] trainingScores) {
        return new DTECategoricalModel(context.parts("dte-categorical", trainingScores), result.network(), numBins);
    }

    /** Builder of a {@link DTECategoricalTrainer}, starting from the paper's defaults. */
    public static final class Builder extends DMADTrainer.Builder<DTECategoricalTrainer, Builder>
            implements DTENetworkSettings<DTECategoricalTrainer, Builder> {
        private Builder() {
            super(DTECategoricalTrainer::new);
        }

        /**
         * @param numBins number of time bins K.
         * @return this builder.
         */
        public Builder numBins(int numBins) {
            return assign(t -> t.numBins = numBins);
        }

        /**
         * @param softmaxOutput true for the reference's cross-entropy on softmax outputs (default), false for
         *                      cross-entropy on logits.
         * @return this builder.
         */
        public Builder softmaxOutput(boolean softmaxOutput) {
            return assign(t -> t.softmaxOutput = softmaxOutput);
        }
    }
}
