package org.dmad.evaluation.perf;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dmad.engine.DMADEngine;
import org.dmad.engine.DenoiserNetwork;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.series.PointScores;
import org.dmad.series.SlidingWindows;
import org.dmad.tribuo.DenoiserModel;
import org.dmad.tribuo.SeriesD3RModel;
import org.dmad.tribuo.SeriesDDPMModel;
import org.dmad.tribuo.SeriesImDiffusionModel;
import org.dmad.tribuo.series.SeriesDetector;
import org.dmad.tribuo.series.SeriesModel;
import org.dmad.tribuo.series.StreamingScorer;
import org.tribuo.Model;
import org.tribuo.anomaly.Event;

/**
 * Scoring throughput of the series detectors ({@code dmad perf --suite series}): each detector is trained with the
 * quick profile on a generated multichannel series (training is not timed), then scores a longer generated series
 * as {@code dmad bench --task timeseries} does (every window, MEAN point scores), and a {@link StreamingScorer}
 * scores observations one at a time for the per-point latency. Each detector is timed at the listed scoring strides
 * and at its default one ({@link DetectorRegistry.Detector#defaultScoreStride()}).
 */
public final class SeriesSuite {

    /** Training windows at most, as the benchmark's default {@code --max-train-windows}. */
    static final int MAX_TRAIN_WINDOWS = 2000;

    /** Values per window at most, as the benchmark's window choice. */
    static final int MAX_WINDOW_VALUES = 1024;

    private SeriesSuite() {}

    /**
     * What to measure.
     *
     * @param threads      PyTorch intra-op threads (0 = automatic: 1).
     * @param warmups      untimed scoring runs before the timed ones.
     * @param iterations   timed scoring runs.
     * @param detectors    series detector names ({@link DetectorRegistry}, those that run on {@link Task#TIMESERIES}).
     * @param channels     channels of the generated series.
     * @param trainSteps   time steps of the training series.
     * @param scoreSteps   time steps of the scored series.
     * @param streamPoints observations timed one at a time through the streaming scorer (after the window fills).
     * @param strides      scoring strides to time ({@link SeriesModel#pointScores(double[], PointScores.Aggregation,
     *                     int)}), each at least 1.
     */
    public record Settings(
            int threads,
            int warmups,
            int iterations,
            List<String> detectors,
            int channels,
            int trainSteps,
            int scoreSteps,
            int streamPoints,
            List<Integer> strides) {

        /**
         * Checks the sizes.
         *
         * @throws IllegalArgumentException when a size cannot be measured.
         */
        public Settings {
            if (detectors.isEmpty()) {
                throw new IllegalArgumentException("--series-detectors names no detector");
            }
            if (channels < 1) {
                throw new IllegalArgumentException("--series-channels must be at least 1, got " + channels);
            }
            if (channels > MAX_WINDOW_VALUES / 8) {
                throw new IllegalArgumentException("--series-channels must be at most " + MAX_WINDOW_VALUES / 8
                        + " (windows of at least 8 steps within " + MAX_WINDOW_VALUES + " values), got " + channels);
            }
            int window = window(channels);
            if (trainSteps < window + 1) {
                throw new IllegalArgumentException("--series-train must be at least one window plus one ("
                        + (window + 1) + " steps for " + channels + " channels), got " + trainSteps);
            }
            if (scoreSteps < window) {
                throw new IllegalArgumentException("--series-steps must be at least one window (" + window
                        + " steps for " + channels + " channels), got " + scoreSteps);
            }
            if (strides.isEmpty() || strides.stream().anyMatch(st -> st < 1)) {
                throw new IllegalArgumentException(
                        "--series-strides must list scoring strides of at least 1, got " + strides);
            }
            if (streamPoints < 1) {
                throw new IllegalArgumentException("--stream-points must be at least 1, got " + streamPoints);
            }
        }
    }

    /**
     * The window length the benchmark would use at most for this channel count: 1,024 values, clamped to [8, 100].
     *
     * @param channels channels per time step.
     * @return the window length.
     */
    public static int window(int channels) {
        return Math.max(8, Math.min(100, MAX_WINDOW_VALUES / channels));
    }

    /**
     * Runs the suite.
     *
     * @param s the settings.
     * @return the table.
     * @throws Exception when a detector fails.
     */
    public static PerfTable run(Settings s) throws Exception {
        int c = s.channels();
        int window = window(c);
        double[] train = generate(s.trainSteps(), c, 41);
        double[] test = generate(s.scoreSteps(), c, 42);
        int trainStride = Math.max(1, (s.trainSteps() - window + 1 + MAX_TRAIN_WINDOWS - 1) / MAX_TRAIN_WINDOWS);
        PerfTable table = new PerfTable(
                "series",
                "Scoring throughput of the series detectors",
                "Each detector trained with the quick profile on a generated series of " + s.trainSteps()
                        + " steps x " + c + " channels (windows of " + window + " steps, training stride "
                        + trainStride + ", z-scored; not timed), then a series of " + s.scoreSteps()
                        + " steps scored per timed run (MEAN point scores of every s-th window, s = the score stride; "
                        + "s = 1 is every window, as dmad bench --task timeseries scores by default) after "
                        + s.warmups() + " warm-up run(s); steps/s = steps / "
                        + "median run. Streaming: " + s.streamPoints() + " observations offered one at a time to a "
                        + "StreamingScorer after the window filled, each timed (median and p99 per point; the same for every "
                        + "stride: a stream scores every window). MFLOP per window = network evaluations x the "
                        + "denoiser's forward FLOPs per row (FlopCount.denoiserForward: linear layers only); at stride s "
                        + "a time step costs 1/s window, so 20,000 steps/s needs 20,000 / s times that (compare with "
                        + "the matmul suite's peak). Each detector is timed at the listed strides and at its own "
                        + "default stride (the registry's, what dmad bench --task timeseries uses when --score-stride "
                        + "is not given; added last when not listed). Steps per CPU s = steps / the median run's "
                        + "CPU time of the whole process (every thread, JIT and GC included): on a machine shared with "
                        + "other work it leaves out the time the run waited for a core, which wall-clock steps/s "
                        + "counts, but not the cache and memory contention, which inflates CPU time most for the "
                        + "largest working sets (stride 1); it is no substitute for a measurement on idle cores. "
                        + DMADEngine.resolveThreads(s.threads()) + " intra-op thread(s); the baselines (models that "
                        + "are not dmad models) score their windows on as many Java threads.",
                "detector",
                "score stride",
                "default stride",
                "meets 20,000 steps/s",
                "window",
                "channels",
                "steps scored",
                "median s",
                "steps/s",
                "steps per CPU s",
                "stream median ms/point",
                "stream p99 ms/point",
                "network evaluations per window",
                "MFLOP per window",
                "GFLOP/s for 20,000 steps/s");
        for (String name : s.detectors()) {
            try (SeriesModel model = SeriesDetector.fit(
                    DetectorRegistry.get(name, Task.TIMESERIES)
                            .factory()
                            .create(new DetectorRegistry.Run(Profile.QUICK, 0, s.threads(), "cpu", window)),
                    train,
                    c,
                    SlidingWindows.of(window, trainStride),
                    true)) {
                double[] latency = streamLatency(model, test, s.streamPoints());
                long[] cost = networkCost(model.model());
                int defaultStride = DetectorRegistry.get(name, Task.TIMESERIES).defaultScoreStride();
                for (int stride : withDefault(s.strides(), defaultStride)) {
                    List<Double> cpu = new java.util.ArrayList<>();
                    Timing.Sample sample = Timing.measure(s.warmups(), s.iterations(), () -> {
                        long c0 = processCpuNanos();
                        model.pointScores(
                                test, PointScores.Aggregation.MEAN, stride, DMADEngine.resolveThreads(s.threads()));
                        cpu.add((processCpuNanos() - c0) / 1e9);
                    });
                    double cpuSeconds = median(cpu.subList(cpu.size() - s.iterations(), cpu.size()));
                    table.add(
                            "detector",
                            name,
                            "score stride",
                            stride,
                            "default stride",
                            defaultStride,
                            "meets 20,000 steps/s",
                            s.scoreSteps() / sample.median() >= TARGET_STEPS ? "yes" : "no",
                            "window",
                            window,
                            "channels",
                            c,
                            "steps scored",
                            s.scoreSteps(),
                            "median s",
                            sample.median(),
                            "steps/s",
                            s.scoreSteps() / sample.median(),
                            "steps per CPU s",
                            cpuSeconds > 0 ? s.scoreSteps() / cpuSeconds : "-",
                            "stream median ms/point",
                            latency[0],
                            "stream p99 ms/point",
                            latency[1],
                            "network evaluations per window",
                            cost == null ? "-" : cost[0],
                            "MFLOP per window",
                            cost == null ? "-" : cost[0] * cost[1] / 1e6,
                            "GFLOP/s for 20,000 steps/s",
                            cost == null ? "-" : TARGET_STEPS * cost[0] * cost[1] / 1e9 / stride);
                }
            }
        }
        return table;
    }

    /**
     * The strides to time for one detector: the listed ones, then its default stride when it is not among them.
     *
     * @param listed        {@code --series-strides}.
     * @param defaultStride the detector's default scoring stride.
     * @return the strides, in timing order.
     */
    static List<Integer> withDefault(List<Integer> listed, int defaultStride) {
        if (listed.contains(defaultStride)) {
            return listed;
        }
        List<Integer> all = new java.util.ArrayList<>(listed);
        all.add(defaultStride);
        return all;
    }

    /** libc's clock_gettime, reached through JNA (a DJL dependency). */
    private interface LibC extends com.sun.jna.Library {
        int clock_gettime(int clock, long[] timespec);
    }

    /** Linux's CLOCK_PROCESS_CPUTIME_ID. */
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;

    private static final LibC LIBC = loadLibC();

    private static LibC loadLibC() {
        if (!System.getProperty("os.name", "")
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("linux")
                || !"amd64".equals(System.getProperty("os.arch"))) {
            return null; // the timespec layout below (two 64-bit words) is that of Linux on x86-64
        }
        try {
            return com.sun.jna.Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    /**
     * This process's CPU time so far (every thread, native ones included), in nanoseconds: from
     * {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} on Linux, which counts nanoseconds, and otherwise from the JVM's
     * {@code getProcessCpuTime}, which on Linux counts clock ticks (10 ms) and so reads 0 for a run of a few
     * milliseconds.
     *
     * @return the CPU time in nanoseconds; -1 when neither source can tell.
     */
    static long processCpuNanos() {
        if (LIBC != null) {
            long[] timespec = new long[2];
            if (LIBC.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, timespec) == 0) {
                return timespec[0] * 1_000_000_000L + timespec[1];
            }
        }
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** The median of a few values (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The throughput target, time steps per second. */
    static final long TARGET_STEPS = 20_000;

    /**
     * The network cost of scoring one window with a series diffusion model.
     *
     * @param model the Tribuo model.
     * @return {network evaluations per window, forward FLOPs per evaluation and row}, or null for another model.
     */
    static long[] networkCost(Model<Event> model) {
        if (!(model instanceof DenoiserModel denoiser)
                || !(denoiser.getDenoiserFit().network().spec() instanceof DenoiserNetwork spec)) {
            return null;
        }
        long evaluations;
        if (model instanceof SeriesDDPMModel ddpm) {
            evaluations = ddpm.getScoring().networkEvaluations();
        } else if (model instanceof SeriesImDiffusionModel imdiff) {
            evaluations = imdiff.getImputation().networkEvaluations();
        } else if (model instanceof SeriesD3RModel) {
            evaluations = 1; // one reconstruction pass from the window diffused towards its trend
        } else {
            return null;
        }
        return new long[] {evaluations, FlopCount.denoiserForward(spec)};
    }

    /**
     * Per-point latency of a streaming scorer: fills the window untimed, then times each of {@code points} offers
     * (cycling through the series when it is shorter).
     *
     * @param model  the model.
     * @param series row-major values.
     * @param points timed offers.
     * @return {median, p99} in milliseconds.
     */
    static double[] streamLatency(SeriesModel model, double[] series, int points) {
        int c = model.channels();
        int n = series.length / c;
        int window = model.windows().length();
        StreamingScorer scorer = new StreamingScorer(model);
        double[] observation = new double[c];
        for (int t = 0; t < window - 1; t++) {
            System.arraycopy(series, t * c, observation, 0, c);
            scorer.offer(observation);
        }
        double[] ms = new double[points];
        for (int i = 0; i < points; i++) {
            int t = (window - 1 + i) % n;
            System.arraycopy(series, t * c, observation, 0, c);
            long t0 = System.nanoTime();
            if (scorer.offer(observation).isEmpty()) {
                throw new IllegalStateException("The streaming scorer gave no score after a full window");
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {quantile(ms, 0.5), quantile(ms, 0.99)};
    }

    /** The nearest-rank quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * A generated series: per channel a sine of its own period and phase plus Gaussian noise, seeded.
     *
     * @param steps    time steps.
     * @param channels channels.
     * @param seed     the seed.
     * @return row-major values.
     */
    static double[] generate(int steps, int channels, long seed) {
        Random random = new Random(seed);
        double[] periods = new double[channels];
        double[] phases = new double[channels];
        for (int c = 0; c < channels; c++) {
            periods[c] = 12 + random.nextInt(40);
            phases[c] = random.nextDouble() * 2 * Math.PI;
        }
        double[] out = new double[steps * channels];
        for (int t = 0; t < steps; t++) {
            for (int c = 0; c < channels; c++) {
                out[t * channels + c] =
                        Math.sin(2 * Math.PI * t / periods[c] + phases[c]) + 0.1 * random.nextGaussian();
            }
        }
        return out;
    }
}
