package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.dmad.evaluation.detectors.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellClaimsTest {

    @Test
    void everyCellIsClaimedByExactlyOneProcessUntilTheClaimsAreReset(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve(".claims");
        assertThrows(IllegalArgumentException.class, () -> CellClaims.in(folder));
        CellClaims.reset(folder);
        CellClaims first = CellClaims.in(folder);
        CellClaims second = CellClaims.in(folder);
        assertTrue(first.shared());
        assertFalse(CellClaims.ALL.shared());
        // Two threads race for 200 cells, as two worker JVMs do: each cell goes to exactly one.
        int[] taken = new int[200];
        Thread other = new Thread(() -> {
            for (int c = 0; c < taken.length; c++) {
                if (second.claim(c)) {
                    synchronized (taken) {
                        taken[c]++;
                    }
                }
            }
        });
        other.start();
        for (int c = 0; c < taken.length; c++) {
            if (first.claim(c)) {
                synchronized (taken) {
                    taken[c]++;
                }
            }
        }
        other.join();
        for (int c = 0; c < taken.length; c++) {
            assertEquals(1, taken[c], "cell " + c);
        }
        assertTrue(CellClaims.ALL.claim(7) && CellClaims.ALL.claim(7), "one process runs every cell");
        // A new benchmark starts from no claims (an interrupted one's claims must not block its cells).
        CellClaims.reset(folder);
        assertTrue(CellClaims.in(folder).claim(7));
        CellClaims.remove(folder);
        assertFalse(Files.exists(folder));
    }

    @Test
    void aSharedResultsFileMustExistKeepsOthersRowsAndReordersOnlyWhenNotShared(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("results.csv");
        assertThrows(IOException.class, () -> new ResultsFile(csv, Task.TABULAR, true));
        ResultRow a = row("a", "dte-c");
        ResultRow b = row("b", "dte-c");
        try (ResultsFile created = new ResultsFile(csv, Task.TABULAR)) {
            created.append(b);
        }
        // Two processes append to the same file; neither rewrites it.
        try (ResultsFile first = new ResultsFile(csv, Task.TABULAR, true);
                ResultsFile second = new ResultsFile(csv, Task.TABULAR, true)) {
            first.append(a);
            second.append(row("c", "iforest"));
            assertThrows(IllegalStateException.class, () -> first.reorder(Comparator.comparing(ResultRow::dataset)));
        }
        assertEquals(4, Files.readAllLines(csv).size());
        try (ResultsFile all = new ResultsFile(csv, Task.TABULAR)) {
            assertEquals(
                    List.of("b", "a", "c"),
                    all.rows().stream().map(ResultRow::dataset).toList());
            all.reorder(Comparator.comparing(ResultRow::dataset));
            assertEquals(
                    List.of("a", "b", "c"),
                    all.rows().stream().map(ResultRow::dataset).toList());
        }
        try (ResultsFile reread = new ResultsFile(csv, Task.TABULAR)) {
            assertEquals(
                    List.of("a", "b", "c"),
                    reread.rows().stream().map(ResultRow::dataset).toList());
            assertTrue(reread.done(a.key()));
        }
    }

    private static ResultRow row(String dataset, String detector) {
        return ResultRow.tabular(dataset, detector, 0, "semi", ResultRow.OK, 0.9, 0.5, 0.4, 1.5, 0.1, 100, 50, 6, "");
    }
}
