package org.dmad.evaluation.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardTest {

    @Test
    void theShardsOfAGridRunEveryCellExactlyOnce() {
        for (int count = 1; count <= 4; count++) {
            for (long cell = 0; cell < 23; cell++) {
                int owners = 0;
                for (int i = 0; i < count; i++) {
                    owners += new Shard(i, count).owns(cell) ? 1 : 0;
                }
                assertEquals(1, owners, "cell " + cell + " of " + count + " shards");
            }
        }
        assertEquals(new Shard(1, 3), Shard.parse(" 1/3 "));
        assertEquals("1/3", new Shard(1, 3).toString());
        assertFalse(Shard.ALL.shared());
        assertTrue(Shard.parse("0/2").shared());
        for (String bad : new String[] {"3/3", "-1/2", "1/0", "1", "a/b", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
            assertTrue(e.getMessage().contains("i/N"), e.getMessage());
        }
    }

    @Test
    void aSharedResultsFileMustExistKeepsOthersRowsAndReordersOnlyWhenNotShared(@TempDir Path dir)
            throws IOException {
        Path csv = dir.resolve("results.csv");
        assertThrows(IOException.class, () -> new ResultsFile(csv, true));
        ResultRow a = row("a", "dte-c");
        ResultRow b = row("b", "dte-c");
        try (ResultsFile created = new ResultsFile(csv)) {
            created.append(b);
        }
        // Two processes append to the same file; neither rewrites it.
        try (ResultsFile first = new ResultsFile(csv, true); ResultsFile second = new ResultsFile(csv, true)) {
            first.append(a);
            second.append(row("c", "iforest"));
            assertThrows(IllegalStateException.class, () -> first.reorder(Comparator.comparing(ResultRow::dataset)));
        }
        assertEquals(4, Files.readAllLines(csv).size());
        try (ResultsFile all = new ResultsFile(csv)) {
            assertEquals(List.of("b", "a", "c"), all.rows().stream().map(ResultRow::dataset).toList());
            all.reorder(Comparator.comparing(ResultRow::dataset));
            assertEquals(List.of("a", "b", "c"), all.rows().stream().map(ResultRow::dataset).toList());
        }
        try (ResultsFile reread = new ResultsFile(csv)) {
            assertEquals(List.of("a", "b", "c"), reread.rows().stream().map(ResultRow::dataset).toList());
            assertTrue(reread.done(a.key()));
        }
    }

    private static ResultRow row(String dataset, String detector) {
        return new ResultRow(dataset, detector, 0, "semi", ResultRow.OK, 0.9, 0.5, 0.4, 1.5, 0.1, 100, 50, 6, "");
    }
}
