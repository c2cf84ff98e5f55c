package org.dmad.evaluation.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dmad.engine.DDPMScoring;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.harness.Benchmark;
import org.dmad.evaluation.metrics.Metrics;
import org.dmad.evaluation.protocol.Protocol;
import org.dmad.evaluation.protocol.Split;
import org.dmad.tribuo.DDPMModel;
import org.dmad.tribuo.DDPMTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;

/**
 * DDPM's 250 ancestral steps against DDIM with 10, 20 and 50 steps on the same trained denoiser, for every ADBench
 * file of a folder (protocol semi, seed 0): AUROC and scoring seconds side by side. One denoiser per file, rescored
 * with {@link DDPMModel#withScoring}, so the samplers differ and nothing else does.
 */
public final class SamplerSuite {

    private static final String[] COLUMNS = {
        "dataset",
        "test rows",
        "ddpm AUROC",
        "ddpm s",
        "ddim-10 AUROC",
        "ddim-10 s",
        "ddim-20 AUROC",
        "ddim-20 s",
        "ddim-50 AUROC",
        "ddim-50 s"
    };

    /** The DDIM step counts compared with DDPM. */
    public static final int[] DDIM_STEPS = {10, 20, 50};

    private SamplerSuite() {}

    /**
     * Runs the comparison.
     *
     * @param adbench the folder of .npz files.
     * @param profile quick (30 epochs) or paper (400, early stopping) training of the denoiser.
     * @param threads PyTorch intra-op threads.
     * @param limit   the most files, smallest first (0 = all).
     * @return the table, with a mean row.
     * @throws IOException when a file cannot be read.
     */
    public static PerfTable run(Path adbench, Profile profile, int threads, int limit) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(adbench)) {
            files = new ArrayList<>(
                    s.filter(p -> p.toString().endsWith(".npz")).sorted().toList());
        }
        if (files.isEmpty()) {
            throw new IOException("No .npz files in " + adbench);
        }
        files.sort((a, b) -> {
            try {
                return Long.compare(Files.size(a), Files.size(b));
            } catch (IOException e) {
                return 0;
            }
        });
        if (limit > 0 && files.size() > limit) {
            files = files.subList(0, limit);
        }
        PerfTable table = new PerfTable(
                "sampler",
                "DDPM (250 steps) against DDIM (10, 20, 50 steps) on one denoiser",
                "Protocol semi, seed 0; the denoiser trained once per file with the " + profile.cliName()
                        + " profile, " + threads + " intra-op thread(s); score = Model.predict of the test rows; "
                        + "AUROC in points.",
                COLUMNS);
        double[] sums = new double[8];
        for (Path file : files) {
            TabularData data = Datasets.load(file, "label");
            Split split = Protocol.SEMI.split(data, 0);
            MutableDataset<Event> train =
                    Benchmark.dataset(data, split.train(), split.trainLabels(), false, split.columns(), "train");
            MutableDataset<Event> test =
                    Benchmark.dataset(data, split.test(), split.testLabels(), false, split.columns(), "test");
            DDPMTrainer trainer = DDPMTrainer.builder()
                    .epochs(profile == Profile.QUICK ? 30 : 400)
                    .seed(0)
                    .threads(threads)
                    .build();
            List<Object> row = new ArrayList<>();
            row.add(data.name());
            row.add(split.testRows());
            try (DDPMModel model = (DDPMModel) trainer.train(train)) {
                double[] r = score(model, test, split.testLabels());
                row.add(fmt(r[0]));
                row.add(fmt(r[1]));
                sums[0] += r[0];
                sums[1] += r[1];
                for (int i = 0; i < DDIM_STEPS.length; i++) {
                    DDPMScoring ddim = new DDPMScoring(
                            DDPMScoring.Sampler.DDIM,
                            DDPMScoring.DEFAULT_RECONSTRUCTION_TIME,
                            DDPMScoring.Start.INPUT,
                            false,
                            false,
                            DDIM_STEPS[i],
                            DDPMScoring.DEFAULT_DDIM_ETA,
                            0);
                    try (DDPMModel fast = model.withScoring(ddim, train)) {
                        double[] f = score(fast, test, split.testLabels());
                        row.add(fmt(f[0]));
                        row.add(fmt(f[1]));
                        sums[2 + 2 * i] += f[0];
                        sums[3 + 2 * i] += f[1];
                    }
                }
            }
            table.add(pairs(row));
            System.err.println("  " + row);
        }
        List<Object> mean = new ArrayList<>();
        mean.add("mean of " + files.size() + " (seconds: total)");
        mean.add("");
        for (int i = 0; i < sums.length; i++) {
            mean.add(i % 2 == 0 ? fmt(sums[i] / files.size()) : fmt(sums[i]));
        }
        table.add(pairs(mean));
        return table;
    }

    /** Column name, value pairs, as {@link PerfTable#add} takes them. */
    private static Object[] pairs(List<Object> values) {
        Object[] out = new Object[2 * values.size()];
        for (int i = 0; i < values.size(); i++) {
            out[2 * i] = COLUMNS[i];
            out[2 * i + 1] = values.get(i);
        }
        return out;
    }

    private static double[] score(DDPMModel model, MutableDataset<Event> test, int[] labels) {
        long t0 = System.nanoTime();
        List<Prediction<Event>> p = model.predict(test);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] scores = p.stream().mapToDouble(x -> x.getOutput().getScore()).toArray();
        return new double[] {100 * Metrics.auroc(labels, scores), seconds};
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 || v < 1 ? "%.3g" : "%.2f", v);
    }
}
