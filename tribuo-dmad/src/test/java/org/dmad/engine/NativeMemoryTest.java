package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.testing.PlantedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Native memory must not grow with the work done: after a warm-up, scoring 1,000,000 rows and training 50 more
 * epochs each grow the process's resident set by less than 100 MB. Resident memory is read from /proc (Linux).
 */
@Tag("slow")
class NativeMemoryTest {

    private static long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void scoringAMillionRowsAndTrainingFiftyMoreEpochsKeepResidentMemoryFlat() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Skipped: needs Linux /proc");
        int d = 8;
        PlantedData train = PlantedData.generate(2000, 0, d, 0, 1);
        Standardizer s = Standardizer.fit(train.values, d);
        Matrix x = s.apply(train.values, d);
        MLPNetwork spec = DTECategorical.network(d, List.of(256, 512, 256), 7, 0.5);
        NoiseSchedule schedule = NoiseSchedule.linear(400, 1e-4, 1e-2);
        long[] atEpoch = new long[61];
        TrainingLoop.Result r = TrainingLoop.train(
                spec,
                x,
                new TrainingSettings(60, 64, 1e-4, 5e-4, 1, 1, "cpu"),
                DTECategorical.objective(schedule, 7, true),
                (epoch, loss) -> {
                    try {
                        atEpoch[epoch] = rssMb();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    return true;
                });
        long trainingGrowth = atEpoch[60] - atEpoch[10];
        System.out.printf(
                "RSS during training: epoch 10 %d MB, epoch 60 %d MB (+%d MB over 50 epochs)%n",
                atEpoch[10], atEpoch[60], trainingGrowth);

        float[] rows = new float[1_000_000 * d];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) random.nextGaussian();
        }
        Matrix million = new Matrix(rows, 1_000_000, d);
        Matrix warm = new Matrix(java.util.Arrays.copyOf(rows, 100_000 * d), 100_000, d);
        BatchScorer.score(r.network(), warm, BatchScorer.DEFAULT_BATCH, DTECategorical.score(7));
        System.gc();
        long before = rssMb();
        double[] scores = BatchScorer.score(r.network(), million, BatchScorer.DEFAULT_BATCH, DTECategorical.score(7));
        System.gc();
        long after = rssMb();
        System.out.printf(
                "RSS scoring 1,000,000 rows: %d MB before, %d MB after (+%d MB)%n", before, after, after - before);
        r.network().close();
        assertTrue(scores.length == 1_000_000);
        assertTrue(trainingGrowth < 100, "training grew RSS by " + trainingGrowth + " MB over 50 epochs");
        assertTrue(after - before < 100, "scoring 1M rows grew RSS by " + (after - before) + " MB");
    }
}
