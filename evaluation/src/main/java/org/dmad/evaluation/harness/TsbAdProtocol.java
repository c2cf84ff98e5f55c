package org.dmad.evaluation.harness;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.IsolationForestTrainer;
import org.dmad.evaluation.detectors.KMeansADTrainer;
import org.dmad.evaluation.detectors.OneClassSVMTrainer;
import org.dmad.evaluation.detectors.PCATrainer;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.timeseries.Periodicity;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.series.PointScores;
import org.dmad.series.SlidingWindows;
import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.series.ChannelScaledTrainer;
import org.dmad.tribuo.series.SeriesChannelScale;
import org.dmad.tribuo.series.SeriesDetector;
import org.dmad.tribuo.series.SeriesModel;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;

/**
 * TSB-AD's evaluation protocol ({@code --protocol tsb-ad}), reproduced from TSB-AD's runner and detector wrappers
 * (TheDatumOrg/TSB-AD: {@code benchmark_exp/Run_Detector_U.py} and {@code Run_Detector_M.py}, {@code
 * TSB_AD/model_wrapper.py}, {@code TSB_AD/HP_list.py}, {@code TSB_AD/models/{IForest,OCSVM,PCA,KMeansAD}.py},
 * {@code TSB_AD/utils/slidingWindows.py}); docs/TIME_SERIES.md lists each step with the file it follows.
 *
 * <ul>
 *   <li>The TSB-AD series is the evaluated range; its period is {@code find_length_rank} on channel 0.</li>
 *   <li>Every channel is z-normalised over the whole series (population standard deviation; a constant channel
 *   becomes 0), or left as loaded under {@code tsb-ad-raw}, as TSB-AD's runner passes it.</li>
 *   <li>dmad's series diffusion detectors then scale each channel by its mean and standard deviation over the
 *   whole series ({@code channelScale=series}, {@link #wholeSeriesScale}), not by those of the training windows
 *   (see {@link #trainer}).</li>
 *   <li>Unsupervised methods (TSB-AD's {@code Unsupervise_AD_Pool}: IForest, PCA, KMeansAD and their subsequence
 *   variants) train on the whole series; semi-supervised ones (OCSVM, and every dmad detector) on the
 *   {@code tr_<n>} prefix.</li>
 *   <li>Each method has its own window: 1 for point-wise methods, the period for "Sub-" methods, 40 for
 *   multivariate KMeansAD, the period clamped as {@link SeriesBenchmark#windowLength} clamps it for dmad's own
 *   detectors.</li>
 *   <li>Subsequence scores become point scores as TSB-AD maps them: the window's score goes to its centre (the
 *   first score repeated {@code ceil((w-1)/2)} times before, the last {@code floor((w-1)/2)} times after), except
 *   KMeansAD, whose point score is the mean of the windows covering it; dmad's detectors use the benchmark's
 *   aggregation.</li>
 *   <li>Metrics as {@link org.dmad.evaluation.timeseries.TimeSeriesMetrics#evaluate}: VUS with the period as
 *   window, F1 variants at the oracle threshold.</li>
 * </ul>
 */
public final class TsbAdProtocol {

    private TsbAdProtocol() {}

    /** How window scores become point scores. */
    public enum Mapping {
        /** A window's score goes to its centre time step, edges repeat the first and last (TSB-AD's padding). */
        CENTRE,
        /** The benchmark's aggregation over the covering windows (KMeansAD's reverse windowing is the mean). */
        AGGREGATION
    }

    /** How a detector sees a series: its window rule, whether it trains on the whole series, its mapping. */
    private record Spec(int window, boolean unsupervised, Mapping mapping) {}

    /** Window rule codes. */
    private static final int POINT = 1;

    private static final int PERIOD = -1;
    private static final int KMEANS = -2;
    private static final int DMAD = -3;

    private static final Map<String, Spec> SPECS = Map.of(
            "iforest", new Spec(POINT, true, Mapping.CENTRE),
            "sub-iforest", new Spec(PERIOD, true, Mapping.CENTRE),
            "ocsvm", new Spec(POINT, false, Mapping.CENTRE),
            "sub-ocsvm", new Spec(PERIOD, false, Mapping.CENTRE),
            "pca", new Spec(POINT, true, Mapping.CENTRE),
            "sub-pca", new Spec(PERIOD, true, Mapping.CENTRE),
            "kmeans-ad", new Spec(KMEANS, true, Mapping.AGGREGATION));

    /** KMeansAD's window on multivariate series (TSB-AD's tuned {@code window_size}). */
    static final int KMEANS_MULTIVARIATE_WINDOW = 40;

    /**
     * A series prepared as TSB-AD prepares it.
     *
     * @param name     the series' name.
     * @param values   the evaluated range, z-normalised per channel over the whole range (or as loaded), row-major.
     * @param raw0     channel 0 of the evaluated range as loaded (for the period and the VUS window).
     * @param labels   the labels of the evaluated range.
     * @param length   time steps in the range.
     * @param channels channels.
     * @param prefix   the training prefix length {@code tr_<n>}.
     * @param period   TSB-AD's {@code find_length_rank(rank=1)} of channel 0.
     * @param zscored  whether {@code values} were z-scored ({@code tsb-ad}) or are as loaded ({@code tsb-ad-raw}).
     */
    public record Prepared(
            String name,
            double[] values,
            double[] raw0,
            int[] labels,
            int length,
            int channels,
            int prefix,
            int period,
            boolean zscored) {}

    /**
     * The training prefix of a series. A series whose evaluated range starts at 0 (TSB-AD's own CSV files, whose
     * loader reads {@code tr_<n>} from the name, UCR, NAB, TSB-UAD, CSV) keeps its training part. A series with a
     * separate training file (SMD, SMAP/MSL) is evaluated on its test file, as TSB-AD's copies of them are, and gets
     * the prefix TSB-AD gave those copies: {@code max(500, min(floor(n / 4), first anomaly - 100))}, at most n. That
     * rule is read off the names of TSB-AD's files (it gives the {@code tr_} of all six TSB-AD series shipped in
     * shared/datasets); TSB-AD's curation code that sets it is not public.
     *
     * @param s the series.
     * @return the prefix length within the evaluated range.
     */
    public static int prefix(TimeSeries s) {
        if (s.evalStart() == 0) {
            return s.trainEnd();
        }
        int n = s.length() - s.evalStart();
        int first = n;
        for (int t = s.evalStart(); t < s.length(); t++) {
            if (s.labels()[t] == 1) {
                first = t - s.evalStart();
                break;
            }
        }
        return Math.min(n, Math.max(500, Math.min(n / 4, first - 100)));
    }

    /**
     * Prepares a series: the evaluated range, z-normalised per channel over the whole range.
     *
     * @param s the series.
     * @return the prepared series.
     * @throws IllegalArgumentException when the prefix is empty.
     */
    public static Prepared prepare(TimeSeries s) {
        return prepare(s, true);
    }

    /**
     * Prepares a series, z-normalised or as loaded.
     *
     * @param s      the series.
     * @param zscore whether each channel is z-scored over the whole range ({@code tsb-ad}) or left as loaded
     *               ({@code tsb-ad-raw}).
     * @return the prepared series.
     */
    public static Prepared prepare(TimeSeries s, boolean zscore) {
        int c = s.channels();
        int from = s.evalStart();
        int n = s.length() - from;
        int[] labels = Arrays.copyOfRange(s.labels(), from, s.length());
        int prefix = prefix(s);
        if (prefix < 1) {
            throw new IllegalArgumentException("series '" + s.name() + "' has an empty training prefix; TSB-AD's "
                    + "semi-supervised methods need tr_<n> > 0");
        }
        double[] values = Arrays.copyOfRange(s.values(), from * c, s.length() * c);
        for (int j = 0; j < c && zscore; j++) {
            double mean = 0;
            for (int t = 0; t < n; t++) {
                mean += values[t * c + j];
            }
            mean /= n;
            double var = 0;
            for (int t = 0; t < n; t++) {
                double d = values[t * c + j] - mean;
                var += d * d;
            }
            double sd = Math.sqrt(var / n);
            boolean constant = !(sd > 1e-12 * Math.max(1.0, Math.abs(mean)));
            for (int t = 0; t < n; t++) {
                values[t * c + j] = constant ? 0.0 : (values[t * c + j] - mean) / sd;
            }
        }
        double[] raw0 = new double[n];
        for (int t = 0; t < n; t++) {
            raw0[t] = s.value(from + t, 0);
        }
        return new Prepared(s.name(), values, raw0, labels, n, c, prefix, Periodicity.dominantPeriod(raw0), zscore);
    }

    /** @return whether the detector trains on the whole series (TSB-AD's unsupervised pool). */
    public static boolean unsupervised(String detector) {
        Spec spec = SPECS.get(detector);
        return spec != null && spec.unsupervised();
    }

    /** @return how the detector's window scores become point scores. */
    public static Mapping mapping(String detector) {
        Spec spec = SPECS.get(detector);
        return spec == null ? Mapping.AGGREGATION : spec.mapping();
    }

    /**
     * A detector's window length on a prepared series.
     *
     * @param detector the detector name.
     * @param p        the prepared series.
     * @return the window length.
     */
    public static int window(String detector, Prepared p) {
        Spec spec = SPECS.get(detector);
        int rule = spec == null ? DMAD : spec.window();
        return switch (rule) {
            case POINT -> 1;
            case PERIOD -> p.period();
            case KMEANS -> p.channels() > 1 ? KMEANS_MULTIVARIATE_WINDOW : p.period();
            default -> {
                int l = Math.max(8, Math.min(100, p.period()));
                l = Math.min(l, Math.max(4, 1024 / p.channels()));
                yield Math.max(2, Math.min(l, p.prefix() / 2));
            }
        };
    }

    /**
     * The trainer of a detector with TSB-AD's tuned settings ({@code Optimal_Uni_algo_HP_dict} and {@code
     * Optimal_Multi_algo_HP_dict}) for its baselines; dmad's own detectors as the registry makes them, except that
     * the series diffusion detectors ({@link ChannelScaledTrainer}: {@code ts-recon}, {@code ts-impute},
     * {@code ts-imdiff}, {@code ts-d3r}) get {@code channelScale=series}: they scale each channel by statistics of the
     * whole series, as TSB-AD z-normalises a whole series before its methods train, where the {@code tr_} prefix
     * alone can hold a constant or near-constant channel (TSB-AD-M 002, 075).
     *
     * @param detector the detector name.
     * @param p        the prepared series.
     * @param profile  quick or paper settings (dmad's detectors).
     * @param seed     the seed.
     * @param threads  PyTorch threads.
     * @param device   the device.
     * @param window   the window length.
     * @return the trainer.
     */
    public static Trainer<Event> trainer(
            String detector, Prepared p, Profile profile, long seed, int threads, String device, int window) {
        boolean uni = p.channels() == 1;
        return switch (detector) {
            case "iforest" -> new IsolationForestTrainer(uni ? 200 : 100, 256, seed);
            case "sub-iforest" -> new IsolationForestTrainer(200, 256, seed);
            case "ocsvm" -> new OneClassSVMTrainer(uni ? 0.5 : 0.3, 0, OneClassSVMTrainer.ROW_MIN_MAX);
            case "sub-ocsvm" -> new OneClassSVMTrainer(0.5, 0, OneClassSVMTrainer.ROW_MIN_MAX);
            case "pca" -> new PCATrainer(uni ? 0 : 0.75, PCATrainer.Scoring.WEIGHTED_DISTANCE);
            case "sub-pca" -> new PCATrainer(0, PCATrainer.Scoring.WEIGHTED_DISTANCE);
            case "kmeans-ad" -> new KMeansADTrainer(uni ? 20 : 30, seed);
            default -> {
                Trainer<Event> t = DetectorRegistry.get(detector, Task.TIMESERIES)
                        .factory()
                        .create(new DetectorRegistry.Run(profile, seed, threads, device, window));
                yield t instanceof ChannelScaledTrainer c
                        ? c.withChannelScale(SeriesChannelScale.Source.SERIES.configName())
                        : t;
            }
        };
    }

    /**
     * Trains a detector on a prepared series and scores every time step of it. A {@link ChannelScaledTrainer} with
     * {@code channelScale=series} is given the statistics of the whole prepared series
     * ({@link SeriesChannelScale#of}).
     *
     * @param trainer      the trainer.
     * @param p            the prepared series.
     * @param window       the window length.
     * @param stride       the training stride.
     * @param unsupervised whether the whole series trains (otherwise the prefix).
     * @param mapping      how window scores become point scores.
     * @param aggregation  the aggregation for {@link Mapping#AGGREGATION}.
     * @return the fitted model (to be closed by the caller) and one score per time step.
     */
    public static Scored fitAndScore(
            Trainer<Event> trainer,
            Prepared p,
            int window,
            int stride,
            boolean unsupervised,
            Mapping mapping,
            PointScores.Aggregation aggregation) {
        return fitAndScore(trainer, p, window, stride, unsupervised, mapping, aggregation, 1);
    }

    /**
     * As {@link #fitAndScore(Trainer, Prepared, int, int, boolean, Mapping, PointScores.Aggregation)}, the windows of
     * a model that is not a dmad model scored on up to {@code threads} threads ({@link SeriesModel#windowScores(
     * double[], SlidingWindows, int)}: the same scores bit for bit).
     *
     * @param trainer      the trainer.
     * @param p            the prepared series.
     * @param window       the window length.
     * @param stride       the training stride.
     * @param unsupervised whether the whole series trains (otherwise the prefix).
     * @param mapping      how window scores become point scores.
     * @param aggregation  the aggregation for {@link Mapping#AGGREGATION}.
     * @param threads      scoring threads, at least 1.
     * @return the fitted model (to be closed by the caller) and one score per time step.
     */
    public static Scored fitAndScore(
            Trainer<Event> trainer,
            Prepared p,
            int window,
            int stride,
            boolean unsupervised,
            Mapping mapping,
            PointScores.Aggregation aggregation,
            int threads) {
        SeriesModel model = fit(trainer, p, window, stride, unsupervised);
        try {
            return new Scored(model, score(model, p, window, mapping, aggregation, threads));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Trains a detector on a prepared series, as {@link #fitAndScore(Trainer, Prepared, int, int, boolean, Mapping,
     * PointScores.Aggregation, int)} does before it scores.
     *
     * @param trainer      the trainer.
     * @param p            the prepared series.
     * @param window       the window length.
     * @param stride       the training stride.
     * @param unsupervised whether the whole series trains (otherwise the prefix).
     * @return the fitted model (to be closed by the caller).
     */
    public static SeriesModel fit(Trainer<Event> trainer, Prepared p, int window, int stride, boolean unsupervised) {
        double[] train = trainingValues(p, window, unsupervised);
        SlidingWindows training = SlidingWindows.of(window, stride);
        return trainer instanceof ChannelScaledTrainer c && c.channelScale() == SeriesChannelScale.Source.SERIES
                ? SeriesDetector.fit(c, train, p.channels(), training, p.name(), wholeSeriesScale(p))
                : SeriesDetector.fit(trainer, train, p.channels(), training, false, p.name());
    }

    /**
     * Trains several seeds' trainers of a detector that trains in groups on a prepared series, together as one group
     * ({@link SeriesDetector#fitGroup}): member i is what {@link #fit} trains with {@code trainers.get(i)} but for
     * the grouping, series trainers with {@code channelScale=series} given the whole series' statistics alike.
     *
     * @param trainers     the trainers, equal but for the seed.
     * @param p            the prepared series.
     * @param window       the window length.
     * @param stride       the training stride.
     * @param unsupervised whether the whole series trains (otherwise the prefix).
     * @return one fitted model per trainer, in order (to be closed by the caller).
     */
    public static List<SeriesModel> fitGroup(
            List<? extends DMADTrainer> trainers, Prepared p, int window, int stride, boolean unsupervised) {
        double[] train = trainingValues(p, window, unsupervised);
        SlidingWindows training = SlidingWindows.of(window, stride);
        return trainers.get(0) instanceof ChannelScaledTrainer c && c.channelScale() == SeriesChannelScale.Source.SERIES
                ? SeriesDetector.fitGroup(trainers, train, p.channels(), training, p.name(), wholeSeriesScale(p))
                : SeriesDetector.fitGroup(trainers, train, p.channels(), training, false, p.name());
    }

    /**
     * Scores every time step of a prepared series with a fitted model.
     *
     * @param model       the fitted model.
     * @param p           the prepared series.
     * @param window      the window length.
     * @param mapping     how window scores become point scores.
     * @param aggregation the aggregation for {@link Mapping#AGGREGATION}.
     * @param threads     scoring threads, at least 1.
     * @return one score per time step.
     */
    public static double[] score(
            SeriesModel model,
            Prepared p,
            int window,
            Mapping mapping,
            PointScores.Aggregation aggregation,
            int threads) {
        double[] windows = model.windowScores(p.values(), SlidingWindows.of(window, 1), threads);
        return mapping == Mapping.CENTRE
                ? centre(windows, window, p.length())
                : PointScores.pointScores(windows, SlidingWindows.of(window, 1), p.length(), aggregation);
    }

    /** The values that train, after checking that the series and the training part hold a window. */
    private static double[] trainingValues(Prepared p, int window, boolean unsupervised) {
        int trainPoints = trainPoints(p, unsupervised);
        if (p.length() < window) {
            throw new IllegalArgumentException("series '" + p.name() + "' has " + p.length() + " time steps, fewer "
                    + "than one window of " + window);
        }
        if (trainPoints < window + 1) {
            throw new IllegalArgumentException("series '" + p.name() + "': the "
                    + (unsupervised ? "series" : "tr_" + p.prefix() + " training prefix") + " has " + trainPoints
                    + " points, fewer than a window of "
                    + window + " plus one");
        }
        return Arrays.copyOf(p.values(), trainPoints * p.channels());
    }

    /**
     * The per-channel statistics of a prepared series that a {@code channelScale=series} trainer scales by.
     *
     * @param p the prepared series.
     * @return the mean and population standard deviation of each channel over the whole evaluated range.
     */
    public static SeriesChannelScale wholeSeriesScale(Prepared p) {
        return SeriesChannelScale.of(p.values(), p.channels());
    }

    /**
     * @param model  the fitted model.
     * @param points one score per time step of the series.
     */
    public record Scored(SeriesModel model, double[] points) {}

    /** @return the time steps that train: the whole series or the prefix. */
    public static int trainPoints(Prepared p, boolean unsupervised) {
        return unsupervised ? p.length() : p.prefix();
    }

    /**
     * TSB-AD's point scores of subsequence scores: window {@code i} (steps {@code [i, i + w)}) scores step
     * {@code i + ceil((w - 1) / 2)}; the first {@code ceil((w - 1) / 2)} steps repeat the first window's score and
     * the last {@code floor((w - 1) / 2)} the last window's.
     *
     * @param windows one score per window at stride 1, {@code n - w + 1} of them.
     * @param w       the window length.
     * @param n       the series length.
     * @return n point scores.
     */
    public static double[] centre(double[] windows, int w, int n) {
        if (windows.length != n - w + 1) {
            throw new IllegalArgumentException(
                    windows.length + " window scores for " + n + " steps and windows of " + w);
        }
        int lead = w / 2; // ceil((w - 1) / 2) for w >= 1
        double[] out = new double[n];
        for (int t = 0; t < n; t++) {
            out[t] = windows[Math.max(0, Math.min(windows.length - 1, t - lead))];
        }
        return out;
    }

    /**
     * A description of the protocol's choices for a run record.
     *
     * @param detector the detector.
     * @param window   its window.
     * @param p        the prepared series.
     * @param model    the trained model (its run provenance says whether it was scaled by whole-series statistics).
     * @return e.g. "tsb-ad-raw: values as loaded; trained on the tr_500 prefix; ...".
     */
    static String describe(String detector, int window, Prepared p, Model<Event> model) {
        boolean seriesScaled = model.getProvenance()
                .getInstanceProvenance()
                .getMap()
                .containsKey(ChannelScaledTrainer.SERIES_SCALE_PROVENANCE);
        return String.format(
                Locale.ROOT,
                "%s; %s%s; window %d (period %d); %s",
                p.zscored() ? "tsb-ad: whole-series z-score" : "tsb-ad-raw: values as loaded",
                seriesScaled ? "channels scaled by whole-series statistics (channelScale=series); " : "",
                unsupervised(detector) ? "trained on the whole series" : "trained on the tr_" + p.prefix() + " prefix",
                window,
                p.period(),
                mapping(detector) == Mapping.CENTRE
                        ? "window score at its centre"
                        : "aggregated over covering windows");
    }
}
