package org.dmad.evaluation.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.PaperComparison;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.ResultsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dmad compare}: benchmark results against published figures. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Compares the AUROC of one or more bench output folders with published per-dataset figures "
                + "(by default the DTE paper's semi-supervised table, which dmad ships), detector by detector, over "
                + "the datasets both have.")
final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Bench output folders (their results are merged).")
    private List<Path> folders;

    @Option(
            names = "--anchors",
            paramLabel = "CSV",
            description = "Published figures: a CSV file of dataset,detector,mean,std lines, AUROC in percent "
                    + "(default: the DTE paper's semi-supervised table, mean over seeds 0-4, shipped with dmad).")
    private Path anchors;

    @Option(names = "--per-dataset", description = "Also print every dataset's figures.")
    private boolean perDataset;

    @Override
    public Integer call() throws Exception {
        List<String> published = anchors == null ? PaperComparison.paperTable() : Files.readAllLines(anchors);
        List<ResultRow> rows = new ArrayList<>();
        for (Path f : folders) {
            try (ResultsFile r = new ResultsFile(f.resolve("results.csv"), Task.TABULAR)) {
                rows.addAll(r.rows());
            }
        }
        List<PaperComparison.Line> lines = PaperComparison.compare(rows, published);
        if (lines.isEmpty()) {
            System.out.println("Nothing to compare: no dataset and detector of these results has a published figure "
                    + "(the figures name ADBench's datasets, e.g. annthyroid for 2_annthyroid, and the detectors "
                    + String.join(", ", PaperComparison.paperDetectors()) + ").");
            return 0;
        }
        System.out.println("| detector | datasets | dmad mean AUROC | paper mean AUROC | difference |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (PaperComparison.Line l : lines) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.2f | %.2f | %+.2f |%n",
                    l.detector(),
                    l.datasets(),
                    l.ours(),
                    l.paper(),
                    l.difference());
        }
        if (perDataset) {
            for (PaperComparison.Line l : lines) {
                System.out.println();
                System.out.println(l.detector() + ":");
                for (Map.Entry<String, double[]> e : l.perDataset().entrySet()) {
                    double[] v = e.getValue();
                    System.out.printf(
                            Locale.ROOT, "  %-22s dmad %6.2f  paper %6.2f +- %5.2f%n", e.getKey(), v[0], v[1], v[2]);
                }
            }
        }
        return 0;
    }
}
