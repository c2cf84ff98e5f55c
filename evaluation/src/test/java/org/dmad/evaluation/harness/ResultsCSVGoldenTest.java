package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.detectors.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * results.csv of both tasks, byte for byte: the resources were written by the code before tabular and series rows
 * became one type, so the columns, their order and the number formats stay what old files hold; reading them back
 * gives the same rows.
 */
class ResultsCSVGoldenTest {

    static List<ResultRow> tabularRows() {
        return List.of(
                ResultRow.tabular(
                        "cardio",
                        "iforest",
                        1,
                        "semi",
                        "ok",
                        0.912345678,
                        0.5,
                        1.0 / 3,
                        1.23456,
                        0.0004,
                        900,
                        931,
                        21,
                        ""),
                ResultRow.tabular(
                        "a,b \"q\"",
                        "ae",
                        42,
                        "unsup",
                        "error",
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        0,
                        0,
                        0,
                        0,
                        0,
                        "bad input, line\n2 \"x\""),
                ResultRow.tabular("thyroid", "knn", -7, "semi", "ok", 1, 0, 0.25, 10, 20.5, 1, 2, 3, ""));
    }

    static List<ResultRow> seriesRows() {
        return List.of(
                ResultRow.series(
                        "sine-0",
                        "ts-recon",
                        1,
                        64,
                        4,
                        "ok",
                        0.9,
                        0.8,
                        0.7,
                        0.6,
                        0.5,
                        0.95,
                        0.4,
                        1.0 / 7,
                        2.5,
                        0.125,
                        1000,
                        5000,
                        3,
                        ""),
                ResultRow.series(
                        "a,\"b\"",
                        "ts-impute",
                        3,
                        32,
                        1,
                        "error",
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        0,
                        0,
                        0,
                        0,
                        0,
                        "boom, \"x\"\ny"));
    }

    @Test
    void tabularResultsCsvIsByteIdentical(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.csv");
        try (ResultsFile out = new ResultsFile(file, Task.TABULAR)) {
            for (ResultRow r : tabularRows()) {
                out.append(r);
            }
        }
        assertEquals(GoldenFiles.read("results-tabular.csv"), Files.readString(file, StandardCharsets.UTF_8));
        try (ResultsFile in = new ResultsFile(file, Task.TABULAR)) {
            assertEquals(3, in.rows().size());
            assertEquals(tabularRows().get(2), in.rows().get(2));
            assertEquals("bad input, line 2 \"x\"", in.rows().get(1).error());
        }
    }

    @Test
    void seriesResultsCsvIsByteIdentical(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.csv");
        try (ResultsFile out = new ResultsFile(file, Task.TIMESERIES)) {
            for (ResultRow r : seriesRows()) {
                out.append(r);
            }
        }
        assertEquals(GoldenFiles.read("results-timeseries.csv"), Files.readString(file, StandardCharsets.UTF_8));
        try (ResultsFile in = new ResultsFile(file, Task.TIMESERIES)) {
            assertEquals(2, in.rows().size());
            assertEquals("a,\"b\"", in.rows().get(1).dataset());
            assertEquals(0.9, in.rows().get(0).metric("auroc"));
            assertEquals(64, in.rows().get(0).window());
        }
        IOException wrongTask = assertThrows(IOException.class, () -> new ResultsFile(file, Task.TABULAR));
        assertTrue(wrongTask.getMessage().contains("unexpected header"), wrongTask.getMessage());
    }
}
