package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.dmad.engine.Matrix;
import org.dmad.engine.MedianDistance;
import org.dmad.engine.TrainingSettings;

/**
 * The trainer of the test-only extra detector ({@link MedianDistance}): it fits the coordinate-wise median of the
 * standardised training rows; a row's score is its L<sub>p</sub> distance to that median. {@code ExtraDetectorTest}
 * adds it through the five steps of CONTRIBUTING.md alone.
 */
public final class MedianDistanceTrainer extends DMADTrainer {

    @Config(description = "Order p of the distance to the median (1: Manhattan, 2: Euclidean).")
    private int norm = 2;

    /** A trainer with the defaults. */
    public MedianDistanceTrainer() {}

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
        SettingCheck.atLeast("norm", norm, 1);
    }

    @Override
    protected String detectorName() {
        return "Median-Distance";
    }

    @Override
    protected String modelClassName() {
        return MedianDistanceModel.class.getName();
    }

    @Override
    protected DMADModel fit(Matrix rows, TrainingSettings settings, ModelContext context) {
        double[] centre = MedianDistance.median(rows);
        double[] trainingScores = MedianDistance.score(rows, centre, norm);
        return new MedianDistanceModel(context.parts("median-distance", trainingScores), centre, norm);
    }

    /** Builder of a {@link MedianDistanceTrainer}. */
    public static final class Builder extends DMADTrainer.Builder<MedianDistanceTrainer, Builder> {
        private Builder() {
            super(MedianDistanceTrainer::new);
        }

        /**
         * @param norm the order p of the distance.
         * @return this builder.
         */
        public Builder norm(int norm) {
            return assign(t -> t.norm = norm);
        }
    }
}
