package org.dmad.evaluation.perf;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.dmad.engine.AdamKernel;
import org.dmad.engine.DMADEngine;
import org.dmad.engine.DTECategorical;
import org.dmad.engine.DenoiserNetwork;
import org.dmad.engine.DenoiserTraining;
import org.dmad.engine.Matrix;
import org.dmad.engine.NoiseSchedule;
import org.dmad.engine.Standardizer;
import org.dmad.engine.TrainingLoop;
import org.dmad.engine.TrainingMonitor;
import org.dmad.engine.TrainingSettings;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.tribuo.DDPMTrainer;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The engine-level and detector-level measurements behind docs/PERFORMANCE.md: matrix-multiply peak, training
 * throughput, scoring throughput of every detector, scoring a million rows in flat memory, and DTE-NP at 25,000 by
 * 25,000 rows. The reference comparison on ADBench files is {@link ReferenceSuite}.
 */
public final class PerfSuites {

    private static final AnomalyFactory FACTORY = new AnomalyFactory();

    private PerfSuites() {}

    /**
     * What to measure and how hard.
     *
     * @param threads         PyTorch intra-op threads (0 = automatic: 1).
     * @param warmups         untimed runs before the timed ones.
     * @param iterations      timed runs.
     * @param features        columns of the generated data.
     * @param trainRows       rows of one training-throughput run (an epoch).
     * @param trainBatches    batch sizes for training throughput.
     * @param matMulSizes     matrix multiplies as {m, k, n}.
     * @param scoreRows       rows scored per timed run in the scoring suite.
     * @param streamRows      rows scored in total by the million-row suite.
     * @param streamDetectors detectors of the million-row suite.
     * @param npRows          training rows and test rows of the DTE-NP suite.
     */
    public record Settings(
            int threads,
            int warmups,
            int iterations,
            int features,
            int trainRows,
            List<Integer> trainBatches,
            List<int[]> matMulSizes,
            int scoreRows,
            int streamRows,
            List<String> streamDetectors,
            int npRows) {}

    /**
     * Matrix-multiply throughput through DJL's {@code NDArray.matMul} on the CPU, float32.
     *
     * @param s the settings.
     * @return the table; its largest GFLOP/s is the peak other tables compare with.
     * @throws Exception when the engine fails.
     */
    public static PerfTable matMul(Settings s) throws Exception {
        int threads = DMADEngine.setThreads(s.threads());
        PerfTable table = new PerfTable(
                "matmul",
                "Matrix-multiply peak (float32, DJL NDArray.matMul)",
                "C = A B with A (m x k) and B (k x n) uniform in [0, 1), FLOPs = 2 m k n; each timed run repeats the "
                        + "multiply enough times for about 5 GFLOP; " + threads + " intra-op thread(s).",
                "m x k x n",
                "repeats per run",
                "median ms per multiply",
                "GFLOP/s (median)",
                "GFLOP/s (best)");
        try (NDManager manager =
                NDManager.newBaseManager(Device.cpu(), DMADEngine.engine().getEngineName())) {
            for (int[] size : s.matMulSizes()) {
                long flops = FlopCount.matMul(size[0], size[1], size[2]);
                int repeats = (int) Math.max(1, Math.min(100_000, 5e9 / flops));
                NDArray a = manager.randomUniform(0, 1, new Shape(size[0], size[1]));
                NDArray b = manager.randomUniform(0, 1, new Shape(size[1], size[2]));
                Timing.Sample sample = Timing.measure(Math.max(1, s.warmups()), s.iterations(), () -> {
                    for (int r = 0; r < repeats; r++) {
                        a.matMul(b).close();
                    }
                });
                table.add(
                        "m x k x n",
                        size[0] + " x " + size[1] + " x " + size[2],
                        "repeats per run",
                        repeats,
                        "median ms per multiply",
                        1e3 * sample.median() / repeats,
                        "GFLOP/s (median)",
                        flops * (double) repeats / sample.median() / 1e9,
                        "GFLOP/s (best)",
                        flops * (double) repeats / sample.best() / 1e9);
            }
        }
        return table;
    }

    /**
     * The best GFLOP/s of a matrix-multiply table.
     *
     * @param matMul the table from {@link #matMul}.
     * @return the peak, NaN when the table is empty.
     */
    public static double peak(PerfTable matMul) {
        return matMul.rows().stream()
                .mapToDouble(r -> ((Number) r.get("GFLOP/s (best)")).doubleValue())
                .max()
                .orElse(Double.NaN);
    }

    /**
     * Training throughput of DTE-C and the DDPM denoiser at the paper's settings (architectures, learning rate,
     * weight decay, dropout), through dmad's training loop, with analytic FLOP counts.
     *
     * @param s    the settings.
     * @param peak the matrix-multiply peak in GFLOP/s, NaN if unknown.
     * @return the table.
     * @throws Exception when training fails.
     */
    public static PerfTable training(Settings s, double peak) throws Exception {
        int d = s.features();
        int threads = DMADEngine.resolveThreads(s.threads());
        DTECategoricalTrainer dte = DTECategoricalTrainer.builder().build();
        DDPMTrainer ddpm = DDPMTrainer.builder().build();
        long dteForward = FlopCount.mlpForward(d, DTECategoricalTrainer.DEFAULT_HIDDEN_SIZES, 7);
        DenoiserNetwork denoiser = DenoiserNetwork.paper(d);
        long ddpmForward = FlopCount.denoiserForward(denoiser);
        PerfTable table = new PerfTable(
                "train",
                "Training throughput at the paper's settings",
                "One timed run = one epoch over " + s.trainRows() + " generated rows of " + d + " features (network "
                        + "initialisation and the parameter copy at the end included), " + threads + " intra-op "
                        + "thread(s). FLOPs per row = 3 x forward (backward = 2 x forward), linear layers only: "
                        + "DTE-C " + String.format(java.util.Locale.ROOT, "%.2f", dteForward / 1e6)
                        + " MFLOP forward (d-256-512-256-7), DDPM denoiser "
                        + String.format(java.util.Locale.ROOT, "%.2f", ddpmForward / 1e6) + " MFLOP forward (time MLP "
                        + "256-256-256, projection, d-128, 3 residual blocks 128-256-128, head). Ratio = GFLOP/s "
                        + "over the matrix-multiply peak.",
                "network",
                "adam",
                "batch",
                "steps per run",
                "median ms per step",
                "rows/s",
                "GFLOP/s",
                "of peak");
        Matrix rows = generated(s.trainRows(), d, 11);
        NoiseSchedule dteNoise = NoiseSchedule.of(NoiseSchedule.Type.parse("linear"), 400);
        NoiseSchedule ddpmNoise = NoiseSchedule.of(NoiseSchedule.Type.parse("linear"), 1000);
        for (int batch : s.trainBatches()) {
            // Each network with both Adam implementations: the fused kernel (the default) and DJL's per-tensor
            // Adam, so that the table shows what the optimiser costs.
            for (AdamKernel adam : AdamKernel.values()) {
                TrainingSettings dteSettings = new TrainingSettings(
                        1, batch, dte.getLearningRate(), dte.getWeightDecay(), 0, s.threads(), "cpu", 0, adam);
                Timing.Sample dteSample = Timing.measure(
                        s.warmups(),
                        s.iterations(),
                        () -> TrainingLoop.train(
                                        DTECategorical.network(d, DTECategoricalTrainer.DEFAULT_HIDDEN_SIZES, 7, 0.5),
                                        rows,
                                        dteSettings,
                                        DTECategorical.objective(dteNoise, 7, true),
                                        TrainingMonitor.NONE)
                                .network()
                                .close());
                addTraining(
                        table,
                        "DTE-C",
                        adam,
                        batch,
                        (rows.rows() + batch - 1) / batch,
                        rows.rows(),
                        dteForward,
                        dteSample,
                        peak);
            }
            for (AdamKernel adam : AdamKernel.values()) {
                TrainingSettings ddpmSettings = new TrainingSettings(
                        1, batch, ddpm.getLearningRate(), ddpm.getWeightDecay(), 0, s.threads(), "cpu", 0, adam);
                Timing.Sample ddpmSample = Timing.measure(
                        s.warmups(),
                        s.iterations(),
                        () -> DenoiserTraining.train(denoiser, rows, ddpmSettings, ddpmNoise, 0, 0)
                                .network()
                                .close());
                // The denoiser drops each epoch's last partial batch (batch normalisation).
                int full = Math.max(1, rows.rows() / batch);
                addTraining(
                        table,
                        "DDPM denoiser",
                        adam,
                        batch,
                        full,
                        Math.min(rows.rows(), full * batch),
                        ddpmForward,
                        ddpmSample,
                        peak);
            }
        }
        return table;
    }

    private static void addTraining(
            PerfTable table,
            String network,
            AdamKernel adam,
            int batch,
            int steps,
            int rowsPerRun,
            long forward,
            Timing.Sample sample,
            double peak) {
        double rowsPerSecond = rowsPerRun / sample.median();
        double gflops = rowsPerSecond * FlopCount.TRAINING_FACTOR * forward / 1e9;
        table.add(
                "network",
                network,
                "adam",
                adam.configName(),
                "batch",
                batch,
                "steps per run",
                steps,
                "median ms per step",
                1e3 * sample.median() / steps,
                "rows/s",
                rowsPerSecond,
                "GFLOP/s",
                gflops,
                "of peak",
                Double.isNaN(peak) ? "-" : String.format(java.util.Locale.ROOT, "%.0f%%", 100 * gflops / peak));
    }

    /**
     * Scoring throughput of every detector the harness knows, each trained with the quick profile on generated data
     * (training is not timed; scoring depends on the architecture and the scoring settings, which the quick profile
     * shares with the paper's, not on the training length).
     *
     * @param s the settings.
     * @return the table.
     * @throws Exception when a detector fails.
     */
    public static PerfTable scoring(Settings s) throws Exception {
        int d = s.features();
        TabularData train = SyntheticSuite.generate("global", 2000, 0, d, 21);
        TabularData test = SyntheticSuite.generate("global", s.scoreRows(), 0, d, 22);
        List<Example<Event>> testExamples = examples(test);
        List<Example<Event>> warmExamples = testExamples.subList(0, Math.min(1024, testExamples.size()));
        PerfTable table = new PerfTable(
                "score",
                "Scoring throughput of every detector",
                "Each detector trained with the quick profile on 2,000 generated rows of " + d + " features, then "
                        + s.scoreRows() + " rows scored per timed run through Tribuo's Model.predict (batches of "
                        + "1,024 inside dmad's models) after a 1,024-row warm-up; "
                        + DMADEngine.resolveThreads(s.threads()) + " intra-op thread(s). The 1,000,000-row column "
                        + "is 1e6 / (rows/s), an extrapolation; the measured million is the next table.",
                "detector",
                "rows scored",
                "median s",
                "rows/s",
                "1,000,000 rows, s (extrapolated)");
        for (String name : DetectorRegistry.names()) {
            withQuickModel(name, train, s.threads(), model -> {
                model.predict(warmExamples);
                Timing.Sample sample = Timing.measure(0, s.iterations(), () -> model.predict(testExamples));
                double rate = testExamples.size() / sample.median();
                table.add(
                        "detector",
                        name,
                        "rows scored",
                        testExamples.size(),
                        "median s",
                        sample.median(),
                        "rows/s",
                        rate,
                        "1,000,000 rows, s (extrapolated)",
                        1e6 / rate);
            });
        }
        return table;
    }

    /**
     * Scores {@code streamRows} rows in chunks of 50,000 (one generated chunk scored repeatedly, so that the
     * measurement holds only one chunk of examples) and reports the resident set size after each tenth of the rows:
     * flat when scoring memory does not grow with the number of rows.
     *
     * @param s the settings.
     * @return the table.
     * @throws Exception when a detector fails.
     */
    public static PerfTable stream(Settings s) throws Exception {
        int d = s.features();
        int chunk = Math.min(50_000, s.streamRows());
        TabularData train = SyntheticSuite.generate("global", 2000, 0, d, 21);
        List<Example<Event>> chunkExamples = examples(SyntheticSuite.generate("global", chunk, 0, d, 23));
        int chunks = Math.max(1, s.streamRows() / chunk);
        PerfTable table = new PerfTable(
                "stream",
                "Scoring " + String.format(java.util.Locale.ROOT, "%,d", (long) chunks * chunk)
                        + " rows in flat memory",
                "Detector trained with the quick profile on 2,000 generated rows of " + d + " features; one chunk "
                        + "of " + chunk + " rows scored " + chunks + " times through Model.predict; resident set "
                        + "size (VmRSS) read from /proc/self/status after the first chunk and after the last, peak "
                        + "(VmHWM) at the end. Includes the Java heap.",
                "detector",
                "rows",
                "total s",
                "rows/s",
                "RSS after first chunk MiB",
                "RSS at end MiB",
                "peak RSS MiB");
        for (String name : s.streamDetectors()) {
            withQuickModel(name, train, s.threads(), model -> {
                long t0 = System.nanoTime();
                double first = -1;
                for (int c = 0; c < chunks; c++) {
                    model.predict(chunkExamples);
                    if (c == 0) {
                        first = Timing.residentMiB()[0];
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double[] end = Timing.residentMiB();
                table.add(
                        "detector",
                        name,
                        "rows",
                        (long) chunks * chunk,
                        "total s",
                        seconds,
                        "rows/s",
                        chunks * (double) chunk / seconds,
                        "RSS after first chunk MiB",
                        first,
                        "RSS at end MiB",
                        end[0],
                        "peak RSS MiB",
                        end[1]);
            });
        }
        return table;
    }

    /** What a suite measures with a trained model. */
    @FunctionalInterface
    private interface ModelUse {
        void accept(Model<Event> model) throws Exception;
    }

    /** Trains a detector with the quick profile on generated rows, hands it over, and closes it. */
    private static void withQuickModel(String name, TabularData train, int threads, ModelUse use) throws Exception {
        Model<Event> model = DetectorRegistry.get(name)
                .factory()
                .create(Profile.QUICK, 0, threads, "cpu")
                .train(dataset(train));
        try {
            use.accept(model);
        } finally {
            if (model instanceof AutoCloseable c) {
                c.close();
            }
        }
    }

    /**
     * DTE-NP: {@code npRows} test rows against {@code npRows} training rows.
     *
     * @param s the settings.
     * @return the table.
     * @throws Exception when the detector fails.
     */
    public static PerfTable nonParametric(Settings s) throws Exception {
        int d = s.features();
        TabularData train = SyntheticSuite.generate("global", s.npRows(), 0, d, 31);
        List<Example<Event>> test = examples(SyntheticSuite.generate("global", s.npRows(), 0, d, 32));
        PerfTable table = new PerfTable(
                "dtenp",
                "DTE-NP scoring, " + s.npRows() + " x " + s.npRows() + " rows",
                "Generated rows of " + d + " features; fit = the trainer's train call (standardisation, storing the "
                        + "rows, scoring the training rows for the threshold); score = Model.predict of all test "
                        + "rows, after one untimed warm-up; " + DMADEngine.resolveThreads(s.threads())
                        + " intra-op thread(s).",
                "training rows",
                "test rows",
                "fit s",
                "score s (median)",
                "rows/s");
        long t0 = System.nanoTime();
        Model<Event> model = DetectorRegistry.get("dte-np")
                .factory()
                .create(Profile.PAPER, 0, s.threads(), "cpu")
                .train(dataset(train));
        double fit = (System.nanoTime() - t0) / 1e9;
        try {
            Timing.Sample sample = Timing.measure(Math.max(1, s.warmups()), s.iterations(), () -> model.predict(test));
            table.add(
                    "training rows",
                    s.npRows(),
                    "test rows",
                    test.size(),
                    "fit s",
                    fit,
                    "score s (median)",
                    sample.median(),
                    "rows/s",
                    test.size() / sample.median());
        } finally {
            if (model instanceof AutoCloseable c) {
                c.close();
            }
        }
        return table;
    }

    private static Matrix generated(int n, int d, long seed) {
        TabularData t = SyntheticSuite.generate("global", n, 0, d, seed);
        return Standardizer.fit(t.x(), d).apply(t.x(), d);
    }

    /**
     * Tribuo examples of every row, labelled by the data's labels.
     *
     * @param data the rows.
     * @return the examples.
     */
    static List<Example<Event>> examples(TabularData data) {
        String[] names = data.featureNames().toArray(new String[0]);
        int d = data.columns();
        List<Example<Event>> out = new ArrayList<>(data.rows());
        for (int i = 0; i < data.rows(); i++) {
            double[] row = new double[d];
            System.arraycopy(data.x(), i * d, row, 0, d);
            out.add(new ArrayExample<>(
                    data.y()[i] == 1 ? AnomalyFactory.ANOMALOUS_EVENT : AnomalyFactory.EXPECTED_EVENT, names, row));
        }
        return out;
    }

    private static MutableDataset<Event> dataset(TabularData data) {
        return new MutableDataset<>(new ListDataSource<>(
                examples(data), FACTORY, new SimpleDataSourceProvenance(data.name(), OffsetDateTime.now(), FACTORY)));
    }
}
