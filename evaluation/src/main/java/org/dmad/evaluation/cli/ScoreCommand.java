package org.dmad.evaluation.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.RowStream;
import org.dmad.evaluation.harness.ModelStore;
import org.dmad.evaluation.metrics.Metrics;
import org.dmad.tribuo.DMADModel;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dmad score}: scores every row of a file with a saved model. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = {
            "Scores every row of a file with a saved model and writes row,score,prediction,label as CSV "
                    + "(label empty when the file has none), printing AUROC when the file has both labels. The file is "
                    + "read, scored and written " + ScoreCommand.CHUNK_ROWS + " rows at a time, so memory stays "
                    + "bounded whatever its size (CSV, ARFF and .npz; an .npz whose X is in Fortran order is read whole). --out may not be the "
                    + "--model or --data file; a damaged model file is refused. dmad models are scored by one thread per "
                    + "processor; DMAD_JAVA_OPTS=-D" + ScorePipeline.WORKERS_PROPERTY + "=N sets how many (scores do "
                    + "not depend on it)."
        })
final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model from dmad train.")
    private Path modelFile;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "FILE",
            description = "Rows to score (.npz, .csv, " + ".arff), with the training file's feature columns.")
    private Path data;

    @Option(names = "--out", required = true, paramLabel = "CSV", description = "Scores file to write.")
    private Path out;

    @Option(
            names = "--label-column",
            defaultValue = "label",
            paramLabel = "NAME",
            description = "Label column of a CSV file (default: ${DEFAULT-VALUE}); a file without it is scored as "
                    + "unlabelled; use '' for none.")
    private String labelColumn;

    @Option(
            names = "--device",
            paramLabel = "NAME",
            description = "Device to score on: cpu, gpu, gpu:N or auto (the first GPU if one is visible, else cpu). "
                    + "Default: the device the model was trained on where it is visible here, else cpu.")
    private String device;

    @picocli.CommandLine.Mixin
    private ScaleOutOptions scaleOut = new ScaleOutOptions();

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    /** Rows read, scored and written at a time: memory holds this many rows whatever the file's size. */
    static final int CHUNK_ROWS = 8192;

    /**
     * The most labelled rows whose scores are kept for AUROC and average precision: 9 bytes a row here, and
     * about 40 more while the metrics rank them, so at most about 100 MB; beyond it the scores file has them.
     */
    static final int MAX_METRIC_ROWS = 2_000_000;

    @Override
    public Integer call() throws Exception {
        if (device != null) {
            if (org.dmad.engine.DMADEngine.checkDeviceSetting(device).equals("cpu") && scaleOut.local()) {
                // Scoring on the CPU: the GPU stays untouched (docs/PERFORMANCE.md section 12).
                org.dmad.engine.DMADEngine.hideGpus();
            }
        }
        if (!scaleOut.local()) {
            // On a cluster --out may be a folder (Parquet) or a cluster URI; a local path must still not be an input.
            String clusterOut = scaleOut.typed("--out");
            if (!clusterOut.contains("://")) {
                Path target = OutputPaths.resolved(Path.of(clusterOut));
                for (Path in : List.of(modelFile, data)) {
                    if (target.equals(OutputPaths.resolved(in))) {
                        throw new IllegalArgumentException("--out " + clusterOut + " is the input " + in
                                + ": writing it would destroy the input; choose another output path");
                    }
                }
            }
            if (device != null) {
                throw new IllegalArgumentException("--device applies to local scoring; the cluster's executors score "
                        + "with each model's default device");
            }
            System.out.println(scaleOut.cluster()
                    .score(
                            modelFile,
                            scaleOut.typed("--data"),
                            scaleOut.typed("--out"),
                            labelColumn.isEmpty() ? null : labelColumn,
                            scaleOut.master));
            return 0;
        }
        OutputPaths.checkFile(
                "--out",
                out,
                List.of(new OutputPaths.Input("--model", modelFile), new OutputPaths.Input("--data", data)));
        Model<?> loaded = ModelStore.load(modelFile);
        try {
            if (!loaded.validate(Event.class)) {
                throw new IllegalArgumentException(modelFile + " is not an anomaly-detection model");
            }
            @SuppressWarnings("unchecked")
            Model<Event> model = (Model<Event>) loaded;
            if (device != null) {
                if (model instanceof org.dmad.tribuo.DMADModel dmadModel) {
                    dmadModel.setScoringDevice(device);
                } else if (!device.trim().equalsIgnoreCase("cpu")) {
                    throw new IllegalArgumentException(modelFile + " holds a "
                            + model.getClass().getSimpleName() + ", which scores on the CPU only: --device " + device
                            + " applies to dmad detectors");
                }
            }
            boolean labelRequired = spec.commandLine().getParseResult().hasMatchedOption("--label-column");
            try (RowStream rows = Datasets.open(data, labelColumn.isEmpty() ? null : labelColumn, labelRequired)) {
                checkFeatures(model, rows);
                score(model, rows);
            }
        } finally {
            if (loaded instanceof AutoCloseable c) {
                c.close();
            }
        }
        return 0;
    }

    private void checkFeatures(Model<Event> model, RowStream rows) {
        Set<String> expected = new TreeSet<>();
        model.getFeatureIDMap().forEach(info -> expected.add(info.getName()));
        Set<String> present = new HashSet<>(rows.featureNames());
        if (!present.equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(present);
            Set<String> extra = new TreeSet<>(present);
            extra.removeAll(expected);
            throw new IllegalArgumentException(data + " does not have the model's features: "
                    + rows.featureNames().size() + " columns vs " + expected.size() + " in the model"
                    + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (extra.isEmpty() ? "" : "; unknown " + extra));
        }
    }

    /**
     * Streams the rows through the model into a temporary file beside {@code --out}, then renames it into place;
     * the temporary file is removed if anything fails. The scores file always has the columns
     * row,score,prediction,label; the label is empty for a file without labels.
     */
    private void score(Model<Event> model, RowStream rows) throws Exception {
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        boolean labelled = rows.labelled();
        // dmad models score from several workers, each with one PyTorch intra-op thread (a row's score is the same
        // alone or in any batch, so the worker count changes no score); other models' thread safety is theirs, so
        // they get one worker.
        ScorePipeline.ChunkScorer scorer;
        int workers;
        Runnable workerSetup;
        if (model instanceof DMADModel dmad) {
            scorer = new RawScorer(dmad, rows.featureNames());
            workers = ScorePipeline.workers();
            workerSetup = ScoreCommand::oneIntraOpThread;
        } else {
            scorer = new ExampleScorer(model, rows.featureNames(), labelled);
            workers = 1;
            workerSetup = () -> {};
        }
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        MetricRows metric = new MetricRows();
        ScorePipeline.Result result;
        try {
            try (OutputStream w = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                ScorePipeline.header(w);
                result = ScorePipeline.run(rows, scorer, workers, workerSetup, w, labelled ? metric::add : null);
            }
            if (result.rows() == 0) {
                throw new IOException(data + " has a header but no data rows");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
        System.out.printf(
                Locale.ROOT, "Scored %d rows of %s: %d predicted ANOMALOUS%n", result.rows(), data, result.flagged());
        if (labelled) {
            System.out.println(metric.summary());
        }
        System.out.println("Scores: " + target);
    }

    /** A scoring worker's engine setting, made on the worker's thread: one PyTorch intra-op thread. */
    static void oneIntraOpThread() {
        org.dmad.engine.DMADEngine.setThreads(1);
    }

    /**
     * dmad models: the rows go to the model as plain values, reordered to its feature ids, in its own batches of
     * {@link DMADModel#PREDICT_BATCH} (so the scores are the ones {@code Model.predict} gives). Safe to call from
     * several threads (the model is).
     */
    private static final class RawScorer implements ScorePipeline.ChunkScorer {
        private final DMADModel model;
        private final int[] column;

        RawScorer(DMADModel model, List<String> names) {
            this.model = model;
            int d = names.size();
            column = new int[d];
            for (int j = 0; j < d; j++) {
                column[j] = names.indexOf(model.getFeatureIDMap().get(j).getName());
            }
        }

        @Override
        public double[] score(double[] x, int[] y, int n, boolean[] anomalous) {
            int d = column.length;
            double[] out = new double[n];
            double[] raw = new double[Math.min(DMADModel.PREDICT_BATCH, n) * d];
            for (int b = 0; b < n; b += DMADModel.PREDICT_BATCH) {
                int m = Math.min(DMADModel.PREDICT_BATCH, n - b);
                if (raw.length != m * d) {
                    raw = new double[m * d];
                }
                for (int i = 0; i < m; i++) {
                    int src = (b + i) * d;
                    for (int j = 0; j < d; j++) {
                        raw[i * d + j] = x[src + column[j]];
                    }
                }
                System.arraycopy(model.scoreRows(raw), 0, out, b, m);
            }
            double threshold = model.getThreshold();
            for (int i = 0; i < n; i++) {
                anomalous[i] = out[i] > threshold;
            }
            return out;
        }
    }

    /** Any other Tribuo anomaly model (the Weka and LibSVM baselines): Tribuo examples and predictions. */
    private static final class ExampleScorer implements ScorePipeline.ChunkScorer {
        private final Model<Event> model;
        private final String[] names;
        private final boolean labelled;

        ExampleScorer(Model<Event> model, List<String> names, boolean labelled) {
            this.model = model;
            this.names = names.toArray(new String[0]);
            this.labelled = labelled;
        }

        @Override
        public double[] score(double[] x, int[] y, int n, boolean[] anomalous) {
            int d = names.length;
            List<Example<Event>> chunk = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                chunk.add(new ArrayExample<>(
                        !labelled
                                ? AnomalyFactory.UNKNOWN_EVENT
                                : y[i] == 1 ? AnomalyFactory.ANOMALOUS_EVENT : AnomalyFactory.EXPECTED_EVENT,
                        names,
                        Arrays.copyOfRange(x, i * d, (i + 1) * d)));
            }
            List<Prediction<Event>> predictions = model.predict(chunk);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                Event e = predictions.get(i).getOutput();
                out[i] = e.getScore();
                anomalous[i] = e.getType() == Event.EventType.ANOMALOUS;
            }
            return out;
        }
    }

    /** The scores and labels of a labelled file, kept for AUROC up to {@link #MAX_METRIC_ROWS} rows. */
    private static final class MetricRows {
        private double[] scores = new double[CHUNK_ROWS];
        private byte[] labels = new byte[CHUNK_ROWS];
        private int n;
        private long seen;
        private long anomalies;

        void add(double score, int label) {
            seen++;
            anomalies += label;
            if (seen > MAX_METRIC_ROWS) {
                scores = null;
                labels = null;
                return;
            }
            if (n == scores.length) {
                int grown = (int) Math.min((long) n * 2, MAX_METRIC_ROWS);
                scores = Arrays.copyOf(scores, grown);
                labels = Arrays.copyOf(labels, grown);
            }
            scores[n] = score;
            labels[n++] = (byte) label;
        }

        String summary() {
            if (anomalies == 0 || anomalies == seen) {
                return "No AUROC: every row of the file has the same label ("
                        + (anomalies == 0 ? "normal" : "anomalous") + ")";
            }
            if (seen > MAX_METRIC_ROWS) {
                return String.format(
                        Locale.ROOT,
                        "No AUROC: more than %,d labelled rows (memory would grow with the "
                                + "file); the scores file has every row's score and label",
                        MAX_METRIC_ROWS);
            }
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = labels[i];
            }
            double[] s = Arrays.copyOf(scores, n);
            return String.format(
                    Locale.ROOT,
                    "AUROC %.4f, average precision %.4f against the file's labels",
                    Metrics.auroc(y, s),
                    Metrics.averagePrecision(y, s));
        }
    }
}
