package org.dmad.tribuo;

import java.util.Arrays;
import java.util.List;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/**
 * Measures (prints, asserts nothing about time) what one {@code predict(example)} costs, for DTE-C and DDPM on 20
 * generated features with the paper's networks: the median over 5 rounds of the mean time per call, after a
 * warm-up, on the scoring thread count the engine starts with. Run it on two versions of the code to compare them;
 * {@code docs/PERFORMANCE.md} records the figures and the command.
 */
@Tag("benchmark")
class SingleRowScoringTimingTest {

    private static final int D = 20;

    @Test
    void singleRowPredictionCost() {
        PlantedData train = PlantedData.generate(1000, 0, D, 0, 1);
        PlantedData test = PlantedData.generate(200, 0, D, 0, 2);
        MutableDataset<Event> data = TribuoData.normals(train);
        List<Example<Event>> rows = TribuoData.examples(test.values, null, D);
        try (DMADModel dte = DTECategoricalTrainer.builder()
                        .epochs(2)
                        .seed(1)
                        .build()
                        .train(data);
                DMADModel ddpm = DDPMTrainer.builder().epochs(2).seed(1).build().train(data)) {
            report("DTE-C", dte, rows, 2000);
            report("DDPM", ddpm, rows, 20);
        }
    }

    private static void report(String name, DMADModel model, List<Example<Event>> rows, int calls) {
        double[] rounds = new double[5];
        time(model, rows, calls);
        for (int r = 0; r < rounds.length; r++) {
            rounds[r] = time(model, rows, calls);
        }
        Arrays.sort(rounds);
        System.out.printf(
                "%s predict(one example): median %.1f us per call (rounds %s), %d calls per round%n",
                name,
                rounds[2] * 1e6,
                Arrays.toString(Arrays.stream(rounds)
                        .map(s -> Math.round(s * 1e7) / 10.0)
                        .toArray()),
                calls);
    }

    private static double time(DMADModel model, List<Example<Event>> rows, int calls) {
        double sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink += model.predict(rows.get(i % rows.size())).getOutput().getScore();
        }
        double seconds = (System.nanoTime() - start) / 1e9 / calls;
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("NaN score");
        }
        return seconds;
    }
}
