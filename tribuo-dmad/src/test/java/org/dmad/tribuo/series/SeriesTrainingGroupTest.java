package org.dmad.tribuo.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dmad.series.SlidingWindows;
import org.dmad.testing.PlantedData;
import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.DenoiserFit;
import org.dmad.tribuo.DenoiserModel;
import org.dmad.tribuo.SeriesDDPMTrainer;
import org.dmad.tribuo.TrainingGroup;
import org.junit.jupiter.api.Test;

/**
 * Grouped training of the series denoiser ({@code ts-recon}, {@code ts-impute}): a group of one is the plain training
 * bit for bit in both modes and both channel scalings, and a group of three scores as three separate trainings do.
 */
class SeriesTrainingGroupTest {

    private static final int L = 8;
    private static final int C = 2;

    /** A small denoiser and a short chain: the tests compare trainings, not detection quality. */
    private static SeriesDDPMTrainer trainer(String mode, String channelScale, long seed, int epochs) {
        SeriesDDPMTrainer.Builder b = SeriesDDPMTrainer.builder(L)
                .mode(mode)
                .channelScale(channelScale)
                .architecture(32, 64, 32, 1)
                .epochs(epochs)
                .learningRate(1e-3)
                .timesteps(100)
                .sampler("ddim")
                .ddimSteps(5)
                .seed(seed)
                .threads(1);
        if (mode.equals("imputation")) {
            b.reconstructionTime(20).maskWidth(2);
        } else {
            b.reconstructionTime(30);
        }
        return b.build();
    }

    /** Two sine channels with a little noise, row-major; spikes in channel 1 every 50 steps from step 25 if asked. */
    static double[] series(int length, long seed, boolean spikes) {
        Random random = new Random(seed);
        double[] out = new double[length * C];
        for (int t = 0; t < length; t++) {
            for (int c = 0; c < C; c++) {
                out[t * C + c] = Math.sin(2 * Math.PI * t / (10.0 + 4 * c) + c) + 0.05 * random.nextGaussian();
            }
            if (spikes && t % 50 == 25) {
                out[t * C + 1] += 3.0;
            }
        }
        return out;
    }

    /** 1 for the windows (stride 1) that hold a spike of {@link #series}. */
    static int[] windowLabels(int length) {
        int[] labels = new int[length - L + 1];
        for (int w = 0; w < labels.length; w++) {
            for (int t = w; t < w + L; t++) {
                labels[w] |= t % 50 == 25 ? 1 : 0;
            }
        }
        return labels;
    }

    /**
     * Asserts that a group's member equals the plain training of the same settings: weights, final loss, epochs,
     * threshold and window scores, bit for bit.
     */
    static void assertSameAsPlain(SeriesModel p, SeriesModel g, double[] test, String what) {
        assertArrayEquals(fit(p).network().parameters(), fit(g).network().parameters(), what);
        assertEquals(fit(p).finalLoss(), fit(g).finalLoss(), what);
        assertEquals(fit(p).epochsRun(), fit(g).epochsRun(), what);
        assertEquals(((DMADModel) p.model()).getThreshold(), ((DMADModel) g.model()).getThreshold(), what);
        assertArrayEquals(p.windowScores(test), g.windowScores(test), what);
    }

    private static DenoiserFit fit(SeriesModel m) {
        return ((DenoiserModel) m.model()).getDenoiserFit();
    }

    @Test
    void aGroupOfOneGivesThePlainModelInBothModesAndBothScalings() {
        double[] train = series(400, 1, false);
        double[] test = series(200, 2, true);
        SlidingWindows windows = SlidingWindows.of(L, 1);
        SeriesChannelScale whole = SeriesChannelScale.of(series(600, 3, false), C);
        for (String mode : List.of("reconstruction", "imputation")) {
            for (String scale : List.of("channel", "series")) {
                String what = mode + ", channelScale=" + scale;
                SeriesModel plain;
                List<SeriesModel> grouped;
                if (scale.equals("channel")) {
                    plain = SeriesDetector.fit(trainer(mode, scale, 5, 3), train, C, windows, true, "s");
                    grouped =
                            SeriesDetector.fitGroup(List.of(trainer(mode, scale, 5, 3)), train, C, windows, true, "s");
                } else {
                    plain = SeriesDetector.fit(trainer(mode, scale, 5, 3), train, C, windows, "s", whole);
                    grouped =
                            SeriesDetector.fitGroup(List.of(trainer(mode, scale, 5, 3)), train, C, windows, "s", whole);
                }
                try (SeriesModel p = plain;
                        SeriesModel g = grouped.get(0)) {
                    assertSameAsPlain(p, g, test, what);
                    var run = g.model().getProvenance().getInstanceProvenance().getMap();
                    assertEquals("5", run.get(TrainingGroup.SEEDS).toString(), what);
                    // Whole-series statistics reach the member as they reach a plain training, and are recorded.
                    assertEquals(
                            scale.equals("series"),
                            run.containsKey(ChannelScaledTrainer.SERIES_SCALE_PROVENANCE),
                            what);
                    assertEquals(
                            p.model()
                                    .getProvenance()
                                    .getInstanceProvenance()
                                    .getMap()
                                    .get(ChannelScaledTrainer.SERIES_SCALE_PROVENANCE),
                            run.get(ChannelScaledTrainer.SERIES_SCALE_PROVENANCE),
                            what);
                }
            }
        }
        // The scaling is the member's own: under channelScale=series, other statistics give another model.
        SeriesChannelScale other = SeriesChannelScale.of(series(600, 4, true), C);
        try (SeriesModel a = SeriesDetector.fitGroup(
                                List.of(trainer("reconstruction", "series", 5, 1)), train, C, windows, "s", whole)
                        .get(0);
                SeriesModel b = SeriesDetector.fitGroup(
                                List.of(trainer("reconstruction", "series", 5, 1)), train, C, windows, "s", other)
                        .get(0)) {
            assertFalse(Arrays.equals(a.windowScores(test), b.windowScores(test)));
        }
    }

    @Test
    void aGroupOfThreeScoresWithinTheSpreadOfSeparateTrainings() {
        double[] train = series(600, 11, false);
        double[] test = series(400, 12, true);
        int[] labels = windowLabels(400);
        SlidingWindows windows = SlidingWindows.of(L, 1);
        long[] seeds = {0, 1, 2};
        for (String mode : List.of("reconstruction", "imputation")) {
            double[] plainAuroc = new double[seeds.length];
            List<SeriesDDPMTrainer> trainers = new ArrayList<>();
            for (int i = 0; i < seeds.length; i++) {
                trainers.add(trainer(mode, "channel", seeds[i], 10));
                try (SeriesModel plain =
                        SeriesDetector.fit(trainer(mode, "channel", seeds[i], 10), train, C, windows, true, "s")) {
                    plainAuroc[i] = PlantedData.auroc(labels, plain.windowScores(test));
                }
            }
            double[] groupedAuroc = new double[seeds.length];
            double[][] scores = new double[seeds.length][];
            List<SeriesModel> grouped = SeriesDetector.fitGroup(trainers, train, C, windows, true, "s");
            for (int i = 0; i < seeds.length; i++) {
                try (SeriesModel m = grouped.get(i)) {
                    scores[i] = m.windowScores(test);
                    groupedAuroc[i] = PlantedData.auroc(labels, scores[i]);
                    var run = m.model().getProvenance().getInstanceProvenance().getMap();
                    assertEquals("0,1,2", run.get(TrainingGroup.SEEDS).toString());
                    assertEquals(
                            Integer.toString(i), run.get(TrainingGroup.MEMBER).toString());
                    assertEquals(10, fit(m).epochsRun());
                }
            }
            System.out.println("Series " + mode + " window AUROC separate " + Arrays.toString(plainAuroc) + ", grouped "
                    + Arrays.toString(groupedAuroc));
            double meanDiff = 0;
            double plainMin = 1;
            double plainMax = 0;
            for (int i = 0; i < seeds.length; i++) {
                meanDiff += (groupedAuroc[i] - plainAuroc[i]) / seeds.length;
                plainMin = Math.min(plainMin, plainAuroc[i]);
                plainMax = Math.max(plainMax, plainAuroc[i]);
                for (int j = 0; j < i; j++) {
                    assertFalse(Arrays.equals(scores[i], scores[j]), mode + ": members " + i + " and " + j + " differ");
                }
            }
            // Within the seed-to-seed spread of the separate trainings (and a floor of 0.03 for a tight spread).
            assertTrue(
                    Math.abs(meanDiff) <= Math.max(0.03, plainMax - plainMin),
                    mode + ": mean AUROC difference " + meanDiff + ", separate trainings' spread "
                            + (plainMax - plainMin));
        }
    }

    @Test
    void membersOfOneGroupShareTheirChannelScaling() {
        double[] train = series(300, 1, false);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SeriesDetector.fitGroup(
                        List.of(trainer("reconstruction", "channel", 1, 1), trainer("reconstruction", "series", 2, 1)),
                        train,
                        C,
                        SlidingWindows.of(L, 1),
                        "s",
                        SeriesChannelScale.of(train, C)));
        assertTrue(e.getMessage().contains("every setting but the seed"), e.getMessage());
    }
}
