package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.util.List;
import org.dmad.engine.DTEInverseGamma;
import org.dmad.engine.Matrix;
import org.dmad.engine.TrainingSettings;

/**
 * Trains a DTE-InverseGamma anomaly detector (Livernoche et al., "On Diffusion Modeling for Anomaly Detection",
 * ICLR 2024): an MLP predicts the scale betaHat = s^2 of the inverse-gamma posterior of the noise variance of a
 * noised normal row; a clean test row's betaHat is its anomaly score (see {@link DTEInverseGamma}).
 * <p>
 * Defaults are those of the reference implementation's runs behind the paper's figures (its {@code DTEInverseGamma}
 * class defaults, which its {@code run.py} uses): 400 epochs, batch 64, Adam with learning rate 1e-4 and <b>no</b>
 * weight decay, hidden sizes 128-128 with dropout 0.5 after the second hidden layer, T = 300 timesteps of the linear
 * schedule. The specification's shared DTE network differs (hidden sizes 256-512-256, weight decay 5e-4, T = 400);
 * set {@code hiddenSizes}, {@code weightDecay} and {@code timesteps} to train that variant.
 * <p>
 * The score defaults to betaHat = s^2, which the loss trains and which does not depend on the sign of s; the
 * reference scores with the raw output s ({@code score = raw}), whose sign the loss cannot see, so a training may
 * invert the ranking (a cause of the large spread of the paper's DTE-IG results across seeds).
 * <p>
 * Needs at least 3 features (the inverse-gamma shape d/2 - 1 must be positive); training rows must be EXPECTED or
 * UNKNOWN.
 */
public final class DTEInverseGammaTrainer extends DTENetworkTrainer {

    /** Default hidden layer widths (the reference's DTE-IG runs). */
    public static final List<Integer> DEFAULT_HIDDEN_SIZES = List.of(128, 128);
    /** Default number of timesteps (the reference's DTE-IG runs). */
    public static final int DEFAULT_TIMESTEPS = 300;
    /** Default weight decay (the reference's DTE-IG runs use none). */
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;

    @Config(
            description = "Score: betaHat (s^2, sign-invariant, the default) or raw (the network output s, as the "
                    + "reference implementation scores).")
    @ConfigValues(DTEInverseGamma.Score.class)
    private String score = DTEInverseGamma.Score.BETA_HAT.configName();

    /** A trainer with the reference's defaults. */
    public DTEInverseGammaTrainer() {
        super(DEFAULT_WEIGHT_DECAY, DEFAULT_TIMESTEPS, DEFAULT_HIDDEN_SIZES);
    }

    /**
     * A builder starting from the reference's defaults (weight decay 0).
     *
     * @return the builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        SettingCheck.oneOf("score", score, DTEInverseGamma.Score.class, DTEInverseGamma.Score::configName);
    }

    @Override
    protected String detectorName() {
        return "DTE-InverseGamma";
    }

    @Override
    protected String modelClassName() {
        return DTEInverseGammaModel.class.getName();
    }

    @Override
    protected DMADModel fit(Matrix rows, TrainingSettings settings, ModelContext context) {
        DTEInverseGamma.Score variant = DTEInverseGamma.Score.parse(score);
        Trained trained = trainNetwork(
                DTEInverseGamma.network(rows.columns(), getHiddenSizes(), getDropout()),
                rows,
                settings,
                DTEInverseGamma.objective(noiseSchedule(), rows.columns()),
                DTEInverseGamma.score(variant));
        return new DTEInverseGammaModel(
                context.parts("dte-inverse-gamma", trained.trainingScores()),
                trained.result().network(),
                variant);
    }

    /** Builder of a {@link DTEInverseGammaTrainer}, starting from the reference's defaults. */
    public static final class Builder extends DMADTrainer.Builder<DTEInverseGammaTrainer, Builder>
            implements DTENetworkSettings<DTEInverseGammaTrainer, Builder> {
        private Builder() {
            super(DTEInverseGammaTrainer::new);
        }

        /**
         * @param score betaHat or raw.
         * @return this builder.
         */
        public Builder score(String score) {
            return assign(t -> t.score = score);
        }
    }
}
