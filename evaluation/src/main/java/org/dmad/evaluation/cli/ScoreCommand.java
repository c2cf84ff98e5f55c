package org.dmad.evaluation.cli;

import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.harness.ModelStore;
import org.dmad.evaluation.metrics.Metrics;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code dmad score}: scores every row of a file with a saved model. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Scores every row of a file with a saved model and writes row,score,prediction[,label] as CSV.")
final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model from dmad train.")
    private Path modelFile;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rows to score (.npz, .csv, "
            + ".arff), with the training file's feature columns.")
    private Path data;

    @Option(names = "--out", required = true, paramLabel = "CSV", description = "Scores file to write.")
    private Path out;

    @Option(names = "--label-column", defaultValue = "label", paramLabel = "NAME",
            description = "Label column of a CSV file (default: ${DEFAULT-VALUE}); use '' for none.")
    private String labelColumn;

    @Option(names = "--device", paramLabel = "NAME",
            description = "Device to score on: cpu, gpu, gpu:N or auto (the first GPU if one is visible, else cpu). "
                    + "Default: the device the model was trained on where it is visible here, else cpu.")
    private String device;

    @picocli.CommandLine.Mixin
    private ScaleOutOptions scaleOut = new ScaleOutOptions();

    @Override
    public Integer call() throws Exception {
        if (device != null) {
            org.dmad.engine.DmadEngine.checkDeviceSetting(device);
        }
        if (!scaleOut.local()) {
            if (device != null) {
                throw new IllegalArgumentException("--device applies to local scoring; the cluster's executors score "
                        + "with each model's default device");
            }
            System.out.println(scaleOut.cluster().score(modelFile, scaleOut.typed("--data"), scaleOut.typed("--out"),
                    labelColumn.isEmpty() ? null : labelColumn, scaleOut.master));
            return 0;
        }
        Model<?> loaded = ModelStore.load(modelFile);
        if (!loaded.validate(Event.class)) {
            throw new IllegalArgumentException(modelFile + " is not an anomaly-detection model");
        }
        @SuppressWarnings("unchecked")
        Model<Event> model = (Model<Event>) loaded;
        if (device != null) {
            if (model instanceof org.dmad.tribuo.DMADModel dmadModel) {
                dmadModel.setScoringDevice(device);
            } else if (!device.trim().equalsIgnoreCase("cpu")) {
                throw new IllegalArgumentException(modelFile + " holds a " + model.getClass().getSimpleName()
                        + ", which scores on the CPU only: --device " + device + " applies to dmad detectors");
            }
        }
        TabularData table = Datasets.load(data, labelColumn.isEmpty() ? null : labelColumn);
        Set<String> expected = new TreeSet<>();
        model.getFeatureIDMap().forEach(info -> expected.add(info.getName()));
        Set<String> present = new HashSet<>(table.featureNames());
        if (!present.equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(present);
            Set<String> extra = new TreeSet<>(present);
            extra.removeAll(expected);
            throw new IllegalArgumentException(data + " does not have the model's features: " + table.columns()
                    + " columns vs " + expected.size() + " in the model" + (missing.isEmpty() ? ""
                    : "; missing " + missing) + (extra.isEmpty() ? "" : "; unknown " + extra));
        }
        MutableDataset<Event> rows = TrainCommand.examples(table, false);
        List<Prediction<Event>> predictions = model.predict(rows);
        boolean labelled = table.record().anomalies() > 0 && table.record().anomalies() < table.rows();
        Path tmp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".tmp");
        Files.createDirectories(tmp.getParent());
        double[] scores = new double[predictions.size()];
        try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
            w.write(labelled ? "row,score,prediction,label\n" : "row,score,prediction\n");
            for (int i = 0; i < predictions.size(); i++) {
                Event e = predictions.get(i).getOutput();
                scores[i] = e.getScore();
                w.write(String.format(Locale.ROOT, "%d,%.9g,%s", i, e.getScore(), e.getType()));
                w.write(labelled ? "," + table.y()[i] + "\n" : "\n");
            }
        }
        Files.move(tmp, out.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long flagged = predictions.stream().filter(p -> p.getOutput().getType() == Event.EventType.ANOMALOUS).count();
        System.out.printf(Locale.ROOT, "Scored %d rows of %s: %d predicted ANOMALOUS%n", scores.length, data,
                flagged);
        if (labelled) {
            System.out.printf(Locale.ROOT, "AUROC %.4f, average precision %.4f against the file's labels%n",
                    Metrics.auroc(table.y(), scores), Metrics.averagePrecision(table.y(), scores));
        }
        System.out.println("Scores: " + out.toAbsolutePath());
        if (model instanceof AutoCloseable c) {
            c.close();
        }
        return 0;
    }
}
