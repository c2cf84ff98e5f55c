package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.protocol.Protocol;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.series.PointScores;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes that share a grid ({@code dmad bench --jobs N}) walk its datasets largest first, and claim the groups
 * across datasets with the largest step totals first; one process walks the grid's order.
 */
class LargestFirstTest {

    /** A dataset of a given size that is never loaded. */
    private static Datasets.Source sized(String name, long size) {
        return new Datasets.Source() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TabularData load() {
                throw new AssertionError("ordering the walk must not load " + name);
            }

            @Override
            public long size() {
                return size;
            }
        };
    }

    /** Unsupervised protocol, seeds 2 and 3, the quick profile on the CPU, groups of up to {@code across} cells. */
    static Benchmark.Settings settings(List<Datasets.Source> data, List<String> detectors, Path out, int across) {
        return new Benchmark.Settings(
                data,
                detectors,
                Protocol.UNSUP,
                List.of(2L, 3L),
                Profile.QUICK,
                1,
                "cpu",
                out,
                "label",
                Grouping.acrossDatasets(across));
    }

    @Test
    void sharedGridsAreWalkedLargestFirstTiesInTheGridsOrderWithoutLoading(@TempDir Path dir) {
        Runner.Grid grid = Benchmark.grid(settings(
                List.of(sized("a", 10), sized("b", 30), sized("c", 0), sized("d", 30), sized("e", 50)),
                List.of("iforest"),
                dir,
                1));
        // The last dataset is the largest: it comes first; b and d tie and keep the grid's order; unknown (0) last.
        assertEquals(List.of(4, 1, 3, 0, 2), Runner.walk(grid, true));
        // One process walks the grid's order, which is the order of its rows.
        assertEquals(List.of(0, 1, 2, 3, 4), Runner.walk(grid, false));
    }

    /** A series of a given size that is never loaded. */
    private static SeriesBenchmark.Source sizedSeries(String name, long size) {
        return new SeriesBenchmark.Source() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TimeSeries load() {
                throw new AssertionError("ordering the walk must not load " + name);
            }

            @Override
            public long size() {
                return size;
            }
        };
    }

    @Test
    void sharedSeriesGridsAreWalkedLargestFirstToo(@TempDir Path dir) {
        Runner.Grid grid = SeriesBenchmark.grid(SeriesBenchmark.Settings.of(
                List.of(sizedSeries("s1", 100), sizedSeries("s2", 5), sizedSeries("s3", 900)),
                List.of("iforest"),
                List.of(0L),
                Profile.QUICK,
                1,
                "cpu",
                dir,
                16,
                200,
                PointScores.Aggregation.MEAN));
        assertEquals(List.of(2, 0, 1), Runner.walk(grid, true));
        assertEquals(List.of(0, 1, 2), Runner.walk(grid, false));
    }

    @Test
    void aSourceIsSizedByItsRowsNotItsBytes(@TempDir Path dir) throws IOException {
        // A narrow file of many rows comes before a wide file of fewer rows, though its file is smaller.
        Path wide = ReproductionTest.csv(dir, "wide.csv", SyntheticSuite.generate("local", 100, 5, 20, 1));
        Path narrow = ReproductionTest.csv(dir, "narrow.csv", SyntheticSuite.generate("local", 300, 5, 2, 1));
        assertTrue(Files.size(narrow) < Files.size(wide));
        List<Datasets.Source> files = Datasets.sources(List.of(wide, narrow), "label");
        // Files under 64 KiB: the estimate is their line count (rows and the header).
        assertEquals(Files.readAllLines(wide).size(), files.get(0).size());
        assertEquals(Files.readAllLines(narrow).size(), files.get(1).size());
        assertEquals(2000, Datasets.synthetic("local", 1900, 100, 8, 0).size());
        // A file gone since the list was made is unknown (0): loading it reports why.
        Files.delete(narrow);
        assertEquals(0, files.get(1).size());
    }

    @Test
    void anAdbenchArchiveIsSizedByTheRowsItsHeaderDeclares() throws IOException {
        Path adbench = Path.of(System.getProperty("dmad.shared.dir", "../shared"), "datasets", "adbench", "classical");
        Assumptions.assumeTrue(
                Files.isDirectory(adbench), adbench.toAbsolutePath() + " is absent (set -Ddmad.shared.dir): skipping");
        List<Datasets.Source> files =
                Datasets.sources(List.of(adbench.resolve("25_musk.npz"), adbench.resolve("2_annthyroid.npz")), "label");
        assertEquals(3062, files.get(0).size());
        assertEquals(7200, files.get(1).size());
    }

    /** The order in which the runs of one process started. */
    private static final class Started implements Runner.Listener {
        final List<String> runs = new ArrayList<>();

        @Override
        public void runStarted(String dataset, String detector, long seed) {
            runs.add(dataset + "/" + detector + "/" + seed);
        }
    }

    /** Runs a grid as one of several processes would (the only one here), and returns the order its runs started. */
    private static List<String> runShared(Benchmark.Settings s, Path out) throws IOException {
        Files.createDirectories(out);
        new ResultsFile(out.resolve("results.csv"), Task.TABULAR).close();
        Path claims = out.resolve(".claims");
        CellClaims.reset(claims);
        Started started = new Started();
        Runner.run(Benchmark.grid(s), started, CellClaims.in(claims));
        return started.runs;
    }

    @Test
    void aSharedGridWhoseLastDatasetIsTheLargestRunsItFirst(@TempDir Path dir) throws IOException {
        Path a = ReproductionTest.csv(dir, "a.csv", SyntheticSuite.generate("local", 120, 6, 4, 1));
        Path b = ReproductionTest.csv(dir, "b.csv", SyntheticSuite.generate("global", 150, 6, 4, 2));
        Path c = ReproductionTest.csv(dir, "c.csv", SyntheticSuite.generate("clustered", 400, 15, 6, 3));
        Path out = dir.resolve("bench");
        List<String> runs =
                runShared(settings(Datasets.sources(List.of(a, b, c), "label"), List.of("iforest"), out, 1), out);
        assertEquals(
                List.of("c/iforest/2", "c/iforest/3", "b/iforest/2", "b/iforest/3", "a/iforest/2", "a/iforest/3"),
                runs);
    }

    @Test
    void sharedGroupsAcrossDatasetsAreClaimedLargestStepTotalFirst(@TempDir Path dir) throws IOException {
        // Unsupervised protocol: 170 rows train 3 batches of 64 per epoch, 415 rows 7. Sorted by step total, groups
        // of two are {small seed 2, small seed 3} and {large seed 2, large seed 3}; the large one's first cell comes
        // later in the grid's order, but it trains longer: it is claimed first, then the walk runs iforest on the
        // large dataset first.
        Path small = ReproductionTest.csv(dir, "small.csv", SyntheticSuite.generate("global", 160, 10, 7, 6));
        Path large = ReproductionTest.csv(dir, "large.csv", SyntheticSuite.generate("local", 400, 15, 4, 5));
        Path out = dir.resolve("bench");
        List<String> runs = runShared(
                settings(Datasets.sources(List.of(small, large), "label"), List.of("dte-c", "iforest"), out, 2), out);
        assertEquals(
                List.of(
                        "large/dte-c/2",
                        "large/dte-c/3",
                        "small/dte-c/2",
                        "small/dte-c/3",
                        "large/iforest/2",
                        "large/iforest/3",
                        "small/iforest/2",
                        "small/iforest/3"),
                runs);
        try (ResultsFile results = new ResultsFile(out.resolve("results.csv"), Task.TABULAR)) {
            assertEquals(8, results.rows().size());
            for (ResultRow r : results.rows()) {
                assertTrue(r.ok(), r.toString());
            }
        }
    }
}
