package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.metrics.MetricSet;
import org.junit.jupiter.api.Test;

/** Metrics by name: the sets, the rows' {@code metric(name)} and the summary. */
class MetricSetTest {

    private static ResultRow tabular(String dataset, String detector, long seed, double auroc, double aupr) {
        return ResultRow.tabular(dataset, detector, seed, "semi", ResultRow.OK, auroc, aupr, 0.5, 2, 1, 10, 5, 3, "");
    }

    private static ResultRow series(String name, String detector, double auroc, double vusPr) {
        return ResultRow.series(
                name,
                detector,
                0,
                16,
                1,
                ResultRow.OK,
                auroc,
                0.11,
                vusPr,
                0.22,
                0.33,
                0.44,
                0.55,
                0.66,
                3,
                4,
                50,
                200,
                1,
                "");
    }

    @Test
    void theSetsNameTheResultsColumns() {
        assertEquals(List.of("auroc", "aupr", "f1"), MetricSet.of(Task.TABULAR).names());
        // The series metrics are the results.csv columns between status and fit_seconds, in order.
        String header = ResultRow.header(Task.TIMESERIES);
        assertTrue(header.contains(",status," + String.join(",", MetricSet.TIMESERIES.names()) + ",fit_seconds,"));
        assertTrue(ResultRow.header(Task.TABULAR)
                .contains(",status," + String.join(",", MetricSet.TABULAR.names()) + ",fit_"));
        assertEquals("auroc", MetricSet.TABULAR.ranking().name());
        assertEquals("vus_pr", MetricSet.TIMESERIES.ranking().name());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MetricSet.TABULAR.get("vus_pr"));
        assertTrue(e.getMessage().contains("auroc, aupr, f1"), e.getMessage());
    }

    @Test
    void rowsGiveEachMetricByName() {
        ResultRow t = tabular("d", "iforest", 0, 0.9, 0.7);
        assertEquals(0.9, t.metric("auroc"));
        assertEquals(0.7, t.metric("aupr"));
        assertEquals(0.5, t.metric("f1"));
        assertThrows(IllegalArgumentException.class, () -> t.metric("vus_pr"));
        ResultRow s = series("s", "iforest", 0.8, 0.3);
        double[] expected = {0.8, 0.11, 0.3, 0.22, 0.33, 0.44, 0.55, 0.66};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], s.metric(MetricSet.TIMESERIES.names().get(i)));
        }
        assertEquals("s", s.dataset());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.metric("f1"));
        assertTrue(e.getMessage().contains("best_f1"), e.getMessage());
    }

    @Test
    void theSummaryAddressesMetricsByNameAndRanksByTheSetsRankingMetric() {
        Summary tab = new Summary(List.of(
                tabular("a", "x", 0, 0.9, 0.1),
                tabular("a", "x", 1, 0.7, 0.3),
                tabular("a", "y", 0, 0.5, 0.9),
                tabular("b", "x", 0, 0.6, 0.2),
                tabular("b", "y", 0, 0.6, 0.8)));
        assertEquals(0.8, tab.cell("a", "x").mean("auroc"), 1e-15);
        assertEquals(0.2, tab.cell("a", "x").mean("aupr"), 1e-15);
        assertEquals(2, tab.cell("a", "x").runs());
        assertEquals((0.8 + 0.6) / 2, tab.mean("x", "auroc"), 1e-15);
        assertEquals(2.0, tab.mean("x", Summary.FIT_SECONDS));
        // x wins a on AUROC and ties on b; y loses a (the higher AUPR does not count).
        assertEquals(1.25, tab.meanRank("x"));
        assertEquals(1.75, tab.meanRank("y"));
        assertThrows(IllegalArgumentException.class, () -> tab.mean("x", "vus_pr"));
        assertNull(tab.cell("c", "x"));

        Summary ts = new Summary(MetricSet.TIMESERIES, List.of(series("s", "x", 0.9, 0.2), series("s", "y", 0.5, 0.6)));
        assertEquals(2.0, ts.meanRank("x"));
        assertEquals(1.0, ts.meanRank("y"));
        assertEquals(0.6, ts.mean("y", "vus_pr"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Summary(MetricSet.TIMESERIES, List.of(tabular("a", "x", 0, 0.9, 0.1))));
        assertTrue(e.getMessage().contains("TABULAR row"), e.getMessage());
    }
}
