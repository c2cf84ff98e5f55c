package org.dmad.evaluation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dmad.evaluation.metrics.Metrics;
import org.dmad.tribuo.data.LabelledCSVDataSource;
import org.dmad.tribuo.data.NpzDataSource;
import org.dmad.tribuo.evaluation.RankingMetrics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.DataSource;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.anomaly.Event;

/**
 * The Tribuo API and the {@code dmad} command must see the same data and compute the same metrics: the data sources
 * of tribuo-dmad ({@link LabelledCSVDataSource}, {@link NpzDataSource}) against this module's loaders (which the
 * command uses), feature names, labels and values; and {@link RankingMetrics} against the benchmark's
 * {@link Metrics}, bit for bit.
 */
class TribuoApiAgreementTest {

    @TempDir
    Path dir;

    /** Checks that a data source and a loaded table hold the same names, labels and values, row by row. */
    private static void assertSameData(TabularData table, DataSource<Event> source, List<String> sourceNames) {
        assertEquals(table.featureNames(), sourceNames);
        int d = table.columns();
        int row = 0;
        for (Example<Event> e : source) {
            assertEquals(table.y()[row], e.getOutput().getType() == Event.EventType.ANOMALOUS ? 1 : 0, "row " + row);
            Map<String, Double> values = new HashMap<>();
            for (Feature f : e) {
                values.put(f.getName(), f.getValue());
            }
            for (int j = 0; j < d; j++) {
                assertEquals(
                        table.x()[row * d + j],
                        values.getOrDefault(table.featureNames().get(j), 0.0),
                        0.0,
                        "row " + row + ", " + table.featureNames().get(j));
            }
            row++;
        }
        assertEquals(table.rows(), row);
    }

    @Test
    void csvFeatureNamesLabelsAndValuesAgreeWithTheCommandsLoader() throws IOException {
        Path file = dir.resolve("servers.csv");
        Files.writeString(
                file,
                "zeta, alpha ,label,,\"m,id\"\n"
                        + "1.5,-2,0,3,4\n"
                        + "0,1e3,anomaly,\"6\",7\n"
                        + "8,9,Outlier,10,11\n"
                        + "12,13,normal,14,15\n"
                        + "16,17,1.0,18,19\n");
        TabularData table = CSVData.load(file, "label");
        LabelledCSVDataSource source = new LabelledCSVDataSource(file, "label");
        assertSameData(table, source, source.getFeatureNames());
        assertEquals(List.of("zeta", "alpha", "column3", "m,id"), source.getFeatureNames());
        assertEquals(table.name(), source.getName());
        assertEquals(
                table.record().sha256().toUpperCase(java.util.Locale.ROOT),
                ((org.dmad.tribuo.data.DataFileProvenance) source.getProvenance())
                        .getSha256()
                        .toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void npzFeatureNamesLabelsAndValuesAgreeWithTheCommandsLoader() throws IOException {
        int n = 30;
        int d = 12;
        Random r = new Random(5);
        ByteBuffer x = ByteBuffer.allocate(n * d * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer y = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n * d; i++) {
            x.putDouble(r.nextGaussian());
        }
        for (int i = 0; i < n; i++) {
            y.putLong(i % 7 == 0 ? 1 : 0);
        }
        Path file = dir.resolve("3_generated.npz");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("X.npy"));
            zip.write(MalformedFilesTest.npy("<f8", n + ", " + d, x.array()));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("y.npy"));
            zip.write(MalformedFilesTest.npy("<i8", n + ",", y.array()));
            zip.closeEntry();
        }
        TabularData table = NpzData.load(file);
        NpzDataSource source = new NpzDataSource(file);
        assertSameData(table, source, source.getFeatureNames());
        assertEquals(table.name(), source.getName());
        assertEquals(TabularData.genericNames(1234), NpzDataSource.featureNames(1234));
    }

    @Test
    void npzAgreementOnASharedADBenchFile() throws IOException {
        Path file =
                Path.of(System.getProperty("dmad.shared.dir", "../shared"), "datasets/adbench/classical/42_WBC.npz");
        Assumptions.assumeTrue(Files.isRegularFile(file), "Skipped: " + file + " is absent");
        NpzDataSource source = new NpzDataSource(file);
        assertSameData(NpzData.load(file), source, source.getFeatureNames());
    }

    @Test
    void rankingMetricsAreTheBenchmarksBitForBit() {
        Random r = new Random(3);
        for (int trial = 0; trial < 40; trial++) {
            int n = 5 + r.nextInt(400);
            int[] labels = new int[n];
            double[] scores = new double[n];
            int levels = 1 + r.nextInt(trial % 2 == 0 ? 5 : 100000);
            for (int i = 0; i < n; i++) {
                labels[i] = r.nextDouble() < 0.2 ? 1 : 0;
                scores[i] = r.nextInt(levels) * 0.1 + (labels[i] == 1 ? r.nextInt(3) * 0.1 : 0);
            }
            labels[0] = 1;
            labels[1] = 0;
            String what = "trial " + trial;
            assertEquals(Metrics.auroc(labels, scores), RankingMetrics.auroc(labels, scores), 0.0, what);
            assertEquals(
                    Metrics.averagePrecision(labels, scores),
                    RankingMetrics.averagePrecision(labels, scores),
                    0.0,
                    what);
            assertEquals(
                    Metrics.f1AtTrueCount(labels, scores), RankingMetrics.f1AtTrueCount(labels, scores), 0.0, what);
            assertEquals(
                    points(Metrics.rocCurve(labels, scores)),
                    rankingPoints(RankingMetrics.rocCurve(labels, scores)),
                    what);
            assertEquals(
                    points(Metrics.prCurve(labels, scores)),
                    rankingPoints(RankingMetrics.prCurve(labels, scores)),
                    what);
        }
    }

    private static List<List<Double>> points(List<Metrics.Point> curve) {
        List<List<Double>> out = new ArrayList<>();
        curve.forEach(p -> out.add(List.of(p.x(), p.y())));
        return out;
    }

    private static List<List<Double>> rankingPoints(List<RankingMetrics.Point> curve) {
        List<List<Double>> out = new ArrayList<>();
        curve.forEach(p -> out.add(List.of(p.x(), p.y())));
        return out;
    }
}
