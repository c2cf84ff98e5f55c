package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.testing.Npz;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/**
 * DDPM with the paper's defaults, and DDIM-20 on the same trained denoiser, on ADBench datasets under the DTE paper's
 * protocol (seed 0; files under 1,000 rows resampled to 1,000). The bounds are the published DDPM means (percent,
 * /work/shared/anchors/paper_semi_aucroc.csv, seeds 0-4) less max(3 std, 3 points), because our resampling draws
 * other rows than numpy's: wbc 99.20 +- 0.39, breastw 98.70 +- 0.43, thyroid 97.95 +- 0.22. DDIM has no published
 * figure; it must stay within 3 points of DDPM's measured AUROC. Prints AUROCs, epochs and scoring times.
 */
@Tag("slow")
class DDPMPaperDatasetsTest {

    @ParameterizedTest
    @CsvSource({"42_WBC, 96.20", "4_breastw, 95.70", "38_thyroid, 94.95"})
    void paperDefaultsReachThePublishedAccuracy(String name, double boundPercent) throws Exception {
        Path file = Npz.sharedDir().resolve("datasets/adbench/classical/" + name + ".npz");
        Assumptions.assumeTrue(
                Files.isRegularFile(file),
                "Skipped: " + file + " is absent (the shared benchmark data is not checked out beside the project)");
        Npz npz = Npz.read(file);
        Npz.Split split = npz.paperSplit(0);
        int d = npz.columns;
        MutableDataset<Event> train = TribuoData.dataset(TribuoData.examples(split.train(), null, d), name);
        List<Example<Event>> test = TribuoData.examples(split.test(), split.testLabels(), d);
        long start = System.nanoTime();
        try (DDPMModel ddpm = (DDPMModel) DDPMTrainer.builder().seed(0).build().train(train)) {
            double fit = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            double auroc = PlantedData.auroc(split.testLabels(), ddpm.score(test));
            double ddpmTime = (System.nanoTime() - start) / 1e9;
            try (DDPMModel ddim = ddpm.withScoring(ddpm.getScoring().withDDIM(20), train)) {
                start = System.nanoTime();
                double ddimAuroc = PlantedData.auroc(split.testLabels(), ddim.score(test));
                double ddimTime = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "%s: %d train, %d test rows, d=%d; fit %.1f s, %d epochs; DDPM-250 AUROC %.4f "
                                + "(scoring %.2f s); DDIM-20 AUROC %.4f (scoring %.2f s)%n",
                        name,
                        split.trainRows(),
                        test.size(),
                        d,
                        fit,
                        ddpm.getEpochsRun(),
                        auroc,
                        ddpmTime,
                        ddimAuroc,
                        ddimTime);
                assertTrue(auroc * 100 >= boundPercent, name + " DDPM AUROC " + auroc);
                assertTrue(ddimAuroc >= auroc - 0.03, name + " DDIM AUROC " + ddimAuroc + " vs DDPM " + auroc);
            }
        }
    }
}
