package org.dmad.evaluation.detectors;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dmad.tribuo.DDPMTrainer;
import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.dmad.tribuo.DTEInverseGammaTrainer;
import org.dmad.tribuo.DTENonParametricTrainer;
import org.dmad.tribuo.DenoisingLikelihoodTrainer;
import org.dmad.tribuo.HybridTrainer;
import org.dmad.tribuo.LatentTrainer;
import org.dmad.tribuo.SeriesD3RTrainer;
import org.dmad.tribuo.SeriesDDPMTrainer;
import org.dmad.tribuo.SeriesImDiffusionTrainer;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;

/**
 * The detectors the harness and the command line know, under their command-line names, for both tasks: the one place
 * where a detector's name, task, family, description and trainer are defined. {@code ./dmad help bench}, {@code ./dmad
 * help train} and {@code ./dmad detectors} print it, and README's detector table is {@link #markdownTable()} (a test
 * compares the two).
 *
 * <p>A tabular detector runs on both tasks (on series it is trained on flattened windows); a time-series detector
 * needs the window length and runs on series only.
 */
public final class DetectorRegistry {

    /**
     * The settings one trainer is made for.
     *
     * @param profile quick, paper or budget settings.
     * @param seed    the run's seed.
     * @param threads PyTorch intra-op threads (0 = automatic).
     * @param device  cpu, gpu, gpu:N or auto.
     * @param window  the window length of a time-series run; 0 for a tabular run.
     */
    public record Run(Profile profile, long seed, int threads, String device, int window) {
        /** Checks the values. */
        public Run {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(device, "device");
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be 0 (automatic) or positive, got " + threads);
            }
            if (window < 0) {
                throw new IllegalArgumentException("window must be 0 (tabular) or positive, got " + window);
            }
        }

        /**
         * A tabular run.
         *
         * @param profile quick, paper or budget settings.
         * @param seed    the seed.
         * @param threads PyTorch threads.
         * @param device  the device.
         * @return the run.
         */
        public static Run tabular(Profile profile, long seed, int threads, String device) {
            return new Run(profile, seed, threads, device, 0);
        }

        /**
         * Builds a dmad trainer with this run's seed, PyTorch threads and device.
         *
         * @param builder the detector's builder with its own settings.
         * @param <T>     the trainer type.
         * @param <B>     the builder type.
         * @return the trainer.
         */
        public <T extends DMADTrainer, B extends DMADTrainer.Builder<T, B>> T build(B builder) {
            return builder.seed(seed).threads(threads).device(device).build();
        }

        /**
         * @param detector the detector that needs the window, for the message.
         * @return the window length.
         * @throws IllegalArgumentException when this is a tabular run (no window).
         */
        public int requireWindow(String detector) {
            if (window < 1) {
                throw new IllegalArgumentException("'" + detector + "' is a time-series detector: it runs with "
                        + "--task timeseries, on windows of a series");
            }
            return window;
        }
    }

    /** How a detector's trainer is made for one run. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param run the run's settings.
         * @return a new trainer.
         */
        Trainer<Event> create(Run run);

        /**
         * A trainer for a tabular run.
         *
         * @param profile quick, paper or budget settings.
         * @param seed    the run's seed.
         * @param threads PyTorch intra-op threads (0 = automatic).
         * @param device  cpu, gpu, gpu:N or auto.
         * @return a new trainer.
         */
        default Trainer<Event> create(Profile profile, long seed, int threads, String device) {
            return create(Run.tabular(profile, seed, threads, device));
        }
    }

    /**
     * A detector known to the harness.
     *
     * @param name           the command-line name.
     * @param task           the data it is made for; a tabular detector also runs on series (flattened windows).
     * @param family         how it scores: diffusion-time, reconstruction, imputation, density, ensemble or
     *                       baseline.
     * @param description    one line for help texts and README's table.
     * @param inAll          the tasks whose {@code --detectors all} runs it.
     * @param trainer        its Tribuo trainer: a class of {@code org.dmad.tribuo} or, for the baselines, of this
     *                       package (or how it is built).
     * @param wekaClassifier its Weka classifier in {@code weka.classifiers.misc} (with options), or null for none.
     * @param factory        makes its trainer.
     * @param defaultScoreStride the scoring stride of {@code dmad bench --task timeseries --protocol semi} when
     *                       {@code --score-stride} is not given: every {@code defaultScoreStride}-th window is scored
     *                       ({@code SeriesModel.pointScores(series, aggregation, stride)}); chosen so that the
     *                       detector scores at least 20,000 time steps per second on 2 cores (docs/PERFORMANCE.md
     *                       section 13). A harness setting only: the Tribuo API and the streaming scorer score every
     *                       window, and TSB-AD's protocol always scores at stride 1.
     */
    public record Detector(
            String name,
            Task task,
            String family,
            String description,
            Set<Task> inAll,
            String trainer,
            String wekaClassifier,
            Factory factory,
            int defaultScoreStride) {
        /** Checks the values. */
        public Detector {
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException(
                        "A detector name is lower-case letters, digits and '-', got '" + name + "'");
            }
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(factory, "factory");
            requireText(family, "family", name);
            requireText(description, "description", name);
            requireText(trainer, "trainer", name);
            inAll = Set.copyOf(inAll);
            if (task == Task.TIMESERIES && inAll.contains(Task.TABULAR)) {
                throw new IllegalArgumentException(
                        "'" + name + "' is a time-series detector: tabular --detectors all cannot run it");
            }
            if (defaultScoreStride < 1) {
                throw new IllegalArgumentException("Detector '" + name
                        + "' needs a default scoring stride of at least 1, got " + defaultScoreStride);
            }
        }

        /**
         * A detector whose series runs score every window by default (scoring stride 1).
         *
         * @param name           the command-line name.
         * @param task           the data it is made for.
         * @param family         how it scores.
         * @param description    one line for help texts and README's table.
         * @param inAll          the tasks whose {@code --detectors all} runs it.
         * @param trainer        its Tribuo trainer.
         * @param wekaClassifier its Weka classifier, or null for none.
         * @param factory        makes its trainer.
         */
        public Detector(
                String name,
                Task task,
                String family,
                String description,
                Set<Task> inAll,
                String trainer,
                String wekaClassifier,
                Factory factory) {
            this(name, task, family, description, inAll, trainer, wekaClassifier, factory, 1);
        }

        /**
         * @param t a task.
         * @return whether this detector runs on it.
         */
        public boolean runsOn(Task t) {
            return task == Task.TABULAR || task == t;
        }

        private static void requireText(String value, String what, String name) {
            if (value == null || value.isBlank() || value.contains("|") || value.contains("\n")) {
                throw new IllegalArgumentException(
                        "Detector '" + name + "' needs a " + what + " of one line without '|', got '" + value + "'");
            }
        }
    }

    private static final Set<Task> BOTH = EnumSet.allOf(Task.class);
    private static final Set<Task> TABULAR_ALL = EnumSet.of(Task.TABULAR);
    private static final Set<Task> SERIES_ALL = EnumSet.of(Task.TIMESERIES);
    private static final Set<Task> NONE = EnumSet.noneOf(Task.class);

    private static final Map<String, Detector> DETECTORS = new LinkedHashMap<>();

    /**
     * The default scoring stride of {@code ts-impute} and {@code ts-imdiff}: 16 to 40 network evaluations per window
     * cannot reach 20,000 time steps/s at stride 1 on 2 cores (docs/PERFORMANCE.md section 13); at 16 they do; the
     * cost in mean VUS-PR on the 12 shared series is in docs/TIME_SERIES.md, "Scoring stride".
     */
    private static final int SERIES_STRIDE = 16;

    /**
     * The default scoring stride of {@code ts-recon}: stride 16 cost it 0.021 of mean VUS-PR on the 12 shared series,
     * stride 8 0.012, and 8 is the smallest of 1, 2, 4, 8 and 16 at which it scores 20,000 time steps/s on 2 cores
     * (docs/TIME_SERIES.md, "Scoring stride"; docs/PERFORMANCE.md section 13).
     */
    private static final int RECON_STRIDE = 8;

    /**
     * The default scoring stride of {@code ocsvm} and {@code sub-ocsvm} on series: with the dense decision function
     * they scored 20,431 and 19,916 time steps/s at stride 1 on 2 idle cores (at the target, not above it, and with
     * support vectors from 1,000 training steps; the benchmark trains on up to 2,000 windows, about twice as many
     * support vectors) and 36,962 and 40,897 at stride 2, which cost {@code ocsvm} 0.005 of mean VUS-PR on the 12
     * shared series (docs/PERFORMANCE.md sections 13 and 15).
     */
    private static final int OCSVM_STRIDE = 2;

    /**
     * The reconstruction time t_r of {@code ddpm} (and of {@code hybrid}'s DDPM member) on series windows; 250, the DTE
     * paper's, on rows. 250 noise-free reverse steps per window cannot score 20,000 time steps/s on 2 cores at any
     * stride shorter than the window (docs/PERFORMANCE.md section 13), and on the 12 shared series t_r = 25 scored a
     * higher mean VUS-PR than 250 (0.366 against 0.220 at stride 16; 50 and 100 scored 0.359 and 0.356;
     * docs/TIME_SERIES.md, "DDPM's reconstruction time on series"). The published 250 stays the trainer's default
     * (Tribuo, Weka, {@code dmad train} on rows).
     */
    static final int SERIES_DDPM_TIME = 25;

    /**
     * The default scoring stride of {@code ddpm} on series: with {@link #SERIES_DDPM_TIME} network evaluations per
     * window, the smallest of 1, 2, 4, 8 and 16 that scores 20,000 time steps/s on 2 cores (docs/PERFORMANCE.md
     * section 13).
     */
    private static final int SERIES_DDPM_STRIDE = 8;

    /**
     * The default scoring stride of {@code hybrid} on series: its DDPM and DTE-C members scored 19,684 time steps/s at
     * stride 8 on 2 idle cores, below the target, and 37,119 at 16 (docs/PERFORMANCE.md section 13).
     */
    private static final int SERIES_HYBRID_STRIDE = 16;

    /**
     * {@code ddpm}'s trainer settings for a run: the DTE paper's on rows, {@link #SERIES_DDPM_TIME} reverse steps on
     * series windows.
     */
    private static DDPMTrainer.Builder ddpm(Run run) {
        DDPMTrainer.Builder b = DDPMTrainer.builder()
                .epochs(run.profile().epochs(30))
                .maxSteps(run.profile().maxSteps());
        return run.window() > 0 ? b.reconstructionTime(SERIES_DDPM_TIME) : b;
    }

    // Registration order is the order of `--detectors all` for each task (and of the tables): tabular dte-c ... ocsvm,
    // series dte-c, dte-np, ddim, ts-recon, ts-impute, iforest, ocsvm, pca, kmeans-ad.
    // The last argument, where there is one, is the detector's default scoring stride on series (else 1): the smallest
    // of 1, 2, 4, 8, 16 measured to score 20,000 time steps/s on 2 cores (docs/PERFORMANCE.md section 13).
    static {
        register(new Detector(
                "dte-c",
                Task.TABULAR,
                "diffusion-time",
                "DTE-Categorical (Livernoche et al., ICLR 2024)",
                BOTH,
                "DTECategoricalTrainer",
                "DTECategorical",
                run -> run.build(DTECategoricalTrainer.builder()
                        .epochs(run.profile().epochs(50))
                        .maxSteps(run.profile().maxSteps()))));
        register(new Detector(
                "dte-ig",
                Task.TABULAR,
                "diffusion-time",
                "DTE-InverseGamma (Livernoche et al., ICLR 2024)",
                TABULAR_ALL,
                "DTEInverseGammaTrainer",
                "DTEInverseGamma",
                run -> run.build(DTEInverseGammaTrainer.builder()
                        .epochs(run.profile().epochs(100))
                        .maxSteps(run.profile().maxSteps()))));
        register(new Detector(
                "dte-np",
                Task.TABULAR,
                "diffusion-time",
                "DTE-NonParametric: k-NN distances to an inverse-gamma time posterior (no training)",
                BOTH,
                "DTENonParametricTrainer",
                "DTENonParametric",
                run -> run.build(DTENonParametricTrainer.builder()),
                2));
        register(new Detector(
                "ddpm",
                Task.TABULAR,
                "reconstruction",
                "DDPM reconstruction, 250 noise-free reverse steps (Ho et al. 2020; DTE paper settings); "
                        + SERIES_DDPM_TIME + " on series windows",
                TABULAR_ALL,
                "DDPMTrainer",
                "DDPM",
                run -> run.build(ddpm(run)),
                SERIES_DDPM_STRIDE));
        register(new Detector(
                "ddim",
                Task.TABULAR,
                "reconstruction",
                "The DDPM denoiser scored with 20 deterministic DDIM steps (Song et al. 2021)",
                BOTH,
                "DDPMTrainer.ddimBuilder(20)",
                "DDPM -sampler ddim",
                run -> run.build(DDPMTrainer.ddimBuilder(20)
                        .epochs(run.profile().epochs(30))
                        .maxSteps(run.profile().maxSteps())),
                8));
        register(new Detector(
                "dlik",
                Task.TABULAR,
                "density",
                "Denoising likelihood: mean denoising error over fixed timesteps and noises",
                TABULAR_ALL,
                "DenoisingLikelihoodTrainer",
                "DenoisingLikelihood",
                run -> run.build(DenoisingLikelihoodTrainer.builder()
                        .epochs(run.profile().epochs(30))
                        .maxSteps(run.profile().maxSteps())),
                16));
        register(new Detector(
                "latent",
                Task.TABULAR,
                "diffusion-time",
                "DTE-C in the latent space of an autoencoder trained on the normal rows",
                TABULAR_ALL,
                "LatentTrainer",
                "LatentDiffusion",
                run -> run.build(LatentTrainer.builder()
                        .epochs(run.profile().epochs(50))
                        .maxSteps(run.profile().maxSteps()))));
        // A list of trainers has no Weka option form, hence no Weka classifier.
        register(new Detector(
                "hybrid",
                Task.TABULAR,
                "ensemble",
                "Equal-weight ensemble of DDPM and DTE-C scores, each standardised on its training scores",
                TABULAR_ALL,
                "HybridTrainer",
                null,
                run -> run.build(HybridTrainer.builder()
                        .members(List.of(
                                ddpm(run)
                                        .threads(run.threads())
                                        .device(run.device())
                                        .build(),
                                DTECategoricalTrainer.builder()
                                        .epochs(run.profile().epochs(50))
                                        .maxSteps(run.profile().maxSteps())
                                        .threads(run.threads())
                                        .device(run.device())
                                        .build()))),
                SERIES_HYBRID_STRIDE));
        // Weka's TimeSeriesWindows filter feeds the tabular classifiers; the series detectors have no Weka form.
        register(new Detector(
                "ts-recon",
                Task.TIMESERIES,
                "reconstruction",
                "Series DDPM: whole windows noised and rebuilt with 20 DDIM steps; error per step and channel",
                SERIES_ALL,
                "SeriesDDPMTrainer",
                null,
                run -> run.build(SeriesDDPMTrainer.builder(run.requireWindow("ts-recon"))
                        .sampler("ddim")
                        .ddimSteps(20)
                        .epochs(run.profile() == Profile.QUICK ? 30 : 400)),
                RECON_STRIDE));
        register(new Detector(
                "ts-impute",
                Task.TIMESERIES,
                "imputation",
                "Series DDPM imputation (DiffAD idea): alternate strips of 8 steps (at most half the window) imputed "
                        + "from the others with 20 DDIM steps from t = 50, starting from the neighbours' interpolation",
                SERIES_ALL,
                "SeriesDDPMTrainer",
                null,
                run -> run.build(SeriesDDPMTrainer.builder(run.requireWindow("ts-impute"))
                        .mode("imputation")
                        .maskStart("interpolation")
                        // Strips of 8 steps (at most half the window: both masks hide a strip), wider than the
                        // short level runs that single-step masks interpolate from neighbours sharing them (issue 16).
                        .maskWidth(Math.min(8, Math.max(1, run.requireWindow("ts-impute") / 2)))
                        .reconstructionTime(50)
                        .sampler("ddim")
                        .ddimSteps(20)
                        .epochs(run.profile() == Profile.QUICK ? 30 : 400)),
                SERIES_STRIDE));
        register(new Detector(
                "iforest",
                Task.TABULAR,
                "baseline",
                "Isolation forest, Weka's isolationForest package (100 trees, subsample 256)",
                BOTH,
                "IsolationForestTrainer",
                "IsolationForest",
                run -> new IsolationForestTrainer(100, 256, run.seed())));
        // The RBF kernel's gamma = 1/d assumes standardised features: the trainer standardises (statistics kept in
        // the model), so `dmad train/score` on raw files behave as the benchmark does.
        register(new Detector(
                "ocsvm",
                Task.TABULAR,
                "baseline",
                "One-class SVM, LibSVM through Tribuo (RBF, nu 0.5, gamma 1/d, standardised)",
                BOTH,
                "OneClassSVMTrainer",
                null,
                run -> new OneClassSVMTrainer(0.5, 0),
                OCSVM_STRIDE));
        // The leaderboard's strong simple baselines (TSB-AD). Under --protocol tsb-ad, "pca" and the point-wise
        // iforest/ocsvm see single time steps and the "sub-" variants windows of the period (TsbAdProtocol); under
        // the default protocol every detector sees the benchmark's windows, so a "sub-" name equals its base.
        register(new Detector(
                "pca",
                Task.TIMESERIES,
                "baseline",
                "PCA: distances to the principal axes weighted by inverse explained variance (PyOD, TSB-AD's PCA); "
                        + "point-wise under --protocol tsb-ad and tsb-ad-raw",
                SERIES_ALL,
                "PCATrainer",
                null,
                run -> new PCATrainer(0, PCATrainer.Scoring.WEIGHTED_DISTANCE),
                16));
        register(new Detector(
                "kmeans-ad",
                Task.TIMESERIES,
                "baseline",
                "KMeansAD: k-means (k 20) on windows, distance to the nearest centroid, point score = mean over "
                        + "covering windows",
                SERIES_ALL,
                "KMeansADTrainer",
                null,
                run -> new KMeansADTrainer(20, run.seed())));
        register(new Detector(
                "ts-imdiff",
                Task.TIMESERIES,
                "imputation",
                "ImDiffusion-style: grating masks imputed by a conditional denoiser, errors of the last 4 of 8 DDIM "
                        + "steps ensembled",
                NONE,
                "SeriesImDiffusionTrainer",
                null,
                run -> run.build(SeriesImDiffusionTrainer.builder(run.requireWindow("ts-imdiff"))
                        .learningRate(1e-3)
                        .epochs(run.profile() == Profile.QUICK ? 30 : 400)),
                SERIES_STRIDE));
        register(new Detector(
                "ts-d3r",
                Task.TIMESERIES,
                "reconstruction",
                "D3R-style: moving-average trend, window diffused towards it (t = 200) and rebuilt in one pass; error "
                        + "per step and channel",
                NONE,
                "SeriesD3RTrainer",
                null,
                run -> run.build(SeriesD3RTrainer.builder(run.requireWindow("ts-d3r"))
                        .epochs(run.profile() == Profile.QUICK ? 30 : 400)),
                1));
        register(new Detector(
                "sub-pca",
                Task.TIMESERIES,
                "baseline",
                "Sub-PCA: PCA on windows of the period (TSB-AD's univariate leader)",
                NONE,
                "PCATrainer",
                null,
                run -> new PCATrainer(0, PCATrainer.Scoring.WEIGHTED_DISTANCE),
                16));
        register(new Detector(
                "sub-iforest",
                Task.TIMESERIES,
                "baseline",
                "Isolation forest on windows of the period (TSB-AD's Sub-IForest)",
                NONE,
                "IsolationForestTrainer",
                null,
                run -> new IsolationForestTrainer(100, 256, run.seed())));
        register(new Detector(
                "sub-ocsvm",
                Task.TIMESERIES,
                "baseline",
                "One-class SVM on windows of the period (TSB-AD's Sub-OCSVM)",
                NONE,
                "OneClassSVMTrainer",
                null,
                run -> new OneClassSVMTrainer(0.5, 0),
                OCSVM_STRIDE));
    }

    private DetectorRegistry() {}

    /**
     * Adds a detector; from then on the command line and the harness know it (its place: last).
     *
     * @param detector the detector.
     * @throws IllegalArgumentException when a detector of that name is registered already.
     */
    public static synchronized void register(Detector detector) {
        Objects.requireNonNull(detector, "detector");
        if (detector.name().equals("all")) {
            throw new IllegalArgumentException("'all' names every detector; a detector cannot be called so");
        }
        if (DETECTORS.putIfAbsent(detector.name(), detector) != null) {
            throw new IllegalArgumentException("A detector named '" + detector.name() + "' is registered already");
        }
    }

    /**
     * Removes a detector.
     *
     * @param name its command-line name.
     * @return the detector removed.
     * @throws IllegalArgumentException for an unknown name.
     */
    public static synchronized Detector unregister(String name) {
        Detector removed = DETECTORS.remove(name);
        if (removed == null) {
            throw new IllegalArgumentException(
                    "Unknown detector '" + name + "': use one of " + String.join(", ", DETECTORS.keySet()));
        }
        return removed;
    }

    /** @return every detector, both tasks, in registration order. */
    public static synchronized List<Detector> detectors() {
        return List.copyOf(DETECTORS.values());
    }

    /**
     * @param task a task.
     * @return the detectors that run on it, in registration order.
     */
    public static List<Detector> detectors(Task task) {
        return detectors().stream().filter(d -> d.runsOn(task)).toList();
    }

    /** @return the names of the tabular detectors (those that run on rows), in registration order. */
    public static Set<String> names() {
        return names(Task.TABULAR);
    }

    /**
     * @param task a task.
     * @return the names of the detectors that run on it, in registration order.
     */
    public static Set<String> names(Task task) {
        Set<String> out = new LinkedHashSet<>();
        detectors(task).forEach(d -> out.add(d.name()));
        return out;
    }

    /**
     * @param task a task.
     * @return the names {@code --detectors all} stands for on that task.
     */
    public static List<String> all(Task task) {
        return detectors().stream()
                .filter(d -> d.inAll().contains(task))
                .map(Detector::name)
                .toList();
    }

    /**
     * The default scoring strides of the detectors that run on series, for help texts.
     *
     * @return e.g. "ts-recon 16, ts-impute 16; every other detector 1": the detectors whose default is not 1, by
     *     stride, then the rest.
     */
    public static String scoreStrideDefaults() {
        List<String> other = new ArrayList<>();
        for (Detector d : detectors(Task.TIMESERIES)) {
            if (d.defaultScoreStride() != 1) {
                other.add(d.name() + " " + d.defaultScoreStride());
            }
        }
        return other.isEmpty() ? "1 for every detector" : String.join(", ", other) + "; every other detector 1";
    }

    /**
     * The detectors whose seeds train together on a task under {@code dmad bench --group} (their trainers train in
     * groups, {@link DMADTrainer#trainsInGroups()}), for help texts.
     *
     * @param task a task.
     * @return their names, in the registry's order.
     */
    public static List<String> grouped(Task task) {
        List<String> out = new ArrayList<>();
        for (Detector d : detectors(task)) {
            if (!isDmadTrainer(d.trainer())) {
                continue;
            }
            // A series detector needs a window to be built; any length its settings allow does.
            Trainer<Event> t =
                    d.factory().create(new Run(Profile.QUICK, 0, 1, "cpu", task == Task.TIMESERIES ? 16 : 0));
            if (t instanceof DMADTrainer dmad && dmad.trainsInGroups()) {
                out.add(d.name());
            }
        }
        return out;
    }

    /**
     * The tabular detectors whose runs of several datasets train together under {@code dmad bench --group datasets:N}
     * ({@link DMADTrainer#groupsAcrossDatasets()}), for help texts.
     *
     * @return their names, in the registry's order.
     */
    public static List<String> groupedAcrossDatasets() {
        List<String> out = new ArrayList<>();
        for (Detector d : detectors(Task.TABULAR)) {
            if (!isDmadTrainer(d.trainer())) {
                continue;
            }
            Trainer<Event> t = d.factory().create(new Run(Profile.QUICK, 0, 1, "cpu", 0));
            if (t instanceof DMADTrainer dmad && dmad.trainsInGroups() && dmad.groupsAcrossDatasets()) {
                out.add(d.name());
            }
        }
        return out;
    }

    /**
     * Whether a registry trainer name (a class, or how it is built: {@code DDPMTrainer.ddimBuilder(20)}) is a dmad
     * trainer; the baselines are not built to find out.
     */
    private static boolean isDmadTrainer(String trainer) {
        try {
            return DMADTrainer.class.isAssignableFrom(Class.forName(
                    "org.dmad.tribuo." + trainer.split("[^A-Za-z0-9_]", 2)[0],
                    false,
                    DetectorRegistry.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * @param name a command-line name.
     * @return the detector, of either task.
     * @throws IllegalArgumentException for an unknown name, listing the known ones.
     */
    public static synchronized Detector get(String name) {
        Detector d = DETECTORS.get(name.trim());
        if (d == null) {
            throw new IllegalArgumentException(
                    "Unknown detector '" + name + "': use one of " + String.join(", ", DETECTORS.keySet()));
        }
        return d;
    }

    /**
     * @param name a command-line name.
     * @param task the task it is to run on.
     * @return the detector.
     * @throws IllegalArgumentException for an unknown name or a detector that does not run on the task, listing the
     *                                  ones that do.
     */
    public static Detector get(String name, Task task) {
        Detector d = get(name);
        if (!d.runsOn(task)) {
            throw new IllegalArgumentException(
                    "'" + d.name() + "' is a " + d.task().cliName() + " detector; for " + task.cliName()
                            + " use one of " + String.join(", ", names(task)));
        }
        return d;
    }

    /**
     * Parses a comma-separated list of tabular detectors; {@code all} stands for every tabular detector.
     *
     * @param list e.g. "dte-c,iforest" or "all".
     * @return the names, validated.
     */
    public static List<String> parseList(String list) {
        return parseList(list, Task.TABULAR);
    }

    /**
     * Parses a comma-separated list of detectors for a task; {@code all} stands for {@link #all(Task)}.
     *
     * @param list e.g. "dte-c,iforest" or "all".
     * @param task the task they are to run on.
     * @return the names, validated.
     */
    public static List<String> parseList(String list, Task task) {
        if (list.trim().equals("all")) {
            return all(task);
        }
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(get(s, task).name());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("No detector named in '" + list + "'");
        }
        return out;
    }

    /** @return "name description" lines of the tabular detectors, for help texts. */
    public static String describe() {
        return describe(Task.TABULAR);
    }

    /**
     * @param task a task.
     * @return "name description" lines of the detectors made for that task (not the tabular ones a series run can
     *     also use), for help texts.
     */
    public static String describe(Task task) {
        List<Detector> own = detectors().stream().filter(d -> d.task() == task).toList();
        int width = own.stream().mapToInt(d -> d.name().length()).max().orElse(0);
        StringBuilder b = new StringBuilder();
        own.forEach(d -> b.append(String.format("  %-" + width + "s  %s%n", d.name(), d.description())));
        return b.toString();
    }

    /**
     * The registry as a Markdown table (README's detector table): tabular detectors first, then the time-series
     * ones, each group in registration order.
     *
     * @return the table, one line per detector after the header, each ending in a newline.
     */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder();
        b.append(
                "| detector (`--detectors`) | task | family | description | Tribuo trainer (`org.dmad.tribuo`; baselines: "
                        + "`org.dmad.evaluation.detectors`) | Weka classifier (`weka.classifiers.misc`) |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Task task : Task.values()) {
            for (Detector d : detectors()) {
                if (d.task() == task) {
                    b.append("| `")
                            .append(d.name())
                            .append("` | ")
                            .append(task.cliName())
                            .append(" | ")
                            .append(d.family())
                            .append(" | ")
                            .append(d.description())
                            .append(" | `")
                            .append(d.trainer())
                            .append("` | ")
                            .append(d.wekaClassifier() == null ? "-" : "`" + d.wekaClassifier() + "`")
                            .append(" |\n");
                }
            }
        }
        return b.toString();
    }
}
