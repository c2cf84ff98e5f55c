package org.dmad.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/**
 * One ADBench classical dataset under the DTE paper's protocol ({@link Npz#paperSplit(long)}) as Tribuo examples, for
 * the slow paper tests; a test that asks for a file the shared data lacks is skipped, not failed.
 *
 * @param dataset    the file stem, e.g. {@code 38_thyroid}.
 * @param train      the training rows (all normal, unlabelled).
 * @param test       the test rows, labelled.
 * @param testLabels the test labels, 1 = anomaly.
 * @param columns    the number of features.
 */
public record PaperData(
        String dataset, List<Example<Event>> train, List<Example<Event>> test, int[] testLabels, int columns) {

    /**
     * Loads a dataset, or skips the calling test when its file is absent.
     *
     * @param dataset the file stem under {@code datasets/adbench/classical/} of the shared folder.
     * @param seed    the resampling seed of {@link Npz#paperSplit(long)}.
     * @return the split as examples.
     * @throws IOException when the file exists but cannot be read.
     */
    public static PaperData adbenchClassical(String dataset, long seed) throws IOException {
        Path file = Npz.sharedDir().resolve("datasets/adbench/classical/" + dataset + ".npz");
        Assumptions.assumeTrue(
                Files.isRegularFile(file),
                "Skipped: " + file + " is absent (the shared benchmark data is not checked out beside the project)");
        Npz.Split split = Npz.read(file).paperSplit(seed);
        int d = split.columns();
        return new PaperData(
                dataset,
                TribuoData.examples(split.train(), null, d),
                TribuoData.examples(split.test(), split.testLabels(), d),
                split.testLabels(),
                d);
    }

    /** @return the training rows as a dataset named after the file. */
    public MutableDataset<Event> trainingSet() {
        return TribuoData.dataset(train, dataset);
    }

    /**
     * The AUROC of scores of the test rows.
     *
     * @param scores one score per test row.
     * @return the AUROC.
     */
    public double auroc(double[] scores) {
        return PlantedData.auroc(testLabels, scores);
    }
}
