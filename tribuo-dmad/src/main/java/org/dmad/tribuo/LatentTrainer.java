package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmad.engine.Autoencoder;
import org.dmad.engine.BatchScorer;
import org.dmad.engine.ConfigNames;
import org.dmad.engine.Matrix;
import org.dmad.engine.NetworkHandle;
import org.dmad.engine.Standardizer;
import org.dmad.engine.TrainingLoop;
import org.dmad.engine.TrainingMonitor;
import org.dmad.engine.TrainingSettings;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableFeatureMap;

/**
 * Trains a latent diffusion anomaly detector: an MLP autoencoder learns a compact code of the normal rows, and a
 * diffusion detector learns the distribution of the codes (the latent diffusion idea of Rombach et al.,
 * "High-Resolution Image Synthesis with Latent Diffusion Models", CVPR 2022, applied to anomaly detection). A row's
 * score is the latent detector's score of its code, optionally combined with the autoencoder's reconstruction error,
 * which catches rows whose anomaly the code cannot express.
 * <p>
 * Steps: (1) the autoencoder d -> autoencoderHiddenSizes -> latentSize -> reversed hidden -> d (ReLU, no dropout) is
 * trained with mean squared reconstruction error on the standardised training rows, in the shared training loop with
 * {@code autoencoderEpochs}, {@code autoencoderLearningRate} and the shared {@code batchSize} and {@code weightDecay};
 * (2) the training rows are encoded and the codes standardised with their own training statistics; (3) the latent
 * detector ({@code latentDetector}: {@code dte-c}, {@code dte-np} or {@code ddpm}) is trained on the codes by its
 * own trainer with its paper defaults and this trainer's shared settings ({@code epochs, batchSize, learningRate,
 * weightDecay, device, threads, contamination}; {@code hiddenSizes} sets DTE-C's network).
 * <p>
 * Defaults and why: {@code latentSize = 0} picks max(3, ceil(d / 2)) (see {@link Autoencoder#defaultLatentSize}): a
 * real bottleneck, and at least the 3 dimensions DTE's inverse-gamma posterior needs; the autoencoder follows PyOD's
 * AutoEncoder defaults (hidden 64-32, 100 epochs, learning rate 1e-3); the latent detector is DTE-C with the paper's
 * settings, the strongest of the DTE family in Livernoche et al. (ICLR 2024); {@code reconstructionWeight = 0} keeps
 * the score the latent detector's, as the method is defined. The shared {@code seed} seeds the autoencoder and the
 * latent detector alike.
 * <p>
 * Needs {@code latentSize >= 3} with {@code dte-np} (the inverse-gamma shape latentSize/2 - 1 must be positive);
 * DTE-C and DDPM accept any code width. Training rows must be EXPECTED or UNKNOWN.
 */
public final class LatentTrainer extends DMADTrainer {

    /** Default hidden widths of the autoencoder's encoder (PyOD's AutoEncoder). */
    public static final List<Integer> DEFAULT_AUTOENCODER_HIDDEN_SIZES = List.of(64, 32);

    /** The detectors that can learn the codes. */
    public enum LatentDetector {
        /** DTE-Categorical ({@link DTECategoricalTrainer}). */
        DTE_C("dte-c"),
        /** DTE-NonParametric ({@link DTENonParametricTrainer}). */
        DTE_NP("dte-np"),
        /** DDPM reconstruction ({@link DDPMTrainer}). */
        DDPM("ddpm");

        private final String configName;

        LatentDetector(String configName) {
            this.configName = configName;
        }

        /** @return the name used in configurations. */
        public String configName() {
            return configName;
        }

        /**
         * Parses a configuration name, ignoring case.
         *
         * @param name dte-c, dte-np or ddpm.
         * @return the detector.
         * @throws IllegalArgumentException for any other name.
         */
        public static LatentDetector parse(String name) {
            return ConfigNames.parse(LatentDetector.class, LatentDetector::configName, name, "latentDetector");
        }
    }

    @Config(description = "Width of the autoencoder's code; 0 picks max(3, ceil(d / 2)).")
    private int latentSize = 0;

    @Config(description = "Hidden layer widths of the autoencoder's encoder; the decoder mirrors them.")
    private List<Integer> autoencoderHiddenSizes = new ArrayList<>(DEFAULT_AUTOENCODER_HIDDEN_SIZES);

    @Config(description = "Passes over the training rows for the autoencoder.")
    private int autoencoderEpochs = 100;

    @Config(description = "Adam learning rate of the autoencoder.")
    private double autoencoderLearningRate = 1e-3;

    @Config(description = "Detector trained on the codes: dte-c, dte-np or ddpm.")
    @ConfigValues(LatentDetector.class)
    private String latentDetector = LatentDetector.DTE_C.configName();

    @Config(description = "Hidden layer widths of the DTE-C network (latentDetector = dte-c).")
    private List<Integer> hiddenSizes = new ArrayList<>(DTECategoricalTrainer.DEFAULT_HIDDEN_SIZES);

    @Config(
            description = "Weight w in [0, 1] of the reconstruction error: score = (1 - w) z(latent score) + "
                    + "w z(reconstruction error), each standardised against its training scores; 0 = the latent score.")
    private double reconstructionWeight = 0;

    /** A trainer with the defaults. */
    public LatentTrainer() {}

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
        LatentDetector detector =
                SettingCheck.oneOf("latentDetector", latentDetector, LatentDetector.class, LatentDetector::configName);
        SettingCheck.zeroOrPositive("latentSize", latentSize, "automatic");
        SettingCheck.require(
                detector != LatentDetector.DTE_NP || latentSize == 0 || latentSize >= 3,
                "latentSize",
                "latentSize must be at least 3 with latentDetector dte-np "
                        + "(the inverse-gamma shape latentSize/2 - 1 must be positive), got " + latentSize);
        SettingCheck.widths("autoencoderHiddenSizes", autoencoderHiddenSizes);
        SettingCheck.atLeast("autoencoderEpochs", autoencoderEpochs, 1);
        SettingCheck.positiveFinite("autoencoderLearningRate", autoencoderLearningRate);
        SettingCheck.widths("hiddenSizes", hiddenSizes);
        SettingCheck.unitInterval("reconstructionWeight", reconstructionWeight);
    }

    /**
     * The trainer of the latent detector: its paper defaults with this trainer's shared settings.
     *
     * @return the trainer.
     */
    DMADTrainer latentTrainer() {
        return switch (LatentDetector.parse(latentDetector)) {
            case DTE_C ->
                shared(DTECategoricalTrainer.builder().hiddenSizes(hiddenSizes)).build();
            case DTE_NP -> shared(DTENonParametricTrainer.builder()).build();
            case DDPM -> shared(DDPMTrainer.builder()).build();
        };
    }

    private <T extends DMADTrainer, B extends DMADTrainer.Builder<T, B>> B shared(B builder) {
        return builder.epochs(getEpochs())
                .maxSteps(getMaxSteps())
                .batchSize(getBatchSize())
                .learningRate(getLearningRate())
                .weightDecay(getWeightDecay())
                .seed(getSeed())
                .device(getDevice())
                .threads(getThreads())
                .contamination(getContamination());
    }

    @Override
    protected String detectorName() {
        return "Latent diffusion (" + latentDetector.toLowerCase(Locale.ROOT) + ")";
    }

    @Override
    protected int minimumRows() {
        return Math.max(2, latentTrainer().minimumRows());
    }

    @Override
    protected String modelClassName() {
        return LatentModel.class.getName();
    }

    @Override
    protected DMADModel fit(Matrix rows, TrainingSettings settings, ModelContext context) {
        int d = rows.columns();
        int latent = latentSize > 0 ? latentSize : Autoencoder.defaultLatentSize(d);
        TrainingSettings autoencoderSettings = new TrainingSettings(
                autoencoderEpochs,
                settings.batchSize(),
                autoencoderLearningRate,
                settings.weightDecay(),
                settings.seed(),
                settings.threads(),
                settings.device(),
                settings.maxSteps(),
                settings.adam());
        NetworkHandle autoencoder = TrainingLoop.train(
                        new Autoencoder(d, autoencoderHiddenSizes, latent),
                        rows,
                        autoencoderSettings,
                        Autoencoder.objective(),
                        TrainingMonitor.NONE)
                .network();
        DMADModel detector = null;
        try {
            double[] codes =
                    BatchScorer.scoreRows(autoencoder, rows, BatchScorer.DEFAULT_BATCH, Autoencoder.encode(), latent);
            Standardizer codeStats = Standardizer.fit(codes, latent);
            Matrix codeRows = codeStats.apply(codes, latent);
            detector =
                    latentTrainer().fitPart(codeRows, codeFeatures(codes, latent), codeStats, context, settings.seed());
            double[] latentScores = detector.trainingScores(codeRows);
            double[] errors = LatentModel.reconstructionErrors(autoencoder, rows);
            ScoreScaling latentScaling = ScoreScaling.fit(latentScores);
            ScoreScaling reconstructionScaling = ScoreScaling.fit(errors);
            double[] trainingScores = LatentModel.combine(
                    latentScores, errors, reconstructionWeight, latentScaling, reconstructionScaling);
            return new LatentModel(
                    context.parts("latent", trainingScores),
                    autoencoder,
                    detector,
                    reconstructionWeight,
                    latentScaling,
                    reconstructionScaling);
        } catch (RuntimeException e) {
            autoencoder.close();
            if (detector != null) {
                detector.close();
            }
            throw e;
        }
    }

    /** The feature map of the codes, z000, z001, ..., with the codes' observed values. */
    private static ImmutableFeatureMap codeFeatures(double[] codes, int latent) {
        MutableFeatureMap features = new MutableFeatureMap();
        for (int i = 0; i < codes.length; i++) {
            features.add(String.format(Locale.ROOT, "z%03d", i % latent), codes[i]);
        }
        return new ImmutableFeatureMap(features);
    }

    /** Builder of a {@link LatentTrainer}, starting from the defaults. */
    public static final class Builder extends DMADTrainer.Builder<LatentTrainer, Builder> {
        private Builder() {
            super(LatentTrainer::new);
        }

        /**
         * @param latentSize the code width, 0 for max(3, ceil(d / 2)).
         * @return this builder.
         */
        public Builder latentSize(int latentSize) {
            return assign(t -> t.latentSize = latentSize);
        }

        /**
         * @param autoencoderHiddenSizes the encoder's hidden widths (the decoder mirrors them).
         * @return this builder.
         */
        public Builder autoencoderHiddenSizes(List<Integer> autoencoderHiddenSizes) {
            List<Integer> copy = List.copyOf(autoencoderHiddenSizes);
            return assign(t -> t.autoencoderHiddenSizes = new ArrayList<>(copy));
        }

        /**
         * @param autoencoderEpochs passes over the data for the autoencoder.
         * @return this builder.
         */
        public Builder autoencoderEpochs(int autoencoderEpochs) {
            return assign(t -> t.autoencoderEpochs = autoencoderEpochs);
        }

        /**
         * @param autoencoderLearningRate the autoencoder's Adam learning rate.
         * @return this builder.
         */
        public Builder autoencoderLearningRate(double autoencoderLearningRate) {
            return assign(t -> t.autoencoderLearningRate = autoencoderLearningRate);
        }

        /**
         * @param latentDetector dte-c, dte-np or ddpm.
         * @return this builder.
         */
        public Builder latentDetector(String latentDetector) {
            return assign(t -> t.latentDetector = latentDetector);
        }

        /**
         * @param hiddenSizes the DTE-C network's hidden widths.
         * @return this builder.
         */
        public Builder hiddenSizes(List<Integer> hiddenSizes) {
            List<Integer> copy = List.copyOf(hiddenSizes);
            return assign(t -> t.hiddenSizes = new ArrayList<>(copy));
        }

        /**
         * @param reconstructionWeight w in [0, 1].
         * @return this builder.
         */
        public Builder reconstructionWeight(double reconstructionWeight) {
            return assign(t -> t.reconstructionWeight = reconstructionWeight);
        }
    }
}
