package org.dmad.evaluation.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares benchmark results with published per-dataset AUROC figures (a CSV with columns
 * {@code dataset,detector,mean,std}, AUROC in percent, dataset names in lower case without ADBench's numeric prefix,
 * as the DTE paper's table that dmad ships, {@link #paperTable()}). For each detector it averages both over the
 * datasets present in both, so that the two means are over the same datasets.
 */
public final class PaperComparison {

    /** dmad detector names and the names the DTE paper's table uses. */
    private static final Map<String, String> PAPER_NAMES = Map.of(
            "dte-c", "DTE-C", "dte-ig", "DTE-IG", "dte-np", "DTE-NP", "ddpm", "DDPM", "iforest", "IForest", "ocsvm",
            "OCSVM");

    /** The classpath resource of the DTE paper's table. */
    private static final String PAPER_TABLE = "/org/dmad/evaluation/paper_semi_aucroc.csv";

    private PaperComparison() {}

    /** @return the dmad names of the detectors the DTE paper's table has figures for, sorted. */
    public static List<String> paperDetectors() {
        return PAPER_NAMES.keySet().stream().sorted().toList();
    }

    /**
     * The DTE paper's semi-supervised AUROC table (Livernoche et al., ICLR 2024: mean and standard deviation over
     * seeds 0-4, in percent, for DTE-C, DTE-IG, DTE-NP, DDPM, isolation forest and one-class SVM on ADBench's 57
     * datasets), shipped with dmad: {@code dataset,detector,mean,std} lines, header first.
     *
     * @return the table's lines.
     */
    public static List<String> paperTable() {
        try (InputStream in = PaperComparison.class.getResourceAsStream(PAPER_TABLE)) {
            if (in == null) {
                throw new IllegalStateException(PAPER_TABLE + " is missing from the evaluation jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One detector's comparison.
     *
     * @param detector  the dmad name.
     * @param datasets  datasets in both.
     * @param ours      our mean AUROC over them (percent).
     * @param paper     the paper's mean AUROC over them (percent).
     * @param perDataset dataset -> {ours, paper mean, paper std}.
     */
    public record Line(String detector, int datasets, double ours, double paper, Map<String, double[]> perDataset) {
        /** @return ours - paper, in AUROC points. */
        public double difference() {
            return ours - paper;
        }
    }

    /**
     * The paper's name of a dataset: ADBench's file name without its numeric prefix, in lower case.
     *
     * @param dataset e.g. "2_annthyroid".
     * @return e.g. "annthyroid".
     */
    public static String paperDataset(String dataset) {
        return dataset.replaceFirst("^\\d+_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Compares rows with anchors.
     *
     * @param rows    results rows (several folders may be merged); only successful runs count, averaged over seeds.
     * @param anchors the anchors CSV.
     * @return one line per detector that has anchors.
     * @throws IOException when the anchors cannot be read.
     */
    public static List<Line> compare(List<ResultRow> rows, Path anchors) throws IOException {
        return compare(rows, Files.readAllLines(anchors));
    }

    /**
     * Compares rows with anchors given as lines.
     *
     * @param rows    results rows (several folders may be merged); only successful runs count, averaged over seeds.
     * @param anchors the anchors' {@code dataset,detector,mean,std} lines, e.g. {@link #paperTable()}.
     * @return one line per detector that has anchors.
     */
    public static List<Line> compare(List<ResultRow> rows, List<String> anchors) {
        Map<String, double[]> paper = new LinkedHashMap<>();
        for (String line : anchors) {
            String[] f = line.split(",");
            if (f.length == 4 && !f[0].equals("dataset")) {
                paper.put(f[0] + "|" + f[1], new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
            }
        }
        Summary summary = new Summary(rows);
        List<Line> out = new ArrayList<>();
        for (String detector : summary.detectors()) {
            String name = PAPER_NAMES.get(detector);
            if (name == null) {
                continue;
            }
            Map<String, double[]> per = new LinkedHashMap<>();
            double ours = 0;
            double theirs = 0;
            for (String dataset : summary.datasets()) {
                Summary.Cell cell = summary.cell(dataset, detector);
                double[] anchor = paper.get(paperDataset(dataset) + "|" + name);
                if (cell != null && anchor != null) {
                    per.put(dataset, new double[] {100 * cell.mean("auroc"), anchor[0], anchor[1]});
                    ours += 100 * cell.mean("auroc");
                    theirs += anchor[0];
                }
            }
            if (!per.isEmpty()) {
                out.add(new Line(detector, per.size(), ours / per.size(), theirs / per.size(), per));
            }
        }
        return out;
    }
}
