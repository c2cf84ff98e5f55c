package org.dmad.evaluation.timeseries;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dmad.evaluation.metrics.Metrics;

/**
 * Accuracy measures for time-series anomaly scores, defined as TSB-AD computes them (Liu and Paparrizos, "The
 * Elephant in the Room: Towards A Reliable Time-Series Anomaly Detection Benchmark", NeurIPS 2024), so that dmad's
 * numbers can be set beside its leaderboard. Labels are 0/1 per time step, scores are finite with higher meaning
 * more anomalous, and an anomaly segment is a maximal run of consecutive 1s.
 *
 * <p>Which to report: VUS-PR is the measure TSB-AD found most reliable; AUC-PR is its point-wise counterpart.
 * Threshold-dependent F1 variants are oracle values (the best threshold chosen with the labels) and so are upper
 * bounds, not deployable scores. Never compare a point-adjusted F1 with any other F1.
 *
 * <p>Threshold searches: {@link #bestF1} tries every distinct score. The other F1 variants default to TSB-AD's
 * search, {@link ThresholdSearch#TSB_AD_GRID}: 100 thresholds evenly spaced from the lowest to the highest score,
 * points strictly above the threshold flagged; {@link ThresholdSearch#ALL_SCORES} gives the exact oracle, never
 * lower.
 */
public final class TimeSeriesMetrics {

    /** Number of thresholds in TSB-AD's grid search for the PA, event and range F1. */
    public static final int GRID_THRESHOLDS = 100;

    private TimeSeriesMetrics() {}

    /** How the oracle threshold of an F1 variant is searched. */
    public enum ThresholdSearch {
        /**
         * TSB-AD's search: {@code numpy.linspace(min, max, 100)}, flagging {@code score > threshold}. Matches its
         * published numbers; can miss the best threshold when scores crowd between two grid points.
         */
        TSB_AD_GRID,
        /** Every distinct score, flagging {@code score >= threshold}: the exact oracle, O(n log n). */
        ALL_SCORES
    }

    /**
     * An F1 value at the threshold that maximised it.
     *
     * @param f1        the F1, {@code 2 precision recall / (precision + recall)}, 0 when both are 0.
     * @param precision the precision in the metric's own sense (point, point-adjusted, ...).
     * @param recall    the recall in the metric's own sense.
     * @param threshold the points scoring at least this are flagged (for grid searches, the smallest flagged
     *                  score; +infinity when flagging nothing was best).
     */
    public record F1Score(double f1, double precision, double recall, double threshold) {}

    /**
     * The time-series measures of one score vector, for the benchmark harness.
     *
     * @param aurocPoint point-wise AUROC.
     * @param auprPoint  point-wise average precision (AUC-PR).
     * @param vusPr      VUS-PR.
     * @param vusRoc     VUS-ROC.
     * @param bestF1     point-wise F1 at the oracle threshold (TSB-AD "Standard-F1").
     * @param paF1       point-adjusted F1 at the oracle threshold (TSB-AD "PA-F1"; optimistic, see
     *                   {@link #pointAdjustedF1}).
     * @param eventF1    event-based F1 at the oracle threshold (TSB-AD "Event-based-F1").
     * @param rangeF1    range-based F1 at the oracle threshold (TSB-AD "R-based-F1").
     * @param window     the VUS maximum buffer (the series' dominant period).
     */
    public record TimeSeriesScores(
            double aurocPoint,
            double auprPoint,
            double vusPr,
            double vusRoc,
            double bestF1,
            double paF1,
            double eventF1,
            double rangeF1,
            int window) {

        /**
         * The measures as ordered string facts for JSON and result files.
         *
         * @return {@code auroc_point, aupr_point, vus_pr, vus_roc, best_f1, pa_f1, event_f1, range_f1,
         *         vus_window}.
         */
        public Map<String, String> toMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("auroc_point", num(aurocPoint));
            m.put("aupr_point", num(auprPoint));
            m.put("vus_pr", num(vusPr));
            m.put("vus_roc", num(vusRoc));
            m.put("best_f1", num(bestF1));
            m.put("pa_f1", num(paF1));
            m.put("event_f1", num(eventF1));
            m.put("range_f1", num(rangeF1));
            m.put("vus_window", Integer.toString(window));
            return m;
        }

        private static String num(double v) {
            return String.format(Locale.ROOT, "%.6f", v);
        }
    }

    /**
     * All measures with TSB-AD's settings: the VUS buffer is the dominant period of {@code channel0}.
     *
     * @param labels   0/1 per time step, with both classes present.
     * @param scores   finite scores, higher = more anomalous.
     * @param channel0 the series (first channel of multivariate data), used only to choose the VUS window.
     * @return the measures.
     * @throws IllegalArgumentException on invalid input (see {@link #pointAuroc}).
     */
    public static TimeSeriesScores evaluate(int[] labels, double[] scores, double[] channel0) {
        check(labels, scores, true);
        int window = Periodicity.dominantPeriod(channel0);
        Vus.Volumes vus = Vus.compute(labels, scores, window);
        return new TimeSeriesScores(
                pointAuroc(labels, scores),
                pointAupr(labels, scores),
                vus.pr(),
                vus.roc(),
                bestF1(labels, scores).f1(),
                pointAdjustedF1(labels, scores).f1(),
                eventF1(labels, scores).f1(),
                rangeF1(labels, scores).f1(),
                window);
    }

    /**
     * Point-wise AUROC (TSB-AD "AUC-ROC"), tied scores counted as one half ({@link Metrics#auroc}). Blind to time:
     * the trap is that a detector that fires a little early or late on a long segment is punished point by point.
     *
     * @param labels 0/1 per time step, with both classes present.
     * @param scores finite scores of the same length.
     * @return AUROC in [0, 1].
     * @throws IllegalArgumentException when the arrays are empty or differ in length, a label is not 0/1, a score
     *                                  is not finite, or one class is missing.
     */
    public static double pointAuroc(int[] labels, double[] scores) {
        check(labels, scores, true);
        return Metrics.auroc(labels, scores);
    }

    /**
     * Point-wise average precision (TSB-AD "AUC-PR", scikit-learn's average_precision_score), one step per
     * distinct score ({@link Metrics#averagePrecision}).
     *
     * @param labels 0/1 per time step, with both classes present.
     * @param scores finite scores of the same length.
     * @return AP in [0, 1].
     * @throws IllegalArgumentException on invalid input (see {@link #pointAuroc}).
     */
    public static double pointAupr(int[] labels, double[] scores) {
        check(labels, scores, true);
        return Metrics.averagePrecision(labels, scores);
    }

    /**
     * Point-wise F1 at the oracle threshold (TSB-AD "Standard-F1"): the maximum over every distinct score
     * {@code c} of the F1 of flagging {@code score >= c}. TSB-AD adds 1e-5 to the denominator (its values are up
     * to 1e-5 lower); ties between thresholds go to the lowest one, as its argmax does. It is an upper bound: the
     * threshold is chosen with the labels. O(n log n).
     *
     * @param labels 0/1 per time step, with at least one anomaly.
     * @param scores finite scores of the same length.
     * @return F1, point precision and recall, and the threshold.
     * @throws IllegalArgumentException on invalid input or when there is no anomaly.
     */
    public static F1Score bestF1(int[] labels, double[] scores) {
        check(labels, scores, false);
        return best(labels, scores, ThresholdSearch.ALL_SCORES, Variant.POINT);
    }

    /**
     * Point-adjusted F1 (TSB-AD "PA-F1") at TSB-AD's grid of thresholds; see
     * {@link #pointAdjustedF1(int[], double[], ThresholdSearch)}.
     *
     * @param labels 0/1 per time step, with at least one anomaly.
     * @param scores finite scores of the same length.
     * @return PA-F1 with its (adjusted) precision and recall.
     * @throws IllegalArgumentException on invalid input or when there is no anomaly.
     */
    public static F1Score pointAdjustedF1(int[] labels, double[] scores) {
        return pointAdjustedF1(labels, scores, ThresholdSearch.TSB_AD_GRID);
    }

    /**
     * Point-adjusted F1 (Xu et al., "Unsupervised Anomaly Detection via Variational Auto-Encoder for Seasonal KPIs
     * in Web Applications", WWW 2018): once any point of an anomaly segment is flagged, every point of that
     * segment counts as detected; false positives are unchanged. The best value over the threshold search.
     *
     * <p><b>Warning: optimistic.</b> Kim et al. ("Towards a Rigorous Evaluation of Time-Series Anomaly Detection",
     * AAAI 2022) show that random scores reach a high PA-F1 on long segments, often beating trained detectors. Use
     * it only to compare with published PA-F1 numbers, and never compare it with an F1 computed without point
     * adjustment. Differs from TSB-AD in one corner: TSB-AD's backward fill stops before index 0, so a segment
     * starting at the first time step is not fully credited there; this method credits it.
     *
     * @param labels 0/1 per time step, with at least one anomaly.
     * @param scores finite scores of the same length.
     * @param search how the oracle threshold is searched.
     * @return PA-F1 with its (adjusted) precision and recall.
     * @throws IllegalArgumentException on invalid input or when there is no anomaly.
     */
    public static F1Score pointAdjustedF1(int[] labels, double[] scores, ThresholdSearch search) {
        check(labels, scores, false);
        return best(labels, scores, search, Variant.POINT_ADJUSTED);
    }

    /**
     * Event-based F1 (TSB-AD "Event-based-F1") at TSB-AD's grid of thresholds; see
     * {@link #eventF1(int[], double[], ThresholdSearch)}.
     *
     * @param labels 0/1 per time step, with at least one anomaly.
     * @param scores finite scores of the same length.
     * @return event F1 with its point precision and event recall.
     * @throws IllegalArgumentException on invalid input or when there is no anomaly.
     */
    public static F1Score eventF1(int[] labels, double[] scores) {
        return eventF1(labels, scores, ThresholdSearch.TSB_AD_GRID);
    }

    /**
     * Event-based F1 as TSB-AD defines "Event-based-F1": recall counts events, precision counts points. Event
     * recall is the fraction of anomaly segments holding at least one flagged point; precision is the ordinary
     * point precision {@code flagged anomalies / flagged points} (0 when nothing is flagged); F1 is their harmonic
     * mean, best over the threshold search. The trap it addresses: point recall lets one long segment outweigh
     * many short ones, and point adjustment inflates precision; here each event counts once while every false
     * alarm still costs precision. TSB-AD's segment finder drops the last time step of a segment that runs to the
     * end of the series (and misses a one-point segment there); this method keeps it. TSB-AD also adds 1e-15 to
     * the denominator, which changes nothing visible.
     *
     * @param labels 0/1 per time step, with at least one anomaly.
     * @param scores finite scores of the same length.
     * @param search how the oracle threshold is searched.
     * @return event F1 with its point precision and event recall.
     * @throws IllegalArgumentException on invalid input or when there is no anomaly.
     */
    public static F1Score eventF1(int[] labels, double[] scores, ThresholdSearch search) {
        check(labels, scores, false);
        return best(labels, scores, search, Variant.EVENT);
    }

    /**
     * Range-based F1 (Tatbul et al., "Precision and Recall for Time Series", NeurIPS 2018) as TSB-AD's
     * "R-based-F1": flat positional bias, cardinality factor {@code 1 / (number of overlapping ranges)}, range
     * recall with existence weight {@code alpha = 0.2}, range precision with {@code alpha = 0}, at the best of
     * TSB-AD's 100 grid thresholds (O(100 n); there is no all-scores search, which would cost O(n^2)).
     *
     * <p>Range recall averages over true segments {@code R}: {@code 0.2 [R holds a flagged point] + 0.8 (flagged
     * fraction of R) / (predicted ranges touching R)}. Range precision averages over predicted ranges {@code Q}:
     * {@code (anomalous fraction of Q) / (true segments touching Q)}. The trap it addresses: point metrics ignore
     * that one fragmented detection of a segment is worse than one clean detection; the cardinality factor
     * charges fragmentation.
     *
     * @param labels 0/1 per time step, with at least one anomaly.
     * @param scores finite scores of the same length.
     * @return range F1 with range precision and range recall.
     * @throws IllegalArgumentException on invalid input or when there is no anomaly.
     */
    public static F1Score rangeF1(int[] labels, double[] scores) {
        check(labels, scores, false);
        RangeMetrics.Ranges truth = RangeMetrics.ranges(labels);
        int[] truthSums = new int[labels.length + 1];
        for (int i = 0; i < labels.length; i++) {
            truthSums[i + 1] = truthSums[i] + labels[i];
        }
        double[] grid = grid(scores);
        int[] start = new int[(scores.length + 1) / 2];
        int[] end = new int[start.length];
        F1Score best = null;
        for (double threshold : grid) {
            double[] prf = RangeMetrics.scoresAbove(truth, truthSums, scores, threshold, start, end);
            if (best == null || prf[2] > best.f1()) {
                best = new F1Score(prf[2], prf[0], prf[1], smallestAbove(scores, threshold));
            }
        }
        return best;
    }

    /**
     * VUS-PR with the window chosen from the series as TSB-AD does ({@link Periodicity#dominantPeriod}).
     *
     * @param labels         0/1 per time step, with both classes present.
     * @param scores         finite scores of the same length.
     * @param seriesChannel0 the series, or its first channel.
     * @return VUS-PR in [0, 1].
     * @throws IllegalArgumentException on invalid input (see {@link #pointAuroc}).
     */
    public static double vusPr(int[] labels, double[] scores, double[] seriesChannel0) {
        return vusPr(labels, scores, Periodicity.dominantPeriod(seriesChannel0));
    }

    /**
     * VUS-PR (Paparrizos et al., "Volume Under the Surface", PVLDB 2022) as TSB-AD's {@code get_metrics} computes
     * it ({@code version='opt'}, {@code thre=250}): the mean over buffer lengths {@code w = 0..slidingWindow} of the
     * range AUC-PR, where each anomaly segment is widened by {@code w / 2} points on each side with soft labels
     * {@code sqrt(1 - d / w)}, the range recall is multiplied by the fraction of (widened) segments touched, and
     * 250 thresholds are taken at evenly spaced ranks of the sorted scores. The trap it addresses: point-wise
     * measures punish a detector whose scores lag or lead the labelled segment by a few steps (sliding windows make
     * this systematic), and F1 variants need a threshold; VUS needs neither a threshold nor a hand-picked buffer.
     * With {@code slidingWindow = 0} it is the range AUC-PR of the plain labels: point recall times the fraction
     * of segments touched. Older VUS code (the VUS package, TSB-UAD) averaged buffers {@code 0..2 slidingWindow}
     * with a different recall; pass {@code 2 * window} only to approximate those numbers.
     *
     * @param labels        0/1 per time step, with both classes present.
     * @param scores        finite scores of the same length.
     * @param slidingWindow the largest buffer length, at least 0 (TSB-AD uses the series' dominant period).
     * @return VUS-PR in [0, 1].
     * @throws IllegalArgumentException on invalid input (see {@link #pointAuroc}) or a negative window.
     */
    public static double vusPr(int[] labels, double[] scores, int slidingWindow) {
        return volumes(labels, scores, slidingWindow).pr();
    }

    /**
     * VUS-ROC with the window chosen from the series as TSB-AD does ({@link Periodicity#dominantPeriod}).
     *
     * @param labels         0/1 per time step, with both classes present.
     * @param scores         finite scores of the same length.
     * @param seriesChannel0 the series, or its first channel.
     * @return VUS-ROC in [0, 1].
     * @throws IllegalArgumentException on invalid input (see {@link #pointAuroc}).
     */
    public static double vusRoc(int[] labels, double[] scores, double[] seriesChannel0) {
        return vusRoc(labels, scores, Periodicity.dominantPeriod(seriesChannel0));
    }

    /**
     * VUS-ROC, the ROC counterpart of {@link #vusPr(int[], double[], int)}: the mean over buffer lengths of the
     * trapezoidal area of (range FPR, range TPR) from (0, 0) through the 250 thresholds to (1, 1), where the range
     * FPR is {@code (flagged - TP) / (n - P')} with {@code P'} the mean of the true and the soft positive mass.
     * With {@code slidingWindow = 0} and a single segment it equals the point AUROC (for up to 250 points).
     *
     * @param labels        0/1 per time step, with both classes present.
     * @param scores        finite scores of the same length.
     * @param slidingWindow the largest buffer length, at least 0.
     * @return VUS-ROC in [0, 1].
     * @throws IllegalArgumentException on invalid input (see {@link #pointAuroc}) or a negative window.
     */
    public static double vusRoc(int[] labels, double[] scores, int slidingWindow) {
        return volumes(labels, scores, slidingWindow).roc();
    }

    private static Vus.Volumes volumes(int[] labels, double[] scores, int slidingWindow) {
        check(labels, scores, true);
        if (slidingWindow < 0) {
            throw new IllegalArgumentException("The VUS sliding window is " + slidingWindow + ": must be >= 0");
        }
        return Vus.compute(labels, scores, slidingWindow);
    }

    private enum Variant {
        POINT,
        POINT_ADJUSTED,
        EVENT
    }

    private static F1Score best(int[] labels, double[] scores, ThresholdSearch search, Variant variant) {
        TimeSeriesMetricsSweep sweep = new TimeSeriesMetricsSweep(labels, scores);
        boolean inclusive = search == ThresholdSearch.ALL_SCORES;
        double[] thresholds = inclusive ? sweep.distinctScores() : grid(scores);
        F1Score best = null;
        for (double threshold : thresholds) {
            TimeSeriesMetricsSweep.Counts c = sweep.at(threshold, inclusive);
            double precision;
            double recall;
            switch (variant) {
                case POINT -> {
                    precision = ratio(c.truePositives(), c.flagged());
                    recall = ratio(c.truePositives(), sweep.anomalies());
                }
                case POINT_ADJUSTED -> {
                    long falsePositives = c.flagged() - c.truePositives();
                    precision = ratio(c.detectedLength(), c.detectedLength() + falsePositives);
                    recall = ratio(c.detectedLength(), sweep.anomalies());
                }
                default -> {
                    precision = ratio(c.truePositives(), c.flagged());
                    recall = ratio(c.detectedSegments(), sweep.segments());
                }
            }
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (best == null || f1 > best.f1()) {
                best = new F1Score(f1, precision, recall, inclusive ? threshold : sweep.smallestAbove(threshold));
            }
        }
        return best;
    }

    /** {@code numpy.linspace(min, max, 100)}: {@code min + i (max - min) / 99}, the last one exactly max. */
    static double[] grid(double[] scores) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        double step = (max - min) / (GRID_THRESHOLDS - 1);
        double[] grid = new double[GRID_THRESHOLDS];
        for (int i = 0; i < GRID_THRESHOLDS; i++) {
            grid[i] = i * step + min;
        }
        grid[GRID_THRESHOLDS - 1] = max;
        return grid;
    }

    private static double smallestAbove(double[] scores, double threshold) {
        double smallest = Double.POSITIVE_INFINITY;
        for (double s : scores) {
            if (s > threshold) {
                smallest = Math.min(smallest, s);
            }
        }
        return smallest;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /**
     * Refuses input on which the measures are undefined, naming the problem.
     *
     * @param needNormals whether the measure also needs at least one normal point (ranking measures do).
     */
    static void check(int[] labels, double[] scores, boolean needNormals) {
        if (labels == null || scores == null) {
            throw new IllegalArgumentException("Labels and scores must not be null");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("No time steps: labels and scores are empty");
        }
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(
                    "Length mismatch: " + labels.length + " labels but " + scores.length + " scores");
        }
        int anomalies = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("Label " + i + " is " + labels[i] + ": labels must be 0 or 1");
            }
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException(
                        "Score " + i + " is " + scores[i] + " (NaN or infinite): scores " + "must be finite");
            }
            anomalies += labels[i];
        }
        if (anomalies == 0) {
            throw new IllegalArgumentException("No anomalies in the labels: the measure is undefined without one");
        }
        if (needNormals && anomalies == labels.length) {
            throw new IllegalArgumentException("No normal points: every one of the " + labels.length
                    + " labels is an anomaly, and the measure needs both classes");
        }
    }
}
