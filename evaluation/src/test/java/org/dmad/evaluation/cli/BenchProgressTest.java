package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dmad.evaluation.harness.ResultRow;
import org.junit.jupiter.api.Test;

/** The progress line of a finished run names each task's own metrics. */
class BenchProgressTest {

    @Test
    void eachTaskPrintsItsProgressMetricsByName() {
        ResultRow t = ResultRow.tabular(
                "d", "iforest", 0, "semi", ResultRow.OK, 0.91234, 0.7, 0.5, 1.25, 0.031, 10, 5, 3, "");
        assertEquals("AUROC 0.9123 (fit 1.3s, score 0.03s)", BenchCommand.progress(t));
        ResultRow s = ResultRow.series(
                "s",
                "iforest",
                0,
                16,
                1,
                ResultRow.OK,
                0.8,
                0.11,
                0.3456,
                0.2,
                0.3,
                0.4,
                0.5,
                0.6,
                2,
                0.5,
                50,
                200,
                1,
                "");
        assertEquals("VUS-PR 0.346 AUROC 0.800 (fit 2.0s, score 0.50s)", BenchCommand.progress(s));
    }
}
