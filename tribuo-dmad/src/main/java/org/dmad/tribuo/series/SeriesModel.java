package org.dmad.tribuo.series;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmad.series.PointScores;
import org.dmad.series.SeriesNormalizer;
import org.dmad.series.SlidingWindows;
import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.SeriesElementErrors;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;

/**
 * A Tribuo anomaly model of sliding windows together with what is needed to score a raw series with it: the window
 * specification, the channel count and the normaliser fitted on the training series. Built by
 * {@link SeriesDetector#fit}, or from any Tribuo model trained on {@link WindowedDataSource} windows.
 * <p>
 * Scores are the {@link Event#getScore()} of the model's predictions; for every dmad model a higher score means
 * more anomalous (a Tribuo model with the opposite convention, such as Tribuo's LibSVM anomaly model, gives
 * scores that must be negated). Scoring uses every window of the series (stride 1), whatever stride the model was
 * trained with, unless a scoring stride is asked for ({@link #pointScores(double[], PointScores.Aggregation, int)}),
 * so every time step ends a window and {@link PointScores.Aggregation#LAST} agrees with
 * what {@link StreamingScorer} reports (see there for the rounding). A dmad model scores the windows sliced straight
 * from the series into its scoring batches (no Tribuo example per window; the same scores bit for bit); a
 * {@link DenseRowScorer} (dmad's baselines) scores them as dense rows, the same scores bit for bit; any other
 * Tribuo model scores them through {@code Model.predict}. A model that is not a dmad model can score the windows on
 * several threads ({@link #windowScores(double[], SlidingWindows, int)}), again bit-identical to one thread. The object is immutable and serializable (the
 * Tribuo model included); it is as thread-safe as its model, which for the dmad models means safe. A dmad model holds
 * native memory once used: {@link #close()} releases it.
 */
public final class SeriesModel implements Serializable, AutoCloseable {

    private static final long serialVersionUID = 1L;

    private final Model<Event> model;
    private final SeriesNormalizer normalizer;
    private final SlidingWindows windows;
    private final int channels;
    private final String[] names;

    /**
     * Wraps a model trained on windows of a series.
     *
     * @param model      the model; its features must be the windows' feature names.
     * @param normalizer the normaliser the training windows were made with, or null for none.
     * @param windows    the training window specification.
     * @param channels   channels per time step.
     * @throws IllegalArgumentException when the model's features are not those of the windows or the normaliser's
     *                                  channel count differs.
     */
    public SeriesModel(Model<Event> model, SeriesNormalizer normalizer, SlidingWindows windows, int channels) {
        this.model = Objects.requireNonNull(model, "model");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.names = windows.featureNames(channels);
        this.channels = channels;
        if (normalizer != null && normalizer.channels() != channels) {
            throw new IllegalArgumentException("The series has " + channels + " channels but the normaliser was "
                    + "fitted on " + normalizer.channels());
        }
        this.normalizer = normalizer;
        ImmutableFeatureMap features = model.getFeatureIDMap();
        if (features.size() != names.length) {
            throw new IllegalArgumentException("The model knows " + features.size() + " features but windows of "
                    + windows.length() + " time steps x " + channels + " channels have " + names.length);
        }
        for (String name : names) {
            if (features.getID(name) < 0) {
                throw new IllegalArgumentException("The model was not trained on windows of " + windows.length()
                        + " time steps x " + channels + " channels: it lacks feature '" + name + "'");
            }
        }
    }

    /** @return the Tribuo model of windows. */
    public Model<Event> model() {
        return model;
    }

    /** @return the normaliser fitted on the training series, if the model was trained on normalised windows. */
    public Optional<SeriesNormalizer> normalizer() {
        return Optional.ofNullable(normalizer);
    }

    /** @return the window specification of training. */
    public SlidingWindows windows() {
        return windows;
    }

    /** @return the windows used for scoring: the training length with stride 1, no end alignment needed. */
    public SlidingWindows scoringWindows() {
        return SlidingWindows.of(windows.length(), 1);
    }

    /** @return channels per time step. */
    public int channels() {
        return channels;
    }

    /**
     * The score of every window of a series (stride 1), scored in batches through {@code model.predict(Iterable)}.
     *
     * @param series row-major values, {@link #channels()} per time step, at least one window long.
     * @return {@code seriesLength - length + 1} scores, window {@code i} starting at time step {@code i}.
     * @throws IllegalArgumentException when the series is shorter than a window, does not fill whole time steps, or
     *                                  holds a non-finite value.
     */
    public double[] windowScores(double[] series) {
        return windowScores(series, scoringWindows());
    }

    /**
     * The score of the windows of a series under another stride or end alignment (the length must be the
     * model's).
     *
     * @param series  row-major values, {@link #channels()} per time step.
     * @param scoring the windows to score.
     * @return one score per window of {@code scoring}.
     * @throws IllegalArgumentException when the window length differs from the model's, or the series is invalid.
     */
    public double[] windowScores(double[] series, SlidingWindows scoring) {
        return windowScores(series, scoring, 1);
    }

    /**
     * As {@link #windowScores(double[], SlidingWindows)}, on up to {@code threads} Java threads when the model is not
     * a dmad model: the windows are cut into one contiguous block per thread and each block is scored as one thread
     * would score it, so the scores are bit-identical to one thread's. A dmad model scores on the calling thread
     * whatever {@code threads} says (its network already runs on PyTorch's intra-op threads, and its scoring batches
     * must stay as they are). More than one thread needs a model whose {@code predict} is safe to call from several
     * threads at once: Tribuo's models and dmad's baselines are (they are immutable).
     *
     * @param series  row-major values, {@link #channels()} per time step.
     * @param scoring the windows to score.
     * @param threads scoring threads, at least 1.
     * @return one score per window of {@code scoring}.
     * @throws IllegalArgumentException when the window length differs from the model's, the thread count is below 1,
     *                                  or the series is invalid.
     */
    public double[] windowScores(double[] series, SlidingWindows scoring, int threads) {
        if (scoring.length() != windows.length()) {
            throw new IllegalArgumentException(
                    "The model scores windows of " + windows.length() + " time steps, not " + scoring.length());
        }
        if (threads < 1) {
            throw new IllegalArgumentException("The scoring thread count must be at least 1, got " + threads);
        }
        int n = checkSeries(series, channels);
        double[] values = normalizer == null ? checkFinite(series) : normalizer.apply(series);
        int count = scoring.count(n);
        double[] out = new double[count];
        int blocks = model instanceof DMADModel ? 1 : Math.min(threads, (count + MIN_BLOCK - 1) / MIN_BLOCK);
        if (blocks <= 1) {
            scoreBlock(values, n, scoring, 0, count, SCORE_CHUNK, out);
            return out;
        }
        // Contiguous blocks, one per thread; each thread scores its block in chunks of SCORE_CHUNK / blocks windows,
        // so the windows held at once stay about one SCORE_CHUNK (a non-dmad model scores each window on its own:
        // how the windows are grouped changes no bit).
        int chunk = (SCORE_CHUNK + blocks - 1) / blocks;
        ExecutorService pool = Executors.newFixedThreadPool(blocks - 1, r -> {
            Thread t = new Thread(r, "dmad-series-scoring");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int b = 1; b < blocks; b++) {
                int first = (int) ((long) count * b / blocks);
                int last = (int) ((long) count * (b + 1) / blocks);
                running.add(pool.submit(() -> scoreBlock(values, n, scoring, first, last, chunk, out)));
            }
            scoreBlock(values, n, scoring, 0, count / blocks, chunk, out);
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException("Scoring failed: " + cause, cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while scoring", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /**
     * Scores windows {@code [first, last)} of {@code scoring} into {@code out}, {@code chunk} windows at a time.
     *
     * @param values the normalised series.
     * @param n      its time steps.
     */
    private void scoreBlock(
            double[] values, int n, SlidingWindows scoring, int first, int last, int chunk, double[] out) {
        int width = names.length;
        // Windows are built and scored a chunk at a time, so memory does not grow with the series' length (a window is
        // the contiguous slice of the row-major series that starts at its first time step).
        for (int from = first; from < last; from += chunk) {
            int to = Math.min(last, from + chunk);
            double[] flat = new double[(to - from) * width];
            for (int i = from; i < to; i++) {
                System.arraycopy(values, scoring.start(i, n) * channels, flat, (i - from) * width, width);
            }
            System.arraycopy(scoreWindows(flat, to - from), 0, out, from, to - from);
        }
    }

    /** Windows per thread at least: fewer are scored on one thread (a thread costs more than it saves). */
    static final int MIN_BLOCK = 64;

    /** Windows scored per chunk: a multiple of dmad's 1,024-row scoring batches, so chunking changes no bit. */
    static final int SCORE_CHUNK = 4096;

    /**
     * One score per time step (see {@link PointScores} for the aggregations and the edge points).
     *
     * @param series      row-major values, {@link #channels()} per time step.
     * @param aggregation how the windows covering a time step are combined.
     * @return one score per time step, never NaN.
     * @throws IllegalArgumentException when the series is invalid.
     */
    public double[] pointScores(double[] series, PointScores.Aggregation aggregation) {
        return pointScores(series, aggregation, 1);
    }

    /**
     * One score per time step from every {@code stride}-th window: windows start at {@code 0, stride, 2 * stride,
     * ...}, plus one window ending at the last time step when the stride does not divide, and each window's score is
     * spread over its time steps by {@link PointScores#pointScores} as at stride 1 (a time step no scored window
     * covers, possible only when the stride exceeds the window length, follows the LAST rule). Stride 1 is
     * {@link #pointScores(double[], PointScores.Aggregation)}, bit for bit; a stride of s scores about 1/s of the
     * windows, so it is about s times faster for a detector whose cost is the network.
     *
     * @param series      row-major values, {@link #channels()} per time step.
     * @param aggregation how the windows covering a time step are combined.
     * @param stride      the scoring stride, at least 1.
     * @return one score per time step, never NaN.
     * @throws IllegalArgumentException when the stride is below 1 or the series is invalid.
     */
    public double[] pointScores(double[] series, PointScores.Aggregation aggregation, int stride) {
        return pointScores(series, aggregation, stride, 1);
    }

    /**
     * As {@link #pointScores(double[], PointScores.Aggregation, int)}, the windows scored on up to {@code threads}
     * threads as {@link #windowScores(double[], SlidingWindows, int)} does (the same scores bit for bit).
     *
     * @param series      row-major values, {@link #channels()} per time step.
     * @param aggregation how the windows covering a time step are combined.
     * @param stride      the scoring stride, at least 1.
     * @param threads     scoring threads, at least 1 (used by models that are not dmad models).
     * @return one score per time step, never NaN.
     * @throws IllegalArgumentException when the stride or thread count is below 1 or the series is invalid.
     */
    public double[] pointScores(double[] series, PointScores.Aggregation aggregation, int stride, int threads) {
        Objects.requireNonNull(aggregation, "aggregation");
        SlidingWindows scoring = scoringWindows(stride);
        int n = checkSeries(series, channels);
        return PointScores.pointScores(windowScores(series, scoring, threads), scoring, n, aggregation);
    }

    /**
     * The scores of the time steps from {@code from} to the series' end, as {@link #pointScores(double[],
     * PointScores.Aggregation, int)} gives them for a series that starts {@code length - 1} steps before
     * {@code from} (or at 0), so that each of those time steps sees all its windows while the windows that end
     * before {@code from} are not scored: what a benchmark's evaluation range needs.
     *
     * @param series      row-major values, {@link #channels()} per time step.
     * @param from        the first time step scored, in {@code [0, seriesLength)}.
     * @param aggregation how the windows covering a time step are combined.
     * @param stride      the scoring stride, at least 1.
     * @return {@code seriesLength - from} scores.
     * @throws IllegalArgumentException when from is outside the series, the stride is below 1, or the series (from
     *                                  {@code from - length + 1} on) is invalid.
     */
    public double[] stepScores(double[] series, int from, PointScores.Aggregation aggregation, int stride) {
        return stepScores(series, from, aggregation, stride, 1);
    }

    /**
     * As {@link #stepScores(double[], int, PointScores.Aggregation, int)}, the windows scored on up to {@code threads}
     * threads as {@link #windowScores(double[], SlidingWindows, int)} does (the same scores bit for bit).
     *
     * @param series      row-major values, {@link #channels()} per time step.
     * @param from        the first time step scored, in {@code [0, seriesLength)}.
     * @param aggregation how the windows covering a time step are combined.
     * @param stride      the scoring stride, at least 1.
     * @param threads     scoring threads, at least 1 (used by models that are not dmad models).
     * @return {@code seriesLength - from} scores.
     * @throws IllegalArgumentException when from is outside the series, the stride or thread count is below 1, or the
     *                                  series is invalid.
     */
    public double[] stepScores(
            double[] series, int from, PointScores.Aggregation aggregation, int stride, int threads) {
        int n = checkSeries(series, channels);
        if (from < 0 || from >= n) {
            throw new IllegalArgumentException("The first scored time step must be in [0, " + n + "), got " + from);
        }
        int start = Math.max(0, from - windows.length() + 1);
        double[] part = java.util.Arrays.copyOfRange(series, start * channels, series.length);
        double[] points = pointScores(part, aggregation, stride, threads);
        return java.util.Arrays.copyOfRange(points, from - start, points.length);
    }

    /**
     * The windows scored at a scoring stride: the training length, every {@code stride}-th window, and at a stride
     * above 1 a last window ending at the series' last time step.
     *
     * @param stride the scoring stride, at least 1.
     * @return the windows; {@link #scoringWindows()} for stride 1.
     * @throws IllegalArgumentException when the stride is below 1.
     */
    public SlidingWindows scoringWindows(int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("The scoring stride must be at least 1, got " + stride);
        }
        return stride == 1 ? scoringWindows() : SlidingWindows.of(windows.length(), stride, true);
    }

    /**
     * As {@link #pointScores(double[], PointScores.Aggregation)}, checking the caller's channel count first.
     *
     * @param series      row-major values.
     * @param channels    the series' channel count.
     * @param aggregation how the windows covering a time step are combined.
     * @return one score per time step.
     * @throws IllegalArgumentException when the channel count differs from the model's.
     */
    public double[] pointScores(double[] series, int channels, PointScores.Aggregation aggregation) {
        checkChannels(channels);
        return pointScores(series, aggregation);
    }

    /**
     * Which channel is anomalous, not only when: one score per time step and channel, from the per-element errors
     * of a {@link SeriesElementErrors} model ({@link org.dmad.tribuo.SeriesDDPMModel} by reconstruction or
     * imputation, {@link org.dmad.tribuo.SeriesImDiffusionModel}, {@link org.dmad.tribuo.SeriesD3RModel}),
     * aggregated over the windows covering each time step as {@link PointScores#channelScores} does. The windows are
     * scored {@link #SCORE_CHUNK} at a time and folded into the per-step sums as they come, so memory holds the
     * {@code seriesLength x channels} result and one chunk, whatever the series' length.
     *
     * @param series      row-major values, {@link #channels()} per time step.
     * @param aggregation how the windows covering a time step are combined.
     * @return {@code seriesLength x channels} scores, row-major.
     * @throws IllegalStateException    when the model does not give per-element errors (the series diffusion
     *                                  detectors do; other detectors score whole windows).
     * @throws IllegalArgumentException when the series is invalid.
     */
    public double[] channelScores(double[] series, PointScores.Aggregation aggregation) {
        return channelScores(series, aggregation, false);
    }

    /**
     * {@link #channelScores(double[], PointScores.Aggregation)} with every chunk of windows through one Tribuo example
     * per window: the reference the direct path is tested against.
     */
    double[] channelScoresThroughExamples(double[] series, PointScores.Aggregation aggregation) {
        return channelScores(series, aggregation, true);
    }

    /**
     * Per-channel scores; a model whose feature id of every window element is the element's index ({@link
     * #scoresDirectly}) gets each chunk of windows as rows, without a Tribuo example per window, unless {@code
     * throughExamples}; the errors are the same bit for bit.
     */
    private double[] channelScores(double[] series, PointScores.Aggregation aggregation, boolean throughExamples) {
        Objects.requireNonNull(aggregation, "aggregation");
        if (!(model instanceof SeriesElementErrors elementModel)) {
            throw new IllegalStateException("Per-channel scores need a model with per-element errors (a "
                    + "SeriesElementErrors: SeriesDDPMModel, SeriesImDiffusionModel, SeriesD3RModel); this model is a "
                    + model.getClass().getSimpleName() + ", which scores whole windows");
        }
        int n = checkSeries(series, channels);
        double[] values = normalizer == null ? checkFinite(series) : normalizer.apply(series);
        int length = windows.length();
        int count = n - length + 1;
        int width = names.length;
        boolean direct = !throughExamples && scoresDirectly();
        double[] out = new double[n * channels];
        if (aggregation == PointScores.Aggregation.MAX) {
            java.util.Arrays.fill(out, Double.NEGATIVE_INFINITY);
        }
        for (int first = 0; first < count; first += SCORE_CHUNK) {
            int last = Math.min(count, first + SCORE_CHUNK);
            double[] flat = new double[(last - first) * width];
            for (int i = first; i < last; i++) {
                System.arraycopy(values, i * channels, flat, (i - first) * width, width);
            }
            double[] rows = direct ? elementModel.elementErrorsOfRows(flat) : null;
            double[][] errors = direct ? null : elementModel.elementErrors(examples(flat, last - first));
            for (int i = first; i < last; i++) {
                double[] e = direct ? rows : errors[i - first];
                int offset = direct ? (i - first) * width : 0;
                for (int t = 0; t < length; t++) {
                    int p = i + t;
                    boolean take = aggregation != PointScores.Aggregation.LAST
                            || (i == 0 && t < length - 1)
                            || t == length - 1;
                    if (!take) {
                        continue;
                    }
                    for (int c = 0; c < channels; c++) {
                        int k = p * channels + c;
                        double v = e[offset + t * channels + c];
                        out[k] = aggregation == PointScores.Aggregation.MEAN
                                ? out[k] + v
                                : aggregation == PointScores.Aggregation.MAX ? Math.max(out[k], v) : v;
                    }
                }
            }
        }
        if (aggregation == PointScores.Aggregation.MEAN) {
            for (int p = 0; p < n; p++) {
                // Windows at stride 1 cover time step p from max(0, p - L + 1) to min(p, count - 1).
                int covered = Math.min(p, count - 1) - Math.max(0, p - length + 1) + 1;
                for (int c = 0; c < channels; c++) {
                    out[p * channels + c] /= covered;
                }
            }
        }
        return out;
    }

    /**
     * Refuses a series of another channel count.
     *
     * @param seriesChannels the series' channel count.
     * @throws IllegalArgumentException naming both counts when they differ.
     */
    public void checkChannels(int seriesChannels) {
        if (seriesChannels != channels) {
            throw new IllegalArgumentException(
                    "The series has " + seriesChannels + " channels but the model was " + "trained on " + channels);
        }
    }

    /**
     * Scores flattened windows that are already normalised; the one scoring path of batch and streaming.
     * <p>
     * A dmad model whose feature ids are the window's element indices (every model trained on {@link SlidingWindows}
     * feature names is) scores the flattened windows directly as rows, {@link DMADModel#PREDICT_BATCH} at a time as
     * its {@code predict} does, without one Tribuo example per window: the same rows reach the same scoring batches, so
     * the scores are bit-identical to {@link #scoreWindowsThroughExamples}. A {@link DenseRowScorer} with the same
     * feature ids (dmad's baselines) scores them as dense rows, bit-identical to its {@code predict} by that
     * interface's contract. Any other model goes through {@code Model.predict}.
     */
    double[] scoreWindows(double[] flat, int count) {
        if (model instanceof DenseRowScorer rowScorer && elementOrdered()) {
            return flat.length == count * names.length
                    ? rowScorer.scoreDenseRows(flat, count)
                    : rowScorer.scoreDenseRows(java.util.Arrays.copyOf(flat, count * names.length), count);
        }
        if (!(model instanceof DMADModel dmad) || !scoresDirectly()) {
            return scoreWindowsThroughExamples(flat, count);
        }
        int width = names.length;
        double[] out = new double[count];
        for (int first = 0; first < count; first += DMADModel.PREDICT_BATCH) {
            int last = Math.min(count, first + DMADModel.PREDICT_BATCH);
            double[] rows = first == 0 && last == count && flat.length == count * width
                    ? flat
                    : java.util.Arrays.copyOfRange(flat, first * width, last * width);
            System.arraycopy(dmad.scoreRows(rows), 0, out, first, last - first);
        }
        return out;
    }

    /**
     * Whether windows are scored directly as rows: a dmad model whose feature id of every window element is the
     * element's index (cached, not serialized).
     */
    boolean scoresDirectly() {
        return model instanceof DMADModel && elementOrdered();
    }

    /** Whether the model's feature id of every window element is the element's index (cached, not serialized). */
    private boolean elementOrdered() {
        Boolean ordered = elementOrdered;
        if (ordered == null) {
            ImmutableFeatureMap features = model.getFeatureIDMap();
            boolean all = true;
            for (int i = 0; i < names.length && all; i++) {
                all = features.getID(names[i]) == i;
            }
            elementOrdered = ordered = all;
        }
        return ordered;
    }

    private transient volatile Boolean elementOrdered;

    /**
     * Scores flattened windows through Tribuo: one example per window and {@code Model.predict} (the path of every
     * non-dmad model, and the reference the direct path of {@link #scoreWindows} is tested against).
     */
    double[] scoreWindowsThroughExamples(double[] flat, int count) {
        List<Prediction<Event>> predictions = model.predict(examples(flat, count));
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = predictions.get(i).getOutput().getScore();
        }
        return out;
    }

    /** Unlabelled examples of flattened windows, named as the model's features. */
    private List<Example<Event>> examples(double[] flat, int count) {
        int width = names.length;
        List<Example<Event>> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] values = new double[width];
            System.arraycopy(flat, i * width, values, 0, width);
            examples.add(new ArrayExample<>(AnomalyFactory.UNKNOWN_EVENT, names, values));
        }
        return examples;
    }

    /** @return the normaliser or null, for the streaming scorer. */
    SeriesNormalizer normalizerOrNull() {
        return normalizer;
    }

    private int checkSeries(double[] series, int expectedChannels) {
        Objects.requireNonNull(series, "series");
        if (series.length % expectedChannels != 0) {
            throw new IllegalArgumentException("The model was trained on " + expectedChannels + " channels, but "
                    + series.length + " values are not whole time steps of " + expectedChannels + " channels");
        }
        int n = series.length / expectedChannels;
        if (n < windows.length()) {
            throw new IllegalArgumentException(
                    "The series has " + n + " time steps, fewer than the window length " + windows.length());
        }
        return n;
    }

    private double[] checkFinite(double[] series) {
        for (int i = 0; i < series.length; i++) {
            if (!Double.isFinite(series[i])) {
                throw new IllegalArgumentException("Time step " + i / channels + ", channel " + i % channels + " is "
                        + series[i] + "; every value must be finite");
            }
        }
        return series;
    }

    /**
     * Closes the Tribuo model when it is closeable (every dmad model is: it releases native memory, and a closed dmad
     * model refuses to score from then on).
     *
     * @throws IllegalStateException when the model's close fails with a checked exception.
     */
    @Override
    public void close() {
        if (model instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("Closing the model failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "SeriesModel(" + windows + ",channels=" + channels + ",normalized=" + (normalizer != null) + ",model="
                + model.getClass().getSimpleName() + ")";
    }
}
