package org.dmad.engine;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a denoiser trained on flattened time-series windows scores a window element by element. A window of
 * {@code windowLength} time steps over {@code channels} channels is one row of {@code windowLength * channels}
 * values in time-major order (element {@code k = t * channels + c}); the result for a window is one squared error per
 * element, whose mean is the window's score.
 * <ul>
 *     <li>{@link Mode#RECONSTRUCTION}: the whole window goes through the reverse chain of {@link #chain()} (DDPM or
 *     DDIM, see {@link DDPMReconstruction}), by default from the window noised to t_r with fixed-seed noise
 *     (AnoDDPM's start); the error of element k is (x_k - xHat_k)^2.</li>
 *     <li>{@link Mode#IMPUTATION}: the time steps are split into {@code maskCount} interleaved masks (strips of
 *     {@code maskWidth} consecutive steps, dealt to the masks in turn); for each mask
 *     the masked time steps (all channels) are imputed from the others by the reverse chain with RePaint-style
 *     conditioning (see {@link SeriesImputation}); each element is masked exactly once and its error is
 *     (x_k - imputed_k)^2.</li>
 * </ul>
 * Immutable.
 *
 * @param mode         reconstruction or imputation.
 * @param chain        the reverse chain: sampler, t_r, start, noise, DDIM steps and eta, seed.
 * @param windowLength L, time steps per window, at least 1.
 * @param channels     C, channels per time step, at least 1.
 * @param maskCount    imputation only: K, the number of masks, in [2, L] (time step t is in mask
 *                     floor(t / maskWidth) mod K).
 * @param maskWidth    imputation only: W, consecutive time steps per strip, at least 1 with K * W <= L (so every
 *                     mask hides at least one whole strip); 1 (single steps: the interleaved masks of every model
 *                     from before the setting) is the default, and 0, what Java deserialization gives an object
 *                     written before the component existed, is read as 1.
 * @param maskStart    imputation only: what the masked elements start from before they are noised to t_r: the
 *                     training mean ({@link MaskStart#MEAN}, every model from before the setting; null, what Java
 *                     deserialization gives an object written before the component existed, is read as it) or the
 *                     linear interpolation of the nearest observed steps ({@link MaskStart#INTERPOLATION}).
 */
public record SeriesScoring(
        Mode mode, DDPMScoring chain, int windowLength, int channels, int maskCount, int maskWidth, MaskStart maskStart)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The default number of imputation masks: every other time step. */
    public static final int DEFAULT_MASK_COUNT = 2;

    /** The default strip width of the imputation masks: single time steps (interleaved masks). */
    public static final int DEFAULT_MASK_WIDTH = 1;

    /** What the masked elements of an imputation start from, before they are noised to t_r. */
    public enum MaskStart {
        /**
         * The training mean, 0 after standardisation: the masked elements start as pure noise (RePaint's start, which
         * the reverse chain must turn into values fitting the observed ones).
         */
        MEAN,
        /**
         * The linear interpolation of each masked step, channel by channel, from the nearest observed steps before
         * and after it (a copy of the one observed neighbour at a window's edge), noised to t_r like the observed
         * elements: the chain refines a local estimate instead of generating the values from noise (SDEdit's start,
         * Meng et al., ICLR 2022, within RePaint's conditioning).
         */
        INTERPOLATION;

        /**
         * @param name mean or interpolation, any case.
         * @return the start.
         * @throws IllegalArgumentException for any other name.
         */
        public static MaskStart parse(String name) {
            return ConfigNames.parse(
                    MaskStart.class, m -> m.name().toLowerCase(Locale.ROOT), name, "imputation mask start");
        }
    }

    /** What a window is scored by. */
    public enum Mode {
        /** Noise the whole window and denoise it back. */
        RECONSTRUCTION,
        /** Impute masked time steps from the rest of the window (the idea of DiffAD, Xiao et al., KDD 2023). */
        IMPUTATION;

        /**
         * @param name reconstruction or imputation, any case.
         * @return the mode.
         * @throws IllegalArgumentException for any other name.
         */
        public static Mode parse(String name) {
            return ConfigNames.parse(Mode.class, m -> m.name().toLowerCase(Locale.ROOT), name, "series mode");
        }
    }

    /**
     * Validates the combination.
     *
     * @param mode         the mode.
     * @param chain        the chain.
     * @param windowLength L.
     * @param channels     C.
     * @param maskCount    K.
     * @param maskWidth    W (0 is read as 1).
     */
    public SeriesScoring {
        if (mode == null || chain == null) {
            throw new IllegalArgumentException("mode and chain must be set");
        }
        if (maskWidth == 0) {
            maskWidth = DEFAULT_MASK_WIDTH;
        }
        if (maskStart == null) {
            maskStart = MaskStart.MEAN;
        }
        if (windowLength < 1 || channels < 1) {
            throw new IllegalArgumentException(
                    "windowLength and channels must be at least 1, got " + windowLength + " and " + channels);
        }
        if (mode == Mode.IMPUTATION) {
            if (maskCount < 2 || maskCount > windowLength) {
                throw new IllegalArgumentException("maskCount must be in [2, windowLength = " + windowLength
                        + "] for imputation, got " + maskCount);
            }
            if (maskWidth < 1 || (long) maskCount * maskWidth > windowLength) {
                throw new IllegalArgumentException("maskWidth must be at least 1 with maskCount * maskWidth <= "
                        + "windowLength = " + windowLength + " (every mask hides a strip), got maskWidth " + maskWidth
                        + " and maskCount " + maskCount);
            }
            if (chain.start() != DDPMScoring.Start.NOISED) {
                throw new IllegalArgumentException("start must be noised for imputation (the masked time steps "
                        + "start from noise, the observed ones are noised), got "
                        + chain.start().name().toLowerCase(Locale.ROOT));
            }
            if (chain.fullPath()) {
                throw new IllegalArgumentException("fullPath applies to reconstruction only, not to imputation");
            }
        } else if (maskCount < 1 || maskWidth < 1) {
            throw new IllegalArgumentException(
                    "maskCount and maskWidth must be at least 1, got " + maskCount + " and " + maskWidth);
        }
    }

    /**
     * A scoring with single-step strips (interleaved masks), as every model from before {@code maskWidth} scores.
     *
     * @param mode         the mode.
     * @param chain        the chain.
     * @param windowLength L.
     * @param channels     C.
     * @param maskCount    K.
     */
    public SeriesScoring(Mode mode, DDPMScoring chain, int windowLength, int channels, int maskCount) {
        this(mode, chain, windowLength, channels, maskCount, DEFAULT_MASK_WIDTH, MaskStart.MEAN);
    }

    /**
     * A scoring whose masked elements start from the training mean, as every model from before {@code maskStart}.
     *
     * @param mode         the mode.
     * @param chain        the chain.
     * @param windowLength L.
     * @param channels     C.
     * @param maskCount    K.
     * @param maskWidth    W.
     */
    public SeriesScoring(Mode mode, DDPMScoring chain, int windowLength, int channels, int maskCount, int maskWidth) {
        this(mode, chain, windowLength, channels, maskCount, maskWidth, MaskStart.MEAN);
    }

    /**
     * The imputation mask of a time step.
     *
     * @param t the time step in [0, L).
     * @return floor(t / maskWidth) mod maskCount.
     */
    public int maskOf(int t) {
        return t / maskWidth % maskCount;
    }

    /** @return the values per window, L * C. */
    public int width() {
        return windowLength * channels;
    }

    /**
     * Network evaluations per scored batch.
     *
     * @return the chain's evaluations, times K for imputation.
     */
    public int networkEvaluations() {
        return mode == Mode.IMPUTATION ? maskCount * chain.networkEvaluations() : chain.networkEvaluations();
    }

    /**
     * Per-element squared errors of a batch of windows, shape (batch, L * C) in time-major order; their mean over
     * elements is a window's score.
     *
     * @param schedule the noise schedule the denoiser was trained with.
     * @return the function, for {@link BatchScorer#scoreRows}.
     * @throws IllegalArgumentException when t_r exceeds the schedule.
     */
    public BatchScorer.ScoreFunction elementErrors(NoiseSchedule schedule) {
        return mode == Mode.RECONSTRUCTION
                ? DDPMReconstruction.featureErrors(schedule, chain)
                : SeriesImputation.elementErrors(schedule, this);
    }

    @Override
    public String toString() {
        String s = mode.name().toLowerCase(Locale.ROOT) + "(L=" + windowLength + ",C=" + channels;
        s += mode == Mode.IMPUTATION ? ",masks=" + maskCount : "";
        s += mode == Mode.IMPUTATION && maskWidth != DEFAULT_MASK_WIDTH ? ",maskWidth=" + maskWidth : "";
        s += mode == Mode.IMPUTATION && maskStart != MaskStart.MEAN
                ? ",maskStart=" + maskStart.name().toLowerCase(Locale.ROOT)
                : "";
        return s + "," + chain + ")";
    }
}
