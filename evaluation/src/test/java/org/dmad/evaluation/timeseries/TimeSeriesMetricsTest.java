package org.dmad.evaluation.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dmad.evaluation.metrics.Metrics;
import org.dmad.evaluation.timeseries.TimeSeriesMetrics.F1Score;
import org.dmad.evaluation.timeseries.TimeSeriesMetrics.ThresholdSearch;
import org.dmad.evaluation.timeseries.TimeSeriesMetrics.TimeSeriesScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TimeSeriesMetricsTest {

    /** 10 points, one anomaly segment [4, 6]; the detector flags only its middle point. */
    private static final int[] ONE_SEGMENT = {0, 0, 0, 0, 1, 1, 1, 0, 0, 0};

    private static final double[] MIDDLE_ONLY = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0};

    @Test
    void oneFlaggedPointMakesThePointAdjustedF1PerfectButNotThePointF1() {
        // Point F1: flagging {5} gives P = 1, R = 1/3, F1 = 0.5; flagging all gives P = 0.3, R = 1, F1 = 6/13.
        F1Score point = TimeSeriesMetrics.bestF1(ONE_SEGMENT, MIDDLE_ONLY);
        assertEquals(0.5, point.f1(), 1e-12);
        assertEquals(1.0, point.precision(), 1e-12);
        assertEquals(1.0 / 3, point.recall(), 1e-12);
        assertEquals(1.0, point.threshold(), 0);
        // PA: grid threshold 0 flags {5}; the whole segment {4, 5, 6} counts as found, no false alarm: PA-F1 = 1.
        F1Score adjusted = TimeSeriesMetrics.pointAdjustedF1(ONE_SEGMENT, MIDDLE_ONLY);
        assertEquals(1.0, adjusted.f1(), 1e-12);
        assertEquals(1.0, adjusted.threshold(), 0);
        // Event: 1 of 1 segment touched, point precision 1/1: 1.
        assertEquals(1.0, TimeSeriesMetrics.eventF1(ONE_SEGMENT, MIDDLE_ONLY).f1(), 1e-12);
        // Range: recall = 0.2 * 1 + 0.8 * (1/3) / 1 = 7/15; precision of the predicted range [5, 5] = 1.
        // F1 = 2 (7/15) / (22/15) = 7/11.
        F1Score range = TimeSeriesMetrics.rangeF1(ONE_SEGMENT, MIDDLE_ONLY);
        assertEquals(7.0 / 11, range.f1(), 1e-12);
        assertEquals(7.0 / 15, range.recall(), 1e-12);
        assertEquals(1.0, range.precision(), 1e-12);
    }

    @Test
    void eventF1CountsSegmentsForRecallAndPointsForPrecision() {
        // Segments [1, 5] and [8, 8]; flagged {0 (false alarm), 2}.
        int[] y = {0, 1, 1, 1, 1, 1, 0, 0, 1, 0};
        double[] s = {1, 0, 1, 0, 0, 0, 0, 0, 0, 0};
        // Grid (threshold 0, score > 0 flagged): event recall 1/2, point precision 1/2 -> 0.5.
        assertEquals(0.5, TimeSeriesMetrics.eventF1(y, s).f1(), 1e-12);
        // All scores also tries score >= 0 (everything): recall 1, precision 6/10 -> 0.75, the exact oracle.
        assertEquals(
                0.75,
                TimeSeriesMetrics.eventF1(y, s, ThresholdSearch.ALL_SCORES).f1(),
                1e-12);
        // PA at {0, 2}: segment [1, 5] credited: TP 5, FP 1, FN 1 -> P = R = 5/6. Flagging all is worse (0.75).
        assertEquals(5.0 / 6, TimeSeriesMetrics.pointAdjustedF1(y, s).f1(), 1e-12);
        assertEquals(
                5.0 / 6,
                TimeSeriesMetrics.pointAdjustedF1(y, s, ThresholdSearch.ALL_SCORES)
                        .f1(),
                1e-12);
        // Point F1 at {0, 2}: P 1/2, R 1/6 -> 0.25; all: P 0.6, R 1 -> 0.75.
        assertEquals(0.75, TimeSeriesMetrics.bestF1(y, s).f1(), 1e-12);
        // Range at {0, 2}: recall = (0.2 + 0.8 (1/5) / 1 + 0) / 2 = 0.18; precision = (0 + 1) / 2 = 0.5.
        // F1 = 2 * 0.18 * 0.5 / 0.68.
        assertEquals(0.18 / 0.68, TimeSeriesMetrics.rangeF1(y, s).f1(), 1e-12);
    }

    @Test
    void rangeF1ChargesFragmentedDetectionsThatPointF1CannotSee() {
        int[] y = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
        // Both flag 3 of the 6 anomalous points and nothing else: point F1 = 2 (1) (1/2) / 1.5 = 2/3 for both
        // (flagging everything gives only 2 (6/14) / (6/14 + 1) = 0.6).
        double[] fragmented = {0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0};
        double[] contiguous = {0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(2.0 / 3, TimeSeriesMetrics.bestF1(y, fragmented).f1(), 1e-12);
        assertEquals(2.0 / 3, TimeSeriesMetrics.bestF1(y, contiguous).f1(), 1e-12);
        // Fragmented: recall = 0.2 + 0.8 (3/6) / 3 predicted ranges = 1/3; precision 1 -> F1 = 0.5.
        assertEquals(0.5, TimeSeriesMetrics.rangeF1(y, fragmented).f1(), 1e-12);
        // Contiguous: recall = 0.2 + 0.8 (3/6) / 1 = 0.6; precision 1 -> F1 = 0.75.
        assertEquals(0.75, TimeSeriesMetrics.rangeF1(y, contiguous).f1(), 1e-12);
    }

    @Test
    void vusWithBufferZeroIsTheRangeCurveOfThePlainLabels() {
        // Buffer 0 adds no soft labels, so TPR = point recall x (segments touched / segments). With one segment
        // and at most 250 points every rank is a threshold, so VUS-PR(0) is the point AP and VUS-ROC(0) the AUROC.
        // Here: AP = (1/3)(1) + (2/3)(0.3) = 8/15; AUROC = (7 + 0.5 * 14) / 21 = 2/3.
        assertEquals(8.0 / 15, TimeSeriesMetrics.vusPr(ONE_SEGMENT, MIDDLE_ONLY, 0), 1e-12);
        assertEquals(2.0 / 3, TimeSeriesMetrics.vusRoc(ONE_SEGMENT, MIDDLE_ONLY, 0), 1e-12);
        int n = 200;
        int[] y = new int[n];
        for (int i = 60; i < 90; i++) {
            y[i] = 1;
        }
        double[] s = wave(n, y, 0);
        assertEquals(Metrics.averagePrecision(y, s), TimeSeriesMetrics.vusPr(y, s, 0), 1e-12);
        assertEquals(Metrics.auroc(y, s), TimeSeriesMetrics.vusRoc(y, s, 0), 1e-12);
        // Two segments [1, 2] and [6, 6]; scores rank 1 > 6 > 2 > the rest. Thresholds (every rank):
        //   {1}: recall 1/3, 1 of 2 segments -> TPR 1/6, precision 1
        //   {1, 6}: recall 2/3, both -> TPR 2/3, precision 1
        //   {1, 6, 2}: TPR 1, precision 1; then TPR stays 1.
        // Range AUC-PR = 1/6 + 1/2 + 1/3 = 1 (a perfect ranking).
        // Against a false alarm at 0 ranked first: {0}: TPR 0; {0, 1}: 1/6, P 1/2; {0, 1, 6}: 2/3, P 2/3;
        //   {0, 1, 6, 2}: 1, P 3/4 -> 1/6 * 1/2 + 1/2 * 2/3 + 1/3 * 3/4 = 1/12 + 1/3 + 1/4 = 2/3.
        int[] two = {0, 1, 1, 0, 0, 0, 1, 0};
        assertEquals(1.0, TimeSeriesMetrics.vusPr(two, new double[] {0, 8, 6, 0, 0, 0, 7, 0}, 0), 1e-12);
        assertEquals(2.0 / 3, TimeSeriesMetrics.vusPr(two, new double[] {9, 8, 6, 0, 0, 0, 7, 0}, 0), 1e-12);
    }

    @Test
    void vusCreditsALateDetectionThroughTheSoftBuffer() {
        // Segment [4, 5]; the detector fires one step late, at 6. Thresholds: score 1 ({6}) at 28 ranks, then 0.
        int[] y = {0, 0, 0, 0, 1, 1, 0, 0, 0, 0};
        double[] s = {0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
        // Buffers 0 and 1 (w / 2 = 0): plain labels. {6}: TPR 0, FPR 1/8; all: TPR 1, FPR 1, precision 0.2.
        //   ROC = (7/8)(1/2) = 7/16 (the point AUROC); PR = 1 x 0.2.
        // Buffer 2: points 3 and 6 get sqrt(1 - 1/2) = r; one extended range [3, 6].
        //   {6}: TP = r, P' = (2 + 2 + r) / 2, TPR = r / P', FPR = (1 - r) / (10 - P'), precision r.
        //   all: TP = 2 + 2r, P' = (4 + 2r) / 2, TPR = 1 (capped), FPR = (8 - 2r) / (10 - P'), precision TP / 10.
        double r = Math.sqrt(0.5);
        double p1 = (4 + r) / 2;
        double tpr1 = r / p1;
        double fpr1 = (1 - r) / (10 - p1);
        double fpr2 = (8 - 2 * r) / (10 - (4 + 2 * r) / 2);
        double roc2 = fpr1 * tpr1 / 2 + (fpr2 - fpr1) * (1 + tpr1) / 2 + (1 - fpr2);
        double pr2 = tpr1 * r + (1 - tpr1) * (2 + 2 * r) / 10;
        assertEquals((7.0 / 16 + 7.0 / 16 + roc2) / 3, TimeSeriesMetrics.vusRoc(y, s, 2), 1e-12);
        assertEquals((0.2 + 0.2 + pr2) / 3, TimeSeriesMetrics.vusPr(y, s, 2), 1e-12);
        assertTrue(TimeSeriesMetrics.vusPr(y, s, 2) > TimeSeriesMetrics.vusPr(y, s, 0));
    }

    @Test
    void perfectScoresGiveOneForEveryMeasure() {
        int[] y = new int[300];
        for (int[] seg : new int[][] {{20, 29}, {100, 100}, {150, 199}, {260, 270}}) {
            for (int i = seg[0]; i <= seg[1]; i++) {
                y[i] = 1;
            }
        }
        // Binary scores: the top rank threshold flags exactly the anomalies. (With distinct scores and more than
        // 250 points the 250 rank thresholds may skip the exact cut, and VUS-PR falls just short of 1, in TSB-AD
        // as here.)
        double[] s = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            s[i] = y[i];
        }
        double[] channel = new double[y.length];
        for (int i = 0; i < channel.length; i++) {
            channel[i] = StrictMath.sin(2 * Math.PI * i / 30);
        }
        TimeSeriesScores all = TimeSeriesMetrics.evaluate(y, s, channel);
        for (double v : List.of(
                all.aurocPoint(),
                all.auprPoint(),
                all.vusPr(),
                all.vusRoc(),
                all.bestF1(),
                all.paF1(),
                all.eventF1(),
                all.rangeF1())) {
            assertEquals(1.0, v, 1e-12, all.toString());
        }
        assertEquals(30, all.window(), 1);
    }

    @Test
    void constantScoresGiveHalfTheAuroc() {
        double[] s = new double[10];
        java.util.Arrays.fill(s, 3.5);
        assertEquals(0.5, TimeSeriesMetrics.pointAuroc(ONE_SEGMENT, s), 1e-12);
        // With no buffer the range ROC is the diagonal too.
        assertEquals(0.5, TimeSeriesMetrics.vusRoc(ONE_SEGMENT, s, 0), 1e-12);
        // Prevalence for the AP; nothing is ever flagged on TSB-AD's grid (no score above the minimum).
        assertEquals(0.3, TimeSeriesMetrics.pointAupr(ONE_SEGMENT, s), 1e-12);
        assertEquals(0.0, TimeSeriesMetrics.pointAdjustedF1(ONE_SEGMENT, s).f1(), 0);
    }

    @Test
    void pointAdjustmentInflatesRandomScores() {
        // Five 100-point segments in 2,000 points and scores from a deterministic hash: no skill at all.
        int n = 2000;
        int[] y = new int[n];
        for (int seg = 0; seg < 5; seg++) {
            for (int i = 0; i < 100; i++) {
                y[200 + seg * 380 + i] = 1;
            }
        }
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double h = StrictMath.sin(i * 12.9898) * 43758.5453;
            s[i] = h - Math.floor(h);
        }
        double point = TimeSeriesMetrics.bestF1(y, s).f1();
        double adjusted = TimeSeriesMetrics.pointAdjustedF1(y, s).f1();
        // Random scores: point F1 stays near the all-flagged value 2 * 0.25 / 1.25 = 0.4; PA-F1 soars.
        assertTrue(point < 0.45, "point F1 " + point);
        assertTrue(adjusted > 0.8, "PA-F1 " + adjusted);
        assertTrue(TimeSeriesMetrics.pointAdjustedF1(y, s, ThresholdSearch.ALL_SCORES)
                        .f1()
                >= adjusted);
    }

    @Test
    void vusIgnoresStrictlyIncreasingTransformsOfTheScores() {
        int n = 500;
        int[] y = segments(n, new int[][] {{50, 79}, {200, 204}, {320, 380}});
        double[] s = wave(n, y, 2);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = Math.exp(3 * s[i]) - 5;
        }
        assertEquals(TimeSeriesMetrics.vusPr(y, s, 17), TimeSeriesMetrics.vusPr(y, t, 17), 1e-12);
        assertEquals(TimeSeriesMetrics.vusRoc(y, s, 17), TimeSeriesMetrics.vusRoc(y, t, 17), 1e-12);
    }

    @Test
    void dominantPeriodFindsTheSinePeriod() {
        double[] sine = new double[3000];
        for (int i = 0; i < sine.length; i++) {
            sine[i] = StrictMath.sin(2 * Math.PI * i / 50);
        }
        assertEquals(50, Periodicity.dominantPeriod(sine), 1);
        // No autocorrelation peak (constant or monotone series): TSB-AD's default of 125.
        assertEquals(Periodicity.DEFAULT_PERIOD, Periodicity.dominantPeriod(new double[100]));
        double[] ramp = new double[1000];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i;
        }
        assertEquals(Periodicity.DEFAULT_PERIOD, Periodicity.dominantPeriod(ramp));
        // A period beyond lag 303 is out of range: default.
        double[] slow = new double[5000];
        for (int i = 0; i < slow.length; i++) {
            slow[i] = StrictMath.sin(2 * Math.PI * i / 350);
        }
        assertEquals(Periodicity.DEFAULT_PERIOD, Periodicity.dominantPeriod(slow));
    }

    /**
     * Reference values from TSB-AD's definitions (get_metrics with version 'opt', thre 250; metric_PointF1,
     * metric_PointF1PA, metric_EventF1PA, metric_RF1, find_length_rank(rank=1)) transcribed to numpy outside this
     * repository (scikit-learn's roc_auc_score, average_precision_score and precision_recall_curve re-expressed in
     * numpy) and run on the arrays below, which {@link #referenceLabels()} and {@link #referenceScores} rebuild:
     * n = 600, segments [40, 49], [120, 122], [200, 259], [330, 330], [400, 415], [500, 507] (none touches either
     * end, where TSB-AD's segment handling differs), scores {@code 0.5 + 0.3 sin(0.21 i) cos(0.017 i) + 0.6
     * y[i - 3] (0.6 + 0.4 cos(1.3 i))} (a detector three steps late), series {@code sin(2 pi i / 37) + 0.2
     * cos(0.9 i)}.
     */
    @Test
    void matchesTsbAdOnADeterministicSeries() {
        int[] y = referenceLabels();
        double[] s = referenceScores(y);
        assertEquals(0.848625904545085, TimeSeriesMetrics.pointAuroc(y, s), 1e-12);
        assertEquals(0.6187349773547693, TimeSeriesMetrics.pointAupr(y, s), 1e-12);
        // TSB-AD divides by (P + R + 1e-5): its Standard-F1 is at most 1e-5 lower than the exact value.
        double standard = TimeSeriesMetrics.bestF1(y, s).f1();
        assertTrue(standard - 0.6092669672723466 > 0 && standard - 0.6092669672723466 < 1e-5, "F1 " + standard);
        assertEquals(0.9543147208121827, TimeSeriesMetrics.pointAdjustedF1(y, s).f1(), 1e-12);
        assertEquals(0.7531380753138069, TimeSeriesMetrics.eventF1(y, s).f1(), 1e-12);
        assertEquals(0.3999469298943905, TimeSeriesMetrics.rangeF1(y, s).f1(), 1e-12);
        assertEquals(0.7308063663712496, TimeSeriesMetrics.vusRoc(y, s, 0), 1e-12);
        assertEquals(0.4962671320116758, TimeSeriesMetrics.vusPr(y, s, 0), 1e-12);
        assertEquals(0.7308063663712496, TimeSeriesMetrics.vusRoc(y, s, 1), 1e-12);
        assertEquals(0.4962671320116758, TimeSeriesMetrics.vusPr(y, s, 1), 1e-12);
        assertEquals(0.7527205935485761, TimeSeriesMetrics.vusRoc(y, s, 2), 1e-12);
        assertEquals(0.5152205129361161, TimeSeriesMetrics.vusPr(y, s, 2), 1e-12);
        assertEquals(0.8999486606626315, TimeSeriesMetrics.vusRoc(y, s, 20), 1e-12);
        assertEquals(0.7354081413502892, TimeSeriesMetrics.vusPr(y, s, 20), 1e-12);
        double[] series = new double[y.length];
        for (int i = 0; i < series.length; i++) {
            series[i] = StrictMath.sin(2 * Math.PI * i / 37) + 0.2 * StrictMath.cos(0.9 * i);
        }
        assertEquals(36, Periodicity.dominantPeriod(series));
        assertEquals(TimeSeriesMetrics.vusPr(y, s, 36), TimeSeriesMetrics.vusPr(y, s, series), 0);
    }

    /**
     * As {@link #matchesTsbAdOnADeterministicSeries}, on a harder case: n = 700, segments [0, 4], [30, 33],
     * [38, 40], [300, 300], [302, 302], [690, 699] (touching both ends, and close enough for buffers to merge),
     * scores {@code numpy.round(|sin(0.37 i)| + 0.8 y[i] |cos(0.5 i)|, 1)}: 17 distinct values, many ties.
     */
    @Test
    void matchesTsbAdWithTiesMergedBuffersAndSegmentsAtBothEnds() {
        int[] y = segments(700, new int[][] {{0, 4}, {30, 33}, {38, 40}, {300, 300}, {302, 302}, {690, 699}});
        double[] s = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            s[i] = Math.rint(10 * (Math.abs(StrictMath.sin(0.37 * i)) + 0.8 * y[i] * Math.abs(StrictMath.cos(0.5 * i))))
                    / 10;
        }
        assertEquals(0.9147867357001972, TimeSeriesMetrics.pointAuroc(y, s), 1e-12);
        assertEquals(0.7699030967308419, TimeSeriesMetrics.pointAupr(y, s), 1e-12);
        assertEquals(0.8805970149253731, TimeSeriesMetrics.rangeF1(y, s).f1(), 1e-12);
        assertEquals(0.9290319366332844, TimeSeriesMetrics.vusRoc(y, s, 3), 1e-12);
        assertEquals(0.773718852778106, TimeSeriesMetrics.vusPr(y, s, 3), 1e-12);
        assertEquals(0.946026779942117, TimeSeriesMetrics.vusRoc(y, s, 15), 1e-12);
        assertEquals(0.7794412249923091, TimeSeriesMetrics.vusPr(y, s, 15), 1e-12);
    }

    @Test
    void segmentsAtTheSeriesEndsAreCreditedInFull() {
        // A segment starting at index 0, found at index 1: the whole segment counts, PA-F1 = 1. (TSB-AD's backward
        // fill stops before index 0 and gives 2 * 2 / (2 * 2 + 1) = 0.8: the one place this method differs.)
        assertEquals(
                1.0,
                TimeSeriesMetrics.pointAdjustedF1(
                                new int[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0}, new double[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 0})
                        .f1(),
                1e-12);
        // A one-point segment at the last index, flagged: both events found, event F1 = 1. (TSB-AD's segment finder
        // ends that segment one step early, so it is never found: its value is 2 (1/2)(1) / (3/2) = 2/3.)
        int[] y = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        double[] s = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        assertEquals(1.0, TimeSeriesMetrics.eventF1(y, s).f1(), 1e-12);
    }

    @Test
    void evaluateReportsEveryMeasureInOrder() {
        int[] y = referenceLabels();
        double[] s = referenceScores(y);
        double[] series = new double[y.length];
        for (int i = 0; i < series.length; i++) {
            series[i] = StrictMath.sin(2 * Math.PI * i / 37) + 0.2 * StrictMath.cos(0.9 * i);
        }
        TimeSeriesScores all = TimeSeriesMetrics.evaluate(y, s, series);
        assertEquals(36, all.window());
        assertEquals(TimeSeriesMetrics.vusPr(y, s, 36), all.vusPr(), 0);
        assertEquals(TimeSeriesMetrics.vusRoc(y, s, 36), all.vusRoc(), 0);
        assertEquals(TimeSeriesMetrics.eventF1(y, s).f1(), all.eventF1(), 0);
        Map<String, String> facts = all.toMap();
        assertEquals(
                List.of(
                        "auroc_point",
                        "aupr_point",
                        "vus_pr",
                        "vus_roc",
                        "best_f1",
                        "pa_f1",
                        "event_f1",
                        "range_f1",
                        "vus_window"),
                List.copyOf(facts.keySet()));
        assertEquals("0.848626", facts.get("auroc_point"));
        assertEquals("36", facts.get("vus_window"));
    }

    @Test
    void refusesInputOnWhichTheMeasuresAreUndefined() {
        int[] y = {0, 1, 0};
        double[] s = {0.1, 0.9, 0.2};
        expect("NaN", () -> TimeSeriesMetrics.bestF1(y, new double[] {0.1, Double.NaN, 0.2}));
        expect("Length mismatch", () -> TimeSeriesMetrics.vusPr(y, new double[] {0.1, 0.2}, 3));
        expect("empty", () -> TimeSeriesMetrics.pointAuroc(new int[0], new double[0]));
        expect("No anomalies", () -> TimeSeriesMetrics.eventF1(new int[] {0, 0, 0}, s));
        expect("No anomalies", () -> TimeSeriesMetrics.rangeF1(new int[] {0, 0, 0}, s));
        expect("No normal points", () -> TimeSeriesMetrics.vusRoc(new int[] {1, 1, 1}, s, 2));
        expect("labels must be 0 or 1", () -> TimeSeriesMetrics.pointAdjustedF1(new int[] {0, 2, 0}, s));
        expect("window", () -> TimeSeriesMetrics.vusPr(y, s, -1));
        expect("finite", () -> Periodicity.dominantPeriod(new double[] {1, Double.POSITIVE_INFINITY}));
        expect("empty", () -> Periodicity.dominantPeriod(new double[0]));
    }

    private static void expect(String fragment, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static int[] referenceLabels() {
        return segments(600, new int[][] {{40, 49}, {120, 122}, {200, 259}, {330, 330}, {400, 415}, {500, 507}});
    }

    private static double[] referenceScores(int[] y) {
        double[] s = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            int late = i >= 3 ? y[i - 3] : 0;
            s[i] = 0.5
                    + 0.3 * StrictMath.sin(0.21 * i) * StrictMath.cos(0.017 * i)
                    + 0.6 * late * (0.6 + 0.4 * StrictMath.cos(1.3 * i));
        }
        return s;
    }

    private static int[] segments(int n, int[][] inclusive) {
        int[] y = new int[n];
        for (int[] seg : inclusive) {
            for (int i = seg[0]; i <= seg[1]; i++) {
                y[i] = 1;
            }
        }
        return y;
    }

    /** A smooth wave plus a bump over the anomalies, shifted by {@code lag} steps. */
    private static double[] wave(int n, int[] y, int lag) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            int shifted = i >= lag ? y[i - lag] : 0;
            s[i] = 0.4 * StrictMath.sin(0.3 * i) + 0.2 * StrictMath.cos(0.05 * i) + 0.5 * shifted;
        }
        return s;
    }
}
