package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.dmad.engine.BatchScorer;
import org.dmad.engine.DTECategorical;
import org.dmad.engine.MLPNetwork;
import org.dmad.engine.Matrix;
import org.dmad.engine.NoiseSchedule;
import org.dmad.engine.TrainingLoop;
import org.dmad.engine.TrainingMonitor;
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
public final class DTECategoricalTrainer extends DMADTrainer {

    /** Default hidden layer widths. */
    public static final List<Integer> DEFAULT_HIDDEN_SIZES = List.of(256, 512, 256);

    @Config(description = "Hidden layer widths of the MLP.")
    private List<Integer> hiddenSizes = new ArrayList<>(DEFAULT_HIDDEN_SIZES);

    @Config(description = "Number of diffusion timesteps T.")
    private int timesteps = 400;

    @Config(description = "Number of diffusion-time bins K the network classifies into.")
    private int numBins = 7;

    @Config(description = "Dropout after every hidden activation but the first.")
    private double dropout = 0.5;

    @Config(description = "Noise schedule: linear (beta 1e-4 to 1e-2) or cosine.")
    @ConfigValues(NoiseSchedule.Type.class)
    private String schedule = "linear";

    @Config(
            description = "true (the reference implementation, behind the paper's figures): the network ends in a "
                    + "softmax and the cross-entropy is taken on those probabilities; false: cross-entropy on logits.")
    private boolean softmaxOutput = true;

    /** A trainer with the paper's defaults. */
    public DTECategoricalTrainer() {}

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
        SettingCheck.widths("hiddenSizes", hiddenSizes);
        SettingCheck.atLeast("timesteps", timesteps, 2);
        SettingCheck.inRange("numBins", numBins, 2, timesteps, "[2, timesteps = " + timesteps + "]");
        SettingCheck.fraction("dropout", dropout);
        SettingCheck.oneOf("schedule", schedule, NoiseSchedule.Type.class);
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
        MLPNetwork spec = DTECategorical.network(rows.columns(), hiddenSizes, numBins, dropout);
        NoiseSchedule noise = NoiseSchedule.of(NoiseSchedule.Type.parse(schedule), timesteps);
        TrainingLoop.Result result = TrainingLoop.train(
                spec, rows, settings, DTECategorical.objective(noise, numBins, softmaxOutput), TrainingMonitor.NONE);
        double[] trainingScores =
                BatchScorer.score(result.network(), rows, BatchScorer.DEFAULT_BATCH, DTECategorical.score(numBins));
        return new DTECategoricalModel(context.parts("dte-categorical", trainingScores), result.network(), numBins);
    }

    @Override
    public boolean trainsInGroups() {
        return true;
    }

    @Override
    java.util.List<DMADModel> fitGroup(
            java.util.List<Matrix> rows,
            java.util.List<TrainingSettings> settings,
            java.util.List<ModelContext> contexts) {
        MLPNetwork spec = DTECategorical.network(rows.get(0).columns(), hiddenSizes, numBins, dropout);
        NoiseSchedule noise = NoiseSchedule.of(NoiseSchedule.Type.parse(schedule), timesteps);
        java.util.List<TrainingLoop.Result> results = org.dmad.engine.GroupedTraining.train(
                spec, rows, settings, DTECategorical.groupObjective(noise, numBins, softmaxOutput));
        java.util.List<DMADModel> models = new java.util.ArrayList<>(results.size());
        for (int g = 0; g < results.size(); g++) {
            TrainingLoop.Result result = results.get(g);
            ModelContext context = contexts.get(g);
            double[] trainingScores = BatchScorer.score(
                    result.network(), rows.get(g), BatchScorer.DEFAULT_BATCH, DTECategorical.score(numBins));
            models.add(new DTECategoricalModel(
                    context.parts("dte-categorical", trainingScores), result.network(), numBins));
        }
        return models;
    }

    /** Builder of a {@link DTECategoricalTrainer}, starting from the paper's defaults. */
    public static final class Builder extends DMADTrainer.Builder<DTECategoricalTrainer, Builder> {
        private Builder() {
            super(DTECategoricalTrainer::new);
        }

        /**
         * @param hiddenSizes hidden layer widths.
         * @return this builder.
         */
        public Builder hiddenSizes(List<Integer> hiddenSizes) {
            List<Integer> copy = List.copyOf(hiddenSizes);
            return assign(t -> t.hiddenSizes = new ArrayList<>(copy));
        }

        /**
         * @param dropout dropout probability.
         * @return this builder.
         */
        public Builder dropout(double dropout) {
            return assign(t -> t.dropout = dropout);
        }

        /**
         * @param timesteps number of diffusion timesteps T.
         * @return this builder.
         */
        public Builder timesteps(int timesteps) {
            return assign(t -> t.timesteps = timesteps);
        }

        /**
         * @param schedule linear or cosine.
         * @return this builder.
         */
        public Builder schedule(String schedule) {
            return assign(t -> t.schedule = schedule);
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
         * @param               cross-entropy on logits.
         * @return this builder.
         */
        public Builder softmaxOutput(boolean softmaxOutput) {
            return assign(t -> t.softmaxOutput = softmaxOutput);
        }
    }
}
