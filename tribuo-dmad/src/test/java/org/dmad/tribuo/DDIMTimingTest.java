package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.engine.DDPMScoring;
import org.dmad.testing.Npz;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/**
 * Measures (prints, asserts nothing about time) DDPM-250 against DDIM scoring on one denoiser trained with the
 * paper's defaults on ADBench's thyroid (semi-supervised split, seed 0): AUROC and scoring time of the test rows for
 * each sampler and start, best of two timed runs after a warm-up.
 */
@Tag("benchmark")
class DDIMTimingTest {

    @Test
    void ddimAgainstDDPMOnThyroid() throws Exception {
        Path file = Npz.sharedDir().resolve("datasets/adbench/classical/38_thyroid.npz");
        Assumptions.assumeTrue(
                Files.isRegularFile(file),
                "Skipped: " + file + " is absent (the shared benchmark data is not checked out beside the project)");
        Npz npz = Npz.read(file);
        Npz.Split split = npz.semiSplit();
        int d = npz.columns;
        MutableDataset<Event> train = TribuoData.dataset(TribuoData.examples(split.train(), null, d), "thyroid");
        List<Example<Event>> test = TribuoData.examples(split.test(), split.testLabels(), d);
        try (DDPMModel ddpm = (DDPMModel) DDPMTrainer.builder().seed(0).build().train(train)) {
            DDPMScoring base = ddpm.getScoring();
            DDPMScoring[] variants = {
                base,
                base.withStart(DDPMScoring.Start.NOISED),
                base.withDDIM(10),
                base.withDDIM(20),
                base.withDDIM(50),
                base.withDDIM(20).withEta(0),
                base.withDDIM(20).withEta(0).withStart(DDPMScoring.Start.NOISED),
                base.withDDIM(20).withEta(0).withStart(DDPMScoring.Start.INVERSION),
                base.withDDIM(250)
            };
            double ddpmAuroc = Double.NaN;
            for (DDPMScoring s : variants) {
                try (DDPMModel m = ddpm.withScoring(s, train)) {
                    double[] scores = m.score(test);
                    double best = Double.MAX_VALUE;
                    for (int r = 0; r < 2; r++) {
                        long start = System.nanoTime();
                        m.score(test);
                        best = Math.min(best, (System.nanoTime() - start) / 1e9);
                    }
                    double auroc = PlantedData.auroc(split.testLabels(), scores);
                    if (s.equals(base)) {
                        ddpmAuroc = auroc;
                    }
                    System.out.printf(
                            "thyroid %d test rows, %d epochs: %s AUROC %.4f, scoring %.3f s (%d network "
                                    + "evaluations per batch)%n",
                            test.size(), ddpm.getEpochsRun(), s, auroc, best, s.networkEvaluations());
                }
            }
            assertTrue(ddpmAuroc > 0.9, "DDPM AUROC " + ddpmAuroc);
        }
    }
}
