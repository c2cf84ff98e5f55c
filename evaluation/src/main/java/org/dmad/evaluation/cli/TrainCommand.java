package org.dmad.evaluation.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.Hashing;
import org.dmad.evaluation.data.RowStream;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.ModelStore;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dmad train}: trains one detector on a file and saves the model. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains a detector on the normal rows of a file (rows labelled 1 are left out; a file "
                    + "without a label column trains on every row; rows that are all alike are refused) and saves the "
                    + "model. Memory holds the normal rows as Tribuo examples (or --subsample N of them) and the "
                    + "detector's own copy; a file too large for the heap ends with advice, not a crash. The model is "
                    + "Tribuo's protobuf format with a SHA-256 digest inside, or Java serialization with a digest "
                    + "trailer for the Weka and LibSVM baselines; --out may not be the --data file."
        })
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--detector", required = true, paramLabel = "NAME", description = "Detector name.")
    private String detector;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "FILE",
            description = "Training data (.npz, .csv, " + ".arff).")
    private Path data;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write.")
    private Path out;

    @Option(
            names = "--profile",
            defaultValue = "paper",
            paramLabel = "NAME",
            description = EngineOptions.PROFILES + " (default: ${DEFAULT-VALUE}).")
    private String profile;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Mixin
    private EngineOptions engine = new EngineOptions();

    @Option(
            names = "--label-column",
            defaultValue = "label",
            paramLabel = "NAME",
            description = "Label column of a CSV file (default: ${DEFAULT-VALUE}); a file without it is unlabelled "
                    + "and trains on every row; use '' for none.")
    private String labelColumn;

    @Option(
            names = "--subsample",
            paramLabel = "N",
            defaultValue = "0",
            description = "Train on at most N normal rows, drawn uniformly at random (with --seed) while the file "
                    + "is read, so that a file larger than memory trains in memory for N rows; 0 = every row "
                    + "(default: ${DEFAULT-VALUE}).")
    private int subsample;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputPaths.checkFile("--out", out, List.of(new OutputPaths.Input("--data", data)));
        if (subsample < 0) {
            throw new IllegalArgumentException("--subsample must be 0 (every row) or positive, got " + subsample);
        }
        engine.hideGpusForCpuRun();
        var trainer = DetectorRegistry.get(detector, Task.TABULAR)
                .factory()
                .create(Profile.parse(profile), seed, engine.threads, engine.device);
        boolean labelRequired = spec.commandLine().getParseResult().hasMatchedOption("--label-column");
        TrainingRows rows;
        Model<Event> model;
        long start;
        try {
            rows = read(data, labelColumn.isEmpty() ? null : labelColumn, labelRequired, subsample, seed);
            if (rows.dataset().size() == 0) {
                throw new IllegalArgumentException(data + " has no rows labelled normal to train on");
            }
            start = System.nanoTime();
            model = trainer.train(rows.dataset());
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException(tooLarge(data, subsample));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ModelStore.save(model, out);
        System.out.printf(
                Locale.ROOT,
                "Trained %s on %d rows of %s (%d features) in %.1f s%n",
                detector,
                rows.dataset().size(),
                data,
                rows.columns(),
                seconds);
        if (rows.anomalous() > 0) {
            System.out.println("Left out " + rows.anomalous() + " rows labelled anomalous");
        }
        if (rows.dropped() > 0) {
            System.out.println(
                    "Subsampled: " + rows.dropped() + " normal rows left out (--subsample " + subsample + ")");
        }
        System.out.println("Model: " + out.toAbsolutePath());
        if (model instanceof AutoCloseable c) {
            c.close();
        }
        return 0;
    }

    /**
     * What to do when the training rows do not fit in the Java heap.
     *
     * @param data      the file.
     * @param subsample the --subsample in use.
     * @return the message.
     */
    static String tooLarge(Path data, int subsample) {
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        return "the training rows of " + data + " do not fit in the Java heap (" + heapMb + " MB): train on a "
                + "sample with --subsample N (" + (subsample > 0 ? "smaller than " + subsample : "e.g. 100000")
                + "), or give Java a larger heap, e.g. DMAD_JAVA_OPTS=-Xmx8g ./dmad train ...";
    }

    /** The share of the heap the training rows may take, leaving room for the detector's working memory. */
    static final double HEAP_SHARE = 0.7;

    /**
     * The memory one training row takes until the detector has its own copy: a Tribuo {@code ArrayExample} (about
     * 100 bytes of objects, a name reference and a double per feature) plus the trainer's double and float copies.
     *
     * @param columns the feature count.
     * @return bytes per row.
     */
    static long bytesPerRow(int columns) {
        return 100 + 24L * columns;
    }

    /**
     * The rows a training run keeps.
     *
     * @param dataset   the normal rows as Tribuo examples.
     * @param columns   the feature count.
     * @param anomalous rows left out because they are labelled anomalous.
     * @param dropped   normal rows left out by the subsample.
     */
    record TrainingRows(MutableDataset<Event> dataset, int columns, long anomalous, long dropped) {}

    /**
     * Reads the normal rows of a file a chunk at a time, keeping each as a Tribuo example and nothing else; with a
     * subsample, a uniform random sample of that many (reservoir sampling), so memory holds at most that many rows.
     *
     * @param file          the file.
     * @param labelColumn   the CSV label column, or null.
     * @param labelRequired true when the label column was asked for by name.
     * @param subsample     the most rows to keep, 0 for all.
     * @param seed          the sampling seed.
     * @return the rows.
     * @throws IOException when reading fails.
     */
    static TrainingRows read(Path file, String labelColumn, boolean labelRequired, int subsample, long seed)
            throws IOException {
        AnomalyFactory factory = new AnomalyFactory();
        String sha256 = Hashing.sha256(file);
        List<Example<Event>> kept = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        long anomalous = 0;
        long normal = 0;
        int d;
        try (RowStream stream = Datasets.open(file, labelColumn, labelRequired)) {
            String[] names = stream.featureNames().toArray(new String[0]);
            d = names.length;
            int chunk = 4096;
            double[] x = new double[chunk * d];
            int[] y = new int[chunk];
            for (int n = stream.read(x, y, 0, chunk); n > 0; n = stream.read(x, y, 0, chunk)) {
                for (int i = 0; i < n; i++) {
                    if (y[i] == 1) {
                        anomalous++;
                        continue;
                    }
                    int slot = kept.size();
                    if (subsample > 0 && normal >= subsample) {
                        long j = random.nextLong(normal + 1);
                        slot = j < subsample ? (int) j : -1;
                    }
                    normal++;
                    if (slot < 0) {
                        continue;
                    }
                    Example<Event> e = new ArrayExample<>(
                            AnomalyFactory.EXPECTED_EVENT, names, java.util.Arrays.copyOfRange(x, i * d, (i + 1) * d));
                    if (slot == kept.size()) {
                        kept.add(e);
                    } else {
                        kept.set(slot, e);
                    }
                }
                if (bytesPerRow(d) * kept.size()
                        > HEAP_SHARE * Runtime.getRuntime().maxMemory()) {
                    // Stop while the advice can still be printed, rather than thrash the collector into an
                    // OutOfMemoryError (caught as a last resort by the caller).
                    throw new IllegalStateException(tooLarge(file, subsample));
                }
            }
            if (normal + anomalous == 0) {
                throw new IOException(file + " has a header but no data rows");
            }
        }
        String name = file.getFileName().toString().replaceFirst("\\.(csv|npz|arff)$", "");
        MutableDataset<Event> dataset = new MutableDataset<>(
                new ListDataSource<>(kept, factory, new SimpleDataSourceProvenance(name + ":" + sha256, factory)));
        return new TrainingRows(dataset, d, anomalous, normal - kept.size());
    }
}
