package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.dmad.engine.Matrix;
import org.dmad.engine.TrainingSettings;

/**
 * Trains a hybrid anomaly detector: several dmad detectors learn the same rows, each member's score is standardised
 * against its own training-score distribution, and the standardised scores are combined with weights (the
 * combination of heterogeneous detectors Aggarwal and Sathe analyse in "Theoretical Foundations and Algorithms for
 * Outlier Ensembles", SIGKDD Explorations 17(1), 2015). Detectors that see anomalies differently (DDPM reconstruction
 * error, DTE's diffusion time) make different mistakes, and their standardised average ranks more robustly than
 * either alone.
 * <p>
 * Defaults: DDPM reconstruction and DTE-C, each with its paper settings, at equal weights (the example of the dmad
 * specification). Standardisation uses the median and the interquartile range of each member's training scores
 * ({@link ScoreScaling}: robust to contaminated training rows and heavy-tailed errors); weights are normalised to sum
 * to 1. The threshold is the (1 - contamination) quantile of the combined training scores.
 * <p>
 * {@code members} is a list of dmad trainers in OLCUT configuration (any of them, including latent or hybrid ones),
 * so the model's provenance records every member's settings. Each member trains with its own settings except the
 * seed: the hybrid's effective seed governs them all (member m trains with {@link DMADTrainer#effectiveSeed}(seed,
 * m)), so one seed reproduces the ensemble and repeated trainings vary every member. Of the shared settings only
 * {@code seed} and {@code contamination} act on the hybrid itself; the others are the members'.
 */
public final class HybridTrainer extends DMADTrainer {

    @Config(description = "The dmad trainers whose standardised scores are combined.")
    private List<DMADTrainer> members = defaultMembers();

    @Config(description = "One non-negative weight per member, normalised to sum to 1; empty means equal weights.")
    private List<Double> weights = new ArrayList<>();

    /** A trainer with the default members, DDPM and DTE-C with their paper settings, at equal weights. */
    public HybridTrainer() {}

    /**
     * The default members.
     *
     * @return a DDPM trainer and a DTE-C trainer with their paper defaults.
     */
    public static List<DMADTrainer> defaultMembers() {
        return new ArrayList<>(List.of(new DDPMTrainer(), new DTECategoricalTrainer()));
    }

    /**
     * A builder starting from the defaults.
     *
     * @return the builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (members == null || members.isEmpty() || members.contains(null)) {
            throw SettingCheck.invalid("members", "members must list at least one dmad trainer, got " + members);
        }
        SettingCheck.validates("weights", () -> normalisedWeights(weights, members.size()));
    }

    /**
     * Weights normalised to sum to 1.
     *
     * @param weights the configured weights, or empty for equal ones.
     * @param members the number of members.
     * @return the weights.
     * @throws IllegalArgumentException when their number differs from the members', one is negative or not finite,
     *                                  or all are zero.
     */
    static double[] normalisedWeights(List<Double> weights, int members) {
        double[] out = new double[members];
        if (weights.isEmpty()) {
            java.util.Arrays.fill(out, 1.0 / members);
            return out;
        }
        if (weights.size() != members) {
            throw new IllegalArgumentException("weights must be empty (equal weights) or one per member: "
                    + weights.size() + " weights for " + members + " members");
        }
        double sum = 0;
        for (int m = 0; m < members; m++) {
            Double w = weights.get(m);
            if (w == null || !(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be non-negative and finite, got " + weights);
            }
            out[m] = w;
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("weights must not all be zero, got " + weights);
        }
        for (int m = 0; m < members; m++) {
            out[m] /= sum;
        }
        return out;
    }

    /** @return the member trainers, in configuration order. */
    public List<DMADTrainer> getMembers() {
        return List.copyOf(members);
    }

    @Override
    protected String detectorName() {
        return "Hybrid";
    }

    /** @return the most rows any member needs. */
    @Override
    protected int minimumRows() {
        return members.stream().mapToInt(DMADTrainer::minimumRows).max().orElse(2);
    }

    @Override
    protected String modelClassName() {
        return HybridModel.class.getName();
    }

    @Override
    protected DMADModel fit(Matrix rows, TrainingSettings settings, ModelContext context) {
        double[] w = normalisedWeights(weights, members.size());
        List<DMADModel> models = new ArrayList<>(members.size());
        try {
            double[][] scores = new double[members.size()][];
            ScoreScaling[] scalings = new ScoreScaling[members.size()];
            for (int m = 0; m < members.size(); m++) {
                DMADModel model = members.get(m)
                        .fitPart(
                                rows,
                                context.featureMap(),
                                context.standardizer(),
                                context,
                                effectiveSeed(settings.seed(), m));
                models.add(model);
                scores[m] = model.trainingScores(rows);
                scalings[m] = ScoreScaling.fit(scores[m]);
            }
            double[] trainingScores = ScoreScaling.weightedSum(scores, scalings, w);
            return new HybridModel(context.parts("hybrid", trainingScores), models, List.of(scalings), w);
        } catch (RuntimeException e) {
            models.forEach(DMADModel::close);
            throw e;
        }
    }

    /** Builder of a {@link HybridTrainer}, starting from the defaults. */
    public static final class Builder extends DMADTrainer.Builder<HybridTrainer, Builder> {
        private Builder() {
            super(HybridTrainer::new);
        }

        /**
         * @param members the member trainers.
         * @return this builder.
         */
        public Builder members(List<? extends DMADTrainer> members) {
            List<DMADTrainer> copy = List.copyOf(members);
            return assign(t -> t.members = new ArrayList<>(copy));
        }

        /**
         * @param weights one weight per member, or empty for equal weights.
         * @return this builder.
         */
        public Builder weights(List<Double> weights) {
            List<Double> copy = List.copyOf(weights);
            return assign(t -> t.weights = new ArrayList<>(copy));
        }
    }
}
