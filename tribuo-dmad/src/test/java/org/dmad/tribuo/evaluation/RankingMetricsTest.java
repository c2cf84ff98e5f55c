package org.dmad.tribuo.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The primitive-sort metrics against the boxed-sort algorithm they replaced (kept here as the reference), bit for
 * bit, on random data with many ties, signed zeros and both class balances.
 */
class RankingMetricsTest {

    @Test
    void primitiveSortGivesTheBoxedSortsResultsBitForBit() {
        SplittableRandom r = new SplittableRandom(17);
        for (int trial = 0; trial < 400; trial++) {
            int n = 2 + r.nextInt(trial < 200 ? 40 : 3000);
            int distinct = 1 + r.nextInt(trial % 4 == 0 ? 3 : n);
            double anomalyRate = r.nextDouble();
            int[] labels = new int[n];
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                labels[i] = r.nextDouble() < anomalyRate ? 1 : 0;
                int level = r.nextInt(distinct) - distinct / 2;
                scores[i] = level == 0 ? (r.nextBoolean() ? 0.0 : -0.0) : level * 0.37 + (trial % 2) * r.nextDouble();
            }
            labels[0] = 1;
            labels[1] = 0;
            String where = "trial " + trial + " (" + n + " rows)";
            assertEquals(Reference.auroc(labels, scores), RankingMetrics.auroc(labels, scores), 0.0, where);
            assertEquals(
                    Reference.averagePrecision(labels, scores),
                    RankingMetrics.averagePrecision(labels, scores),
                    0.0,
                    where);
            assertEquals(Reference.curve(labels, scores, true), RankingMetrics.rocCurve(labels, scores), where);
            assertEquals(Reference.curve(labels, scores, false), RankingMetrics.prCurve(labels, scores), where);
            int k = 1 + r.nextInt(n);
            assertEquals(Reference.f1AtK(labels, scores, k), RankingMetrics.f1AtK(labels, scores, k), 0.0, where);
        }
    }

    @Test
    void signedZerosAreOneScore() {
        int[] labels = {1, 0, 1, 0};
        double[] scores = {0.0, -0.0, -0.0, 0.0};
        assertEquals(0.5, RankingMetrics.auroc(labels, scores), 0.0);
        assertEquals(2, RankingMetrics.rocCurve(labels, scores).size());
    }

    /** The boxed {@code Comparator<Integer>} algorithm RankingMetrics used before, unchanged but for its names. */
    private static final class Reference {

        static double auroc(int[] labels, double[] scores) {
            Integer[] order = order(scores, false);
            long pos = positives(labels);
            long neg = labels.length - pos;
            double rankSum = 0;
            int i = 0;
            while (i < order.length) {
                int j = i;
                while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                    j++;
                }
                double midRank = (i + j) / 2.0 + 1;
                for (int k = i; k <= j; k++) {
                    if (labels[order[k]] == 1) {
                        rankSum += midRank;
                    }
                }
                i = j + 1;
            }
            return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
        }

        static double averagePrecision(int[] labels, double[] scores) {
            double ap = 0;
            double previousRecall = 0;
            for (RankingMetrics.Point p : curve(labels, scores, false)) {
                ap += (p.x() - previousRecall) * p.y();
                previousRecall = p.x();
            }
            return ap;
        }

        static double f1AtK(int[] labels, double[] scores, int k) {
            long anomalies = positives(labels);
            double[] sorted = scores.clone();
            java.util.Arrays.sort(sorted);
            double threshold = sorted[sorted.length - k];
            int tp = 0;
            int flagged = 0;
            for (int i = 0; i < labels.length; i++) {
                if (scores[i] >= threshold) {
                    flagged++;
                    tp += labels[i];
                }
            }
            double precision = (double) tp / flagged;
            double recall = (double) tp / anomalies;
            return tp == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }

        static List<RankingMetrics.Point> curve(int[] labels, double[] scores, boolean roc) {
            long pos = positives(labels);
            long neg = labels.length - pos;
            List<RankingMetrics.Point> out = new ArrayList<>();
            if (roc) {
                out.add(new RankingMetrics.Point(0, 0));
            }
            Integer[] order = order(scores, true);
            long tp = 0;
            long fp = 0;
            int i = 0;
            while (i < order.length) {
                int j = i;
                while (j < order.length && scores[order[j]] == scores[order[i]]) {
                    if (labels[order[j]] == 1) {
                        tp++;
                    } else {
                        fp++;
                    }
                    j++;
                }
                out.add(
                        roc
                                ? new RankingMetrics.Point((double) fp / neg, (double) tp / pos)
                                : new RankingMetrics.Point((double) tp / pos, (double) tp / (tp + fp)));
                i = j;
            }
            return out;
        }

        private static Integer[] order(double[] scores, boolean descending) {
            Comparator<Integer> c = Comparator.comparingDouble(i -> scores[i]);
            return IntStream.range(0, scores.length)
                    .boxed()
                    .sorted(descending ? c.reversed() : c)
                    .toArray(Integer[]::new);
        }

        private static long positives(int[] labels) {
            return IntStream.of(labels).filter(l -> l == 1).count();
        }
    }
}
