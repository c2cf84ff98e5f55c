package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.anomaly.Event;

/** Inputs that break naive implementations: very wide rows, huge magnitudes, duplicated rows. */
class HostileInputTest {

    private static List<DMADTrainer> trainers() {
        return List.of(
                DTECategoricalTrainer.builder()
                        .epochs(2)
                        .hiddenSizes(List.of(32, 32))
                        .threads(1)
                        .build(),
                DTENonParametricTrainer.builder().build(),
                DDPMTrainer.builder().epochs(2).threads(1).build());
    }

    private static void assertFinite(double[] scores, String what) {
        for (double s : scores) {
            assertTrue(Double.isFinite(s), what + ": score " + s);
        }
    }

    @Test
    void tenThousandColumnsTrainAndScore() {
        int d = 10_000;
        PlantedData data = PlantedData.generate(40, 4, d, 8, 3);
        List<Example<Event>> rows = TribuoData.examples(data.values, data.labels, d);
        try (DMADModel model = DTECategoricalTrainer.builder()
                .epochs(1)
                .hiddenSizes(List.of(16))
                .threads(1)
                .build()
                .train(TribuoData.dataset(rows.subList(0, 40), "wide"))) {
            assertFinite(model.score(rows), "10,000 columns");
        }
    }

    @Test
    void valuesOfTenToTheThirtyAreStandardisedNotOverflowed() {
        PlantedData data = PlantedData.generate(200, 10, 4, 6, 5);
        double[] huge = data.values.clone();
        for (int i = 0; i < huge.length; i += 4) {
            huge[i] *= 1e30;
        }
        List<Example<Event>> rows = TribuoData.examples(huge, data.labels, 4);
        for (DMADTrainer trainer : trainers()) {
            try (DMADModel model = trainer.train(TribuoData.dataset(rows.subList(0, 200), "huge"))) {
                assertFinite(model.score(rows), trainer.getClass().getSimpleName() + " on 1e30 values");
                // A test value beyond float range after standardisation is refused by name, not scored as NaN.
                double[] beyond = Arrays.copyOf(huge, 4);
                beyond[0] = 1e300;
                var e = assertThrows(
                        IllegalArgumentException.class, () -> model.score(TribuoData.examples(beyond, null, 4)));
                assertTrue(e.getMessage().contains("out of range"), e.getMessage());
            }
        }
    }

    @Test
    void duplicatedRowsAreRefusedAsDegenerate() {
        // Issue 17: a model trained on rows that are all alike flagged 97-99% of normal rows. Every detector now
        // refuses such data with a message saying why.
        double[] row = {1.5, -2.0, 3.25, 0.5};
        double[] same = new double[50 * 4];
        for (int i = 0; i < 50; i++) {
            System.arraycopy(row, 0, same, i * 4, 4);
        }
        List<Example<Event>> rows = TribuoData.examples(same, null, 4);
        for (DMADTrainer trainer : trainers()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> trainer.train(TribuoData.dataset(rows, "duplicates")));
            assertTrue(
                    e.getMessage().contains("they are all the same (every feature is constant)"),
                    trainer.getClass().getSimpleName() + ": " + e.getMessage());
        }
        // Two distinct rows among many copies are too few for DTE-NP's neighbourhoods.
        double[] nearly = same.clone();
        nearly[0] = 9;
        DTENonParametricTrainer np =
                DTENonParametricTrainer.builder().threads(1).build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> np.train(TribuoData.dataset(TribuoData.examples(nearly, null, 4), "nearly")));
        assertTrue(e.getMessage().contains("distinct training rows, got 2 among 50"), e.getMessage());
    }
}
