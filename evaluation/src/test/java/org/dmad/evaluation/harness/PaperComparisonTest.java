package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
