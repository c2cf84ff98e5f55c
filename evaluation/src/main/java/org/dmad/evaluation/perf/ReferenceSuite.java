package org.dmad.evaluation.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.harness.Benchmark;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.Runner;
import org.dmad.evaluation.protocol.Protocol;

/**
 * dmad against the PyTorch reference implementation of the DTE paper on 2_annthyroid and 38_thyroid (protocol
 * semi, seed 0, paper settings), timed by the benchmark harness (fit and score separately, one run each).
 */
public final class ReferenceSuite {

    /** The files compared. */
    public static final List<String> FILES = List.of("2_annthyroid", "38_thyroid");
    /** The detectors compared. */
    public static final List<String> DETECTORS = List.of("dte-c", "dte-np", "ddpm", "ddim");

    /**
     * The reference figures (the PyTorch reference implementation, this machine class, 2 threads), from issue #8:
     * dataset/detector to {fit seconds, score seconds}, NaN where not given.
     */
    private static final Map<String, double[]> REFERENCE = Map.of(
            "2_annthyroid/dte-c", new double[] {61, Double.NaN},
            "2_annthyroid/dte-np", new double[] {Double.NaN, 0.67},
            "2_annthyroid/ddpm", new double[] {20, 9.4},
            "38_thyroid/dte-c", new double[] {45, Double.NaN},
            "38_thyroid/ddpm", new double[] {Double.NaN, 4.8});

    private ReferenceSuite() {}

    /**
     * Runs the comparison.
     *
     * @param adbench the folder holding the ADBench .npz files.
     * @param profile paper for the real comparison (quick only for smoke runs).
     * @param threads PyTorch intra-op threads.
     * @param out     a fresh folder for the harness's output.
     * @return the table.
     * @throws IOException when the data cannot be read or the output written.
     */
    public static PerfTable run(Path adbench, Profile profile, int threads, Path out) throws IOException {
        if (Files.exists(out.resolve("results.csv"))) {
            throw new IllegalArgumentException(out + " already holds results (the harness would skip finished runs "
                    + "instead of timing them): use a fresh --out");
        }
        List<Path> files = new ArrayList<>();
        for (String f : FILES) {
            Path p = adbench.resolve(f + ".npz");
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("Missing " + p + ": pass the ADBench folder with --adbench");
            }
            files.add(p);
        }
        Benchmark.Settings settings = new Benchmark.Settings(
                Datasets.sources(files, "label"),
                DETECTORS,
                Protocol.SEMI,
                List.of(0L),
                profile,
                threads,
                "cpu",
                out,
                "label");
        List<ResultRow> rows = Benchmark.run(settings, new Runner.Listener() {});
        PerfTable table = new PerfTable(
                "reference",
                "dmad against the PyTorch reference (" + profile.cliName() + " profile)",
                "Benchmark harness, protocol semi, seed 0, " + profile.cliName() + " profile, "
                        + (threads == 0 ? "automatic" : Integer.toString(threads))
                        + " intra-op thread(s), one run each; "
                        + "harness output in " + out + ". Reference: the DTE paper's PyTorch implementation on this "
                        + "machine class at 2 threads (issue #8). DDIM's score is compared with the reference DDPM's and "
                        + "its AUROC with dmad's DDPM on the same file.",
                "dataset",
                "detector",
                "AUROC",
                "fit s",
                "score s",
                "reference fit s",
                "reference score s",
                "fit speed-up",
                "score speed-up");
        for (String file : FILES) {
            for (String detector : DETECTORS) {
                Optional<ResultRow> row = rows.stream()
                        .filter(r -> r.dataset().equals(file) && r.detector().equals(detector))
                        .reduce((a, b) -> b);
                if (row.isEmpty() || !row.get().ok()) {
                    table.add(
                            "dataset",
                            file,
                            "detector",
                            detector,
                            "AUROC",
                            "error: " + row.map(ResultRow::error).orElse("no run"),
                            "fit s",
                            null,
                            "score s",
                            null,
                            "reference fit s",
                            null,
                            "reference score s",
                            null,
                            "fit speed-up",
                            null,
                            "score speed-up",
                            null);
                    continue;
                }
                ResultRow r = row.get();
                double[] ref = REFERENCE.getOrDefault(
                        file + "/" + (detector.equals("ddim") ? "ddpm" : detector),
                        new double[] {Double.NaN, Double.NaN});
                double refFit = detector.equals("ddim") ? Double.NaN : ref[0];
                table.add(
                        "dataset",
                        file,
                        "detector",
                        detector,
                        "AUROC",
                        100 * r.metric("auroc"),
                        "fit s",
                        r.fitSeconds(),
                        "score s",
                        r.scoreSeconds(),
                        "reference fit s",
                        refFit,
                        "reference score s",
                        ref[1],
                        "fit speed-up",
                        refFit / r.fitSeconds(),
                        "score speed-up",
                        ref[1] / r.scoreSeconds());
            }
        }
        return table;
    }
}
