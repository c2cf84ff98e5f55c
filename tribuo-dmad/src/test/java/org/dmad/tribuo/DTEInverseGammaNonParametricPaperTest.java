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
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;

/**
 * DTE-InverseGamma and DTE-NonParametric with the reference's defaults on three ADBench datasets under the paper's
 * semi-supervised protocol ({@link Npz#paperSplit(long)}, seed 0), against lower bounds derived from the paper's
 * reported AUROC (mean and standard deviation over seeds, /work/shared/anchors/paper_semi_aucroc.csv): bound = mean -
 * max(3 std, 3 points), because our resampling of small files draws other rows than numpy's. DTE-NP runs with its
 * default posterior-mean score; its argmax variant falls below these bounds on WBC and breastw (see
 * {@link org.dmad.engine.DTENonParametric}).
 * <pre>
 * dataset  detector  paper mean  std    bound
 * wbc      DTE-IG    90.98       11.64  56.06
 * wbc      DTE-NP    99.54       0.28   96.54
 * breastw  DTE-IG    78.65       11.10  45.35
 * breastw  DTE-NP    99.28       0.12   96.28
 * thyroid  DTE-IG    89.43       11.73  54.24
 * thyroid  DTE-NP    98.63       0.04   95.63
 * </pre>
 */
@Tag("slow")
class DTEInverseGammaNonParametricPaperTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "42_WBC, DTE-IG, 0.5606",
        "42_WBC, DTE-NP, 0.9654",
        "4_breastw, DTE-IG, 0.4535",
        "4_breastw, DTE-NP, 0.9628",
        "38_thyroid, DTE-IG, 0.5424",
        "38_thyroid, DTE-NP, 0.9563"
    })
    void referenceDefaultsReachThePublishedAccuracy(String dataset, String detector, double bound) throws Exception {
        Path file = Npz.sharedDir().resolve("datasets/adbench/classical/" + dataset + ".npz");
        Assumptions.assumeTrue(
                Files.isRegularFile(file),
                "Skipped: " + file + " is absent (the shared benchmark data is not checked out beside the project)");
        Npz.Split split = Npz.read(file).paperSplit(0);
        int d = split.columns();
        List<Example<Event>> train = TribuoData.examples(split.train(), null, d);
        List<Example<Event>> test = TribuoData.examples(split.test(), split.testLabels(), d);
        Trainer<Event> trainer = detector.equals("DTE-IG")
                ? DTEInverseGammaTrainer.builder().seed(0).build()
                : DTENonParametricTrainer.builder().seed(0).build();
        long start = System.nanoTime();
        try (DMADModel model = (DMADModel) trainer.train(TribuoData.dataset(train, dataset))) {
            double fit = (System.nanoTime() - start) / 1e9;
            double auroc = PlantedData.auroc(split.testLabels(), model.score(test));
            System.out.printf(
                    "%s %s: AUROC %.4f (bound %.4f), %d train rows, %d features, fit %.1f s%n",
                    dataset, detector, auroc, bound, train.size(), d, fit);
            assertTrue(auroc >= bound, dataset + " " + detector + " AUROC " + auroc + " < " + bound);
        }
    }
}
