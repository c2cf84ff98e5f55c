package weka.classifiers.misc;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dmad.tribuo.DDPMTrainer;
import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.dmad.tribuo.DTEInverseGammaTrainer;
import org.dmad.tribuo.DTENonParametricTrainer;
import org.dmad.tribuo.DenoisingLikelihoodTrainer;
import org.dmad.tribuo.LatentTrainer;
import org.dmad.weka.DMADClassifier;

/**
 * One dmad Weka classifier in a small, fast configuration, for the tests that every classifier must pass: its Weka
 * options, the Tribuo trainer with the same settings (written independently of the Weka mapping, so that a wrong
 * mapping shows), the trainer with its defaults, and a set of options that changes every setting of the classifier.
 *
 * @param name         the case's name in test reports.
 * @param factory      a new classifier with default settings.
 * @param smallOptions small settings that train in about a second (single-threaded, so bit-reproducible).
 * @param smallTrainer the Tribuo trainer with the settings of {@code smallOptions}.
 * @param defaults     the Tribuo trainer with its defaults.
 * @param userOptions  options changing every setting, for Weka's option-handler checks.
 * @param reproducible whether two trainings with the same data and settings give bit-identical models. Every
 *                     detector is, now that tribuo-dmad warms the denoiser up once per JVM (its first training used
 *                     to differ slightly); a detector marked false would be compared by AUROC instead, within
 *                     {@link #RETRAINING_AUROC_TOLERANCE}.
 */
record DetectorCase(
        String name,
        Supplier<DMADClassifier> factory,
        String[] smallOptions,
        Supplier<DMADTrainer> smallTrainer,
        Supplier<DMADTrainer> defaults,
        String[] userOptions,
        boolean reproducible) {

    /** How far the AUROCs of two trainings of an irreproducible detector may lie apart (seen: 0.002). */
    static final double RETRAINING_AUROC_TOLERANCE = 0.03;

    /** The shared settings changed from their defaults, for {@link #userOptions}. */
    private static final List<String> SHARED_USER_OPTIONS = List.of(
            "-epochs",
            "3",
            "-batchSize",
            "16",
            "-learningRate",
            "0.002",
            "-weightDecay",
            "0.0001",
            "-device",
            "auto",
            "-threads",
            "2",
            "-contamination",
            "0.05",
            "-S",
            "7");

    /** The denoiser's small settings (DDPM and the denoising likelihood). */
    private static final List<String> SMALL_DENOISER = List.of(
            "-epochs",
            "10",
            "-batchSize",
            "32",
            "-learningRate",
            "0.001",
            "-threads",
            "1",
            "-timesteps",
            "100",
            "-width",
            "16",
            "-hiddenSize",
            "32",
            "-embeddingSize",
            "16",
            "-residualBlocks",
            "1",
            "-patience",
            "0");

    /** Every denoiser setting changed from its default. */
    private static final List<String> USER_DENOISER = List.of(
            "-timesteps",
            "50",
            "-schedule",
            "cosine",
            "-width",
            "8",
            "-hiddenSize",
            "12",
            "-embeddingSize",
            "6",
            "-residualBlocks",
            "2",
            "-dropoutFirst",
            "0.2",
            "-dropoutSecond",
            "0.3",
            "-patience",
            "4",
            "-minEpochs",
            "2");

    /** DTE-Categorical. */
    static final DetectorCase DTE_CATEGORICAL = new DetectorCase(
            "DTECategorical",
            DTECategorical::new,
            DetectorData.SMALL_OPTIONS,
            DetectorData::smallTribuoTrainer,
            DTECategoricalTrainer::new,
            options(
                    SHARED_USER_OPTIONS,
                    "-hiddenSizes",
                    "16,8",
                    "-timesteps",
                    "50",
                    "-numBins",
                    "5",
                    "-dropout",
                    "0.25",
                    "-schedule",
                    "cosine",
                    "-softmaxOutput",
                    "false"),
            true);

    /** DTE-InverseGamma. */
    static final DetectorCase DTE_INVERSE_GAMMA = new DetectorCase(
            "DTEInverseGamma",
            DTEInverseGamma::new,
            new String[] {
                "-epochs",
                "20",
                "-batchSize",
                "32",
                "-learningRate",
                "0.001",
                "-hiddenSizes",
                "32,32",
                "-timesteps",
                "100",
                "-threads",
                "1"
            },
            () -> DTEInverseGammaTrainer.builder()
                    .epochs(20)
                    .batchSize(32)
                    .learningRate(1e-3)
                    .hiddenSizes(List.of(32, 32))
                    .timesteps(100)
                    .threads(1)
                    .build(),
            DTEInverseGammaTrainer::new,
            options(
                    SHARED_USER_OPTIONS,
                    "-hiddenSizes",
                    "16,8",
                    "-timesteps",
                    "50",
                    "-dropout",
                    "0.25",
                    "-schedule",
                    "cosine",
                    "-score",
                    "raw"),
            true);

    /** DTE-NonParametric. */
    static final DetectorCase DTE_NON_PARAMETRIC = new DetectorCase(
            "DTENonParametric",
            DTENonParametric::new,
            new String[] {"-K", "3", "-timesteps", "100", "-threads", "1"},
            () -> DTENonParametricTrainer.builder()
                    .k(3)
                    .timesteps(100)
                    .threads(1)
                    .build(),
            DTENonParametricTrainer::new,
            options(SHARED_USER_OPTIONS, "-K", "7", "-timesteps", "50", "-schedule", "cosine", "-score", "argmax"),
            true);

    /** DDPM with its default sampler. */
    static final DetectorCase DDPM_RECONSTRUCTION = new DetectorCase(
            "DDPM",
            DDPM::new,
            options(SMALL_DENOISER, "-reconstructionTime", "20"),
            () -> DDPMTrainer.builder()
                    .epochs(10)
                    .batchSize(32)
                    .learningRate(1e-3)
                    .threads(1)
                    .timesteps(100)
                    .architecture(16, 32, 16, 1)
                    .earlyStopping(0, 51)
                    .reconstructionTime(20)
                    .build(),
            DDPMTrainer::new,
            options(
                    SHARED_USER_OPTIONS,
                    USER_DENOISER,
                    "-sampler",
                    "ddim",
                    "-reconstructionTime",
                    "40",
                    "-start",
                    "inversion",
                    "-stochastic",
                    "true",
                    "-fullPath",
                    "true",
                    "-ddimSteps",
                    "7",
                    "-ddimEta",
                    "0.5"),
            true);

    /** DDPM's network scored with DDIM ({@code -sampler ddim}). */
    static final DetectorCase DDIM = new DetectorCase(
            "DDPM -sampler ddim",
            DDPM::new,
            options(SMALL_DENOISER, "-reconstructionTime", "40", "-sampler", "ddim", "-ddimSteps", "5"),
            () -> DDPMTrainer.ddimBuilder(5)
                    .epochs(10)
                    .batchSize(32)
                    .learningRate(1e-3)
                    .threads(1)
                    .timesteps(100)
                    .architecture(16, 32, 16, 1)
                    .earlyStopping(0, 51)
                    .reconstructionTime(40)
                    .build(),
            DDPMTrainer::new,
            DDPM_RECONSTRUCTION.userOptions,
            true);

    /** The denoising likelihood. */
    static final DetectorCase DENOISING_LIKELIHOOD = new DetectorCase(
            "DenoisingLikelihood",
            DenoisingLikelihood::new,
            options(SMALL_DENOISER, "-scoreTimesteps", "5", "-noiseDraws", "2"),
            () -> DenoisingLikelihoodTrainer.builder()
                    .epochs(10)
                    .batchSize(32)
                    .learningRate(1e-3)
                    .threads(1)
                    .timesteps(100)
                    .architecture(16, 32, 16, 1)
                    .earlyStopping(0, 51)
                    .lossDraws(5, 2)
                    .build(),
            DenoisingLikelihoodTrainer::new,
            options(
                    SHARED_USER_OPTIONS,
                    USER_DENOISER,
                    "-statistic",
                    "scorenorm",
                    "-scoreTimesteps",
                    "6",
                    "-noiseDraws",
                    "3",
                    "-scoreNormTime",
                    "4"),
            true);

    /** Latent diffusion (DTE-Categorical on the codes), with some reconstruction error in the score. */
    static final DetectorCase LATENT_DIFFUSION = new DetectorCase(
            "LatentDiffusion",
            LatentDiffusion::new,
            new String[] {
                "-epochs",
                "10",
                "-batchSize",
                "32",
                "-learningRate",
                "0.001",
                "-threads",
                "1",
                "-autoencoderEpochs",
                "10",
                "-autoencoderHiddenSizes",
                "16",
                "-hiddenSizes",
                "32,32",
                "-reconstructionWeight",
                "0.25"
            },
            () -> LatentTrainer.builder()
                    .epochs(10)
                    .batchSize(32)
                    .learningRate(1e-3)
                    .threads(1)
                    .autoencoderEpochs(10)
                    .autoencoderHiddenSizes(List.of(16))
                    .hiddenSizes(List.of(32, 32))
                    .reconstructionWeight(0.25)
                    .build(),
            LatentTrainer::new,
            options(
                    SHARED_USER_OPTIONS,
                    "-latentSize",
                    "4",
                    "-autoencoderHiddenSizes",
                    "8,6",
                    "-autoencoderEpochs",
                    "5",
                    "-autoencoderLearningRate",
                    "0.01",
                    "-latentDetector",
                    "dte-np",
                    "-hiddenSizes",
                    "16",
                    "-reconstructionWeight",
                    "0.5"),
            true);

    /** @return one case per classifier. */
    static Stream<DetectorCase> classifiers() {
        return Stream.of(
                DTE_CATEGORICAL,
                DTE_INVERSE_GAMMA,
                DTE_NON_PARAMETRIC,
                DDPM_RECONSTRUCTION,
                DENOISING_LIKELIHOOD,
                LATENT_DIFFUSION);
    }

    /** @return every case: one per classifier, and DDPM once more with the DDIM sampler. */
    static Stream<DetectorCase> all() {
        return Stream.concat(classifiers(), Stream.of(DDIM));
    }

    /** @return the names of the dmad classifiers, as Weka lists them. */
    static List<String> classNames() {
        return classifiers()
                .map(c -> c.factory().get().getClass().getName())
                .distinct()
                .toList();
    }

    /**
     * A classifier with the small settings.
     *
     * @return the classifier.
     * @throws Exception never with valid options.
     */
    DMADClassifier small() throws Exception {
        DMADClassifier classifier = factory.get();
        classifier.setOptions(smallOptions.clone());
        return classifier;
    }

    /**
     * How far the AUROCs of two trainings with the same data and settings may lie apart.
     *
     * @return 1e-12 for a reproducible detector, else {@link #RETRAINING_AUROC_TOLERANCE}.
     */
    double retrainingAurocTolerance() {
        return reproducible ? 1e-12 : RETRAINING_AUROC_TOLERANCE;
    }

    @Override
    public String toString() {
        return name;
    }

    private static String[] options(Object... parts) {
        return Stream.of(parts)
                .flatMap(p -> p instanceof List<?> list ? list.stream().map(String::valueOf) : Stream.of((String) p))
                .toArray(String[]::new);
    }
}
