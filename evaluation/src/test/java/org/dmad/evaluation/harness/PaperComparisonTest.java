package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.cli.DMADCli;
import org.dmad.evaluation.detectors.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperComparisonTest {

    private static ResultRow row(String dataset, String detector, long seed, double auroc) {
        return ResultRow.tabular(dataset, detector, seed, "semi", ResultRow.OK, auroc, 0.5, 0.5, 1, 1, 10, 10, 3, "");
    }

    @Test
    void meansAreTakenOverTheDatasetsBothHave(@TempDir Path dir) throws Exception {
        Path anchors = dir.resolve("a.csv");
        Files.writeString(
                anchors,
                "dataset,detector,mean,std\nannthyroid,DTE-C,97.5,0.1\nwbc,DTE-C,80.0,7.0\n"
                        + "glass,DTE-C,90.0,1.0\nannthyroid,IForest,90.0,1.0\n");
        List<ResultRow> rows = List.of(
                row("2_annthyroid", "dte-c", 0, 0.97),
                row("2_annthyroid", "dte-c", 1, 0.99),
                row("42_WBC", "dte-c", 0, 0.90),
                row("2_annthyroid", "iforest", 0, 0.88),
                row("2_annthyroid", "latent", 0, 0.5));
        List<PaperComparison.Line> lines = PaperComparison.compare(rows, anchors);
        assertEquals(2, lines.size(), "latent has no published figure");
        PaperComparison.Line dte = lines.get(0);
        assertEquals(2, dte.datasets(), "glass has no dmad result and is left out of both means");
        assertEquals((98.0 + 90.0) / 2, dte.ours(), 1e-9, "seeds are averaged first");
        assertEquals((97.5 + 80.0) / 2, dte.paper(), 1e-9);
        assertEquals(-2.0, lines.get(1).difference(), 1e-9);
        assertEquals("wbc", PaperComparison.paperDataset("42_WBC"));
    }

    @Test
    void theShippedPaperTableHasEveryDetectorOnEveryDataset() {
        List<String> table = PaperComparison.paperTable();
        assertEquals("dataset,detector,mean,std", table.get(0));
        assertEquals(57 * 6, table.size() - 1, "57 ADBench datasets x 6 detectors");
        assertTrue(table.contains("aloi,DTE-C,50.44,0.19"), table.get(1));
        for (String detector : List.of("DTE-C", "DTE-IG", "DTE-NP", "DDPM", "IForest", "OCSVM")) {
            assertEquals(
                    57,
                    table.stream().filter(l -> l.split(",")[1].equals(detector)).count(),
                    detector);
        }
    }

    @Test
    void theShippedPaperTableIsTheSharedAnchorsFile() throws Exception {
        Path shared = Path.of(System.getProperty("dmad.shared.dir", "../shared"), "anchors", "paper_semi_aucroc.csv");
        assumeTrue(Files.isRegularFile(shared), "no " + shared + "; skipping");
        assertEquals(Files.readAllLines(shared), PaperComparison.paperTable());
    }

    @Test
    void compareWithoutAnchorsUsesTheShippedTable(@TempDir Path dir) throws Exception {
        try (ResultsFile results = new ResultsFile(dir.resolve("results.csv"), Task.TABULAR)) {
            results.append(row("2_annthyroid", "dte-c", 0, 0.95));
        }
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertEquals(0, DMADCli.execute("compare", dir.toString()));
        } finally {
            System.setOut(out);
        }
        double paper = PaperComparison.paperTable().stream()
                .filter(l -> l.startsWith("annthyroid,DTE-C,"))
                .mapToDouble(l -> Double.parseDouble(l.split(",")[2]))
                .findFirst()
                .orElseThrow();
        String expected = String.format(java.util.Locale.ROOT, "| dte-c | 1 | 95.00 | %.2f |", paper);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains(expected), printed.toString());
    }

    @Test
    void compareSaysSoWhenNothingHasAPublishedFigure(@TempDir Path dir) throws Exception {
        try (ResultsFile results = new ResultsFile(dir.resolve("results.csv"), Task.TABULAR)) {
            results.append(row("synthetic-local", "dte-c", 0, 0.95));
            results.append(row("2_annthyroid", "latent", 0, 0.95));
        }
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertEquals(0, DMADCli.execute("compare", dir.toString()));
        } finally {
            System.setOut(out);
        }
        assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("Nothing to compare:"), printed.toString());
    }
}
