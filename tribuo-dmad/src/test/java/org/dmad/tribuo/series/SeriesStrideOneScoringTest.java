package org.dmad.tribuo.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.Random;
import org.dmad.series.PointScores;
import org.dmad.series.SlidingWindows;
import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.DTENonParametricTrainer;
import org.dmad.tribuo.ModelFiles;
import org.dmad.tribuo.SeriesD3RTrainer;
import org.dmad.tribuo.SeriesDDPMTrainer;
import org.dmad.tribuo.SeriesElementErrors;
import org.dmad.tribuo.SeriesImDiffusionTrainer;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;

/**
 * The direct scoring path of {@link SeriesModel} (windows sliced from the series into a dmad model's scoring batches,
 * no Tribuo example per window) against the Tribuo path it replaced (one example per window through
 * {@code Model.predict}): bit for bit, for every series model type, the golden series models included, over a series
 * longer than one scoring chunk (4,096 windows) so that the chunk and batch boundaries are crossed.
 */
class SeriesStrideOneScoringTest {

    private static final int L = 4;
    private static final int C = 2;

    /** 4,096 + 1,500 windows: one full chunk, then a chunk of one full batch and a partial one. */
    private static final int STEPS = SeriesModel.SCORE_CHUNK + 1500 + L - 1;

    private static double[] series(int steps, long seed) {
        Random random = new Random(seed);
        double[] out = new double[steps * C];
        for (int t = 0; t < steps; t++) {
            out[t * C] = Math.sin(t / 2.0) + 0.05 * random.nextGaussian();
            out[t * C + 1] = Math.cos(t / 3.0) + 0.05 * random.nextGaussian();
        }
        out[(steps / 2) * C + 1] += 4;
        return out;
    }

    /** The stride-1 window scores as the Tribuo path computed them: 4,096-window chunks through Model.predict. */
    private static double[] throughExamples(SeriesModel model, double[] series) {
        double[] values = model.normalizer().map(n -> n.apply(series)).orElse(series);
        int n = series.length / C;
        int count = n - L + 1;
        int width = L * C;
        double[] out = new double[count];
        for (int first = 0; first < count; first += SeriesModel.SCORE_CHUNK) {
            int last = Math.min(count, first + SeriesModel.SCORE_CHUNK);
            double[] flat = new double[(last - first) * width];
            for (int i = first; i < last; i++) {
                System.arraycopy(values, i * C, flat, (i - first) * width, width);
            }
            System.arraycopy(model.scoreWindowsThroughExamples(flat, last - first), 0, out, first, last - first);
        }
        return out;
    }

    private static void assertSamePaths(SeriesModel model, String what) {
        assertTrue(model.scoresDirectly(), what + " is not scored by the direct path");
        double[] test = series(STEPS, 9);
        double[] expected = throughExamples(model, test);
        double[] windows = model.windowScores(test);
        assertArrayEquals(expected, windows, what + ": window scores differ from the Tribuo path");
        for (PointScores.Aggregation a : PointScores.Aggregation.values()) {
            assertArrayEquals(
                    PointScores.pointScores(expected, SlidingWindows.of(L, 1), STEPS, a),
                    model.pointScores(test, a),
                    what + " " + a);
        }
        // Per-channel scores of the element-error models: rows straight to the model, as through Tribuo examples.
        if (model.model() instanceof SeriesElementErrors) {
            for (PointScores.Aggregation a : PointScores.Aggregation.values()) {
                assertArrayEquals(
                        model.channelScoresThroughExamples(test, a),
                        model.channelScores(test, a),
                        what + " channel scores " + a);
            }
        }
        // Streaming scores one window at a time through the same direct path: equal to the Tribuo path's one-row
        // scores of the same window.
        StreamingScorer scorer = new StreamingScorer(model);
        double[] values = model.normalizer().map(n -> n.apply(test)).orElse(test);
        for (int t = 0; t < 40; t++) {
            OptionalDouble s = scorer.offer(test[t * C], test[t * C + 1]);
            if (t >= L - 1) {
                double[] window = new double[L * C];
                System.arraycopy(values, (t - L + 1) * C, window, 0, L * C);
                assertEquals(
                        model.scoreWindowsThroughExamples(window, 1)[0],
                        s.getAsDouble(),
                        0.0,
                        what + ": stream at step " + t);
            }
        }
    }

    @Test
    void goldenSeriesModelsScoreBitForBitAsThroughTribuo() throws Exception {
        for (String stem : new String[] {"series-d3r-v0", "series-ddpm-v0", "series-imdiffusion-v0"}) {
            Model<Event> golden = (DMADModel) ModelFiles.load(Path.of("src/test/resources/golden", stem + ".tribuo"));
            try (SeriesModel model = new SeriesModel(golden, null, SlidingWindows.of(L, 1), C)) {
                assertSamePaths(model, stem);
            }
        }
    }

    @Test
    void trainedSeriesModelsScoreBitForBitAsThroughTribuo() {
        double[] train = series(300, 1);
        Trainer<?>[] trainers = {
            SeriesDDPMTrainer.builder(L)
                    .sampler("ddim")
                    .ddimSteps(5)
                    .timesteps(50)
                    .reconstructionTime(20)
                    .architecture(16, 16, 16, 1)
                    .epochs(2)
                    .seed(3)
                    .threads(1)
                    .build(),
            SeriesDDPMTrainer.builder(L)
                    .mode("imputation")
                    .sampler("ddim")
                    .ddimSteps(5)
                    .timesteps(50)
                    .reconstructionTime(20)
                    .architecture(16, 16, 16, 1)
                    .epochs(2)
                    .seed(3)
                    .threads(1)
                    .build(),
            SeriesImDiffusionTrainer.builder(L)
                    .gratingWidth(1)
                    .timesteps(50)
                    .reconstructionTime(20)
                    .ddimSteps(5)
                    .ensembleSteps(3)
                    .architecture(16, 16, 16, 1)
                    .epochs(2)
                    .seed(3)
                    .threads(1)
                    .build(),
            SeriesD3RTrainer.builder(L)
                    .trendWindow(3)
                    .noiseTime(10)
                    .timesteps(50)
                    .architecture(16, 16, 16, 1)
                    .epochs(2)
                    .seed(3)
                    .threads(1)
                    .build(),
            DTENonParametricTrainer.builder().seed(3).threads(1).build()
        };
        for (Trainer<?> trainer : trainers) {
            @SuppressWarnings("unchecked")
            Trainer<Event> t = (Trainer<Event>) trainer;
            try (SeriesModel model = SeriesDetector.fit(t, train, C, SlidingWindows.of(L, 2), true)) {
                assertSamePaths(model, model.toString());
            }
        }
    }

    @Test
    void aTribuoModelKeepsTheTribuoPath() {
        SVMParameters<Event> params =
                new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS), KernelType.RBF);
        params.setGamma(0.1);
        params.setNu(0.1);
        try (SeriesModel model = SeriesDetector.fit(
                new LibSVMAnomalyTrainer(params), series(200, 1), C, SlidingWindows.of(L, 3), true)) {
            assertFalse(model.scoresDirectly());
            double[] test = series(300, 2);
            assertArrayEquals(throughExamples(model, test), model.windowScores(test));
        }
    }

    @Test
    void aClosedDmadModelRefusesTheDirectPath() throws Exception {
        Model<Event> golden = (DMADModel) ModelFiles.load(Path.of("src/test/resources/golden", "series-d3r-v0.tribuo"));
        SeriesModel model = new SeriesModel(golden, null, SlidingWindows.of(L, 1), C);
        model.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.windowScores(series(50, 3)));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }
}
