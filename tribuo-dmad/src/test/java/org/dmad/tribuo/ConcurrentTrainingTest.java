package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.anomaly.Event;

/**
 * Two trainings started at once in one JVM give exactly the scores each gives alone: the engine's JVM-wide lock
 * serialises them and sets each one's seed inside the lock, so neither disturbs the other's random stream.
 */
class ConcurrentTrainingTest {

    @Test
    void simultaneousTrainingsGiveTheSameScoresAsAlone() throws Exception {
        PlantedData train = PlantedData.generate(400, 0, 6, 0, 1);
        PlantedData test = PlantedData.generate(100, 10, 6, 6, 2);
        List<Example<Event>> probe = TribuoData.examples(test.values, test.labels, 6);
        double[] aloneA = scores(11, train, probe);
        double[] aloneB = scores(12, train, probe);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<double[]> a = pool.submit(() -> scores(11, train, probe));
            Future<double[]> b = pool.submit(() -> scores(12, train, probe));
            assertArrayEquals(aloneA, a.get());
            assertArrayEquals(aloneB, b.get());
        } finally {
            pool.shutdown();
        }
    }

    private static double[] scores(long seed, PlantedData train, List<Example<Event>> probe) {
        DTECategoricalTrainer trainer = DTECategoricalTrainer.builder()
                .epochs(8)
                .hiddenSizes(List.of(64, 64))
                .seed(seed)
                .threads(1)
                .build();
        try (DMADModel model = trainer.train(TribuoData.normals(train))) {
            return model.score(probe);
        }
    }
}
