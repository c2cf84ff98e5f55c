package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.dmad.testing.PlantedData;
import org.junit.jupiter.api.Test;

class DTECategoricalEngineTest {

    @Test
    void shortTrainingSeparatesPlantedAnomaliesAndIsDeterministic() {
        PlantedData train = PlantedData.generate(1000, 0, 8, 0, 1);
        PlantedData test = PlantedData.generate(500, 50, 8, 6, 2);
        Standardizer standardizer = Standardizer.fit(train.values, 8);
        Matrix x = standardizer.apply(train.values, 8);
        Matrix xt = standardizer.apply(test.values, 8);
        NoiseSchedule schedule = NoiseSchedule.linear(400, 1e-4, 1e-2);
        TrainingSettings settings = new TrainingSettings(20, 64, 1e-4, 5e-4, 7, 1, "cpu");
        long start = System.nanoTime();
        TrainingLoop.Result r1 = TrainingLoop.train(
                DTECategorical.network(8, List.of(256, 512, 256), 7, 0.5),
                x,
                settings,
                DTECategorical.objective(schedule, 7, true),
                TrainingMonitor.NONE);
        System.out.printf("20 epochs of 1000 rows: %.1f s%n", (System.nanoTime() - start) / 1e9);
        double[] scores = BatchScorer.score(r1.network(), xt, 1024, DTECategorical.score(7));
        double auroc = PlantedData.auroc(test.labels, scores);
        System.out.println("AUROC " + auroc + " loss " + r1.finalLoss());
        assertTrue(auroc >= 0.95, "AUROC " + auroc);

        TrainingLoop.Result r2 = TrainingLoop.train(
                DTECategorical.network(8, List.of(256, 512, 256), 7, 0.5),
                x,
                settings,
                DTECategorical.objective(schedule, 7, true),
                TrainingMonitor.NONE);
        assertArrayEquals(r1.network().parameters(), r2.network().parameters());
        double[] again = BatchScorer.score(r2.network(), xt, 100, DTECategorical.score(7));
        assertTrue(Arrays.equals(scores, again), "identical seeds must give identical scores");
        r1.network().close();
        r2.network().close();
    }
}
