package org.dmad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dmad.evaluation.cli.DMADCli;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.harness.ModelStore;
import org.dmad.provenance.ProvenanceJson;
import org.dmad.tribuo.DTECategoricalModel;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Scoring a million generated rows on local[2] against the local {@code dmad score} command, and the JVM's memory
 * across repeated runs.
 */
class SparkScoringTest {

    private static final int ROWS = 1_000_000;
    private static final int COLUMNS = 8;

    @TempDir
    static Path dir;

    private static Path model;
    private static Path csv;
    private static double[] localScores;
    private static String[] localPredictions;

    @BeforeAll
    static void trainAndScoreLocally() throws Exception {
        TabularData train = SyntheticSuite.generate("global", 1900, 100, COLUMNS, 0);
        AnomalyFactory factory = new AnomalyFactory();
        List<Example<Event>> examples = new ArrayList<>();
        String[] names = train.featureNames().toArray(new String[0]);
        for (int i = 0; i < train.rows(); i++) {
            if (train.y()[i] == 0) {
                double[] row = new double[COLUMNS];
                System.arraycopy(train.x(), i * COLUMNS, row, 0, COLUMNS);
                examples.add(new ArrayExample<>(AnomalyFactory.EXPECTED_EVENT, names, row));
            }
        }
        Model<Event> trained = DTECategoricalTrainer.builder()
                .epochs(3)
                .seed(0)
                .threads(1)
                .build()
                .train(new MutableDataset<>(
                        new ListDataSource<>(examples, factory, new SimpleDataSourceProvenance("train", factory))));
        model = dir.resolve("dte-c.model");
        ModelStore.save(trained, model);
        ((AutoCloseable) trained).close();

        // A million rows: training rows with a little noise, and 1% of them moved far off; 4 decimals keep the file
        // small (about 60 MB).
        csv = dir.resolve("million.csv");
        Random r = new Random(42);
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write(String.join(",", names) + ",label\n");
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < ROWS; i++) {
                b.setLength(0);
                boolean anomaly = r.nextInt(100) == 0;
                int from = r.nextInt(train.rows()) * COLUMNS;
                for (int j = 0; j < COLUMNS; j++) {
                    double v = train.x()[from + j] + 0.1 * r.nextGaussian() + (anomaly ? 25 : 0);
                    b.append(Math.round(v * 1e4) / 1e4).append(',');
                }
                w.append(b).append(anomaly ? "1\n" : "0\n");
            }
        }
        Path localOut = dir.resolve("local-scores.csv");
        long t0 = System.nanoTime();
        assertEquals(
                0,
                DMADCli.execute(
                        "score", "--model", model.toString(), "--data", csv.toString(), "--out", localOut.toString()));
        System.out.printf(Locale.ROOT, "local dmad score, %d rows: %.1f s%n", ROWS, (System.nanoTime() - t0) / 1e9);
        localScores = new double[ROWS];
        localPredictions = new String[ROWS];
        try (BufferedReader in = Files.newBufferedReader(localOut)) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(",");
                int i = Integer.parseInt(f[0]);
                localScores[i] = Double.parseDouble(f[1]);
                localPredictions[i] = f[2];
            }
        }
    }

    /** Every row's score and prediction from Spark's CSV part files. */
    private static void assertSameAsLocal(Path sparkOut) throws Exception {
        List<Path> parts;
        try (Stream<Path> s = Files.list(sparkOut)) {
            parts = s.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList();
        }
        boolean[] seen = new boolean[ROWS];
        int n = 0;
        long previous = -1;
        for (Path part : parts) {
            try (BufferedReader in = Files.newBufferedReader(part)) {
                assertEquals("row,score,prediction,label", in.readLine());
                for (String line; (line = in.readLine()) != null; ) {
                    String[] f = line.split(",");
                    int i = Integer.parseInt(f[0]);
                    assertTrue(i > previous, "rows in input order");
                    previous = i;
                    seen[i] = true;
                    n++;
                    double s = Double.parseDouble(f[1]);
                    // The local command writes 9 significant digits.
                    assertEquals(localScores[i], s, 1e-8 * Math.max(1, Math.abs(s)), "row " + i);
                    assertEquals(localPredictions[i], f[2], "row " + i);
                }
            }
        }
        assertEquals(ROWS, n);
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long heapUsedMb() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    @Test
    void aMillionRowsScoreAsTheLocalCommandScoresThemWithFlatMemory() throws Exception {
        SparkSession spark = LocalSpark.get();
        long[] heap = new long[3];
        long[] rss = new long[3];
        for (int run = 0; run < 3; run++) {
            Path out = dir.resolve("spark-scores-" + run);
            long t0 = System.nanoTime();
            SparkScoring.Summary summary =
                    SparkScoring.scoreFile(spark, model, csv.toString(), out.toString(), "label");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(ROWS, summary.rows());
            if (run == 0) {
                assertSameAsLocal(out);
            }
            heap[run] = heapUsedMb();
            rss[run] = rssKb() >> 10;
            System.out.printf(
                    Locale.ROOT,
                    "spark score run %d, %d rows on local[2]: %.1f s, %d anomalous; heap "
                            + "after GC %d MB, RSS %d MB%n",
                    run + 1,
                    ROWS,
                    seconds,
                    summary.anomalous(),
                    heap[run],
                    rss[run]);
        }
        // Flat: the third run leaves no more behind than the first (heap) or the second (RSS: the first run's figure
        // still holds what the local command and Spark's start took); generous bounds for GC and allocator noise.
        assertTrue(heap[2] - heap[0] < 64, "heap grew from " + heap[0] + " to " + heap[2] + " MB");
        assertTrue(rss[2] - rss[1] < 256, "RSS grew from " + rss[1] + " to " + rss[2] + " MB");
    }

    @Test
    void parquetInAndOutAndProvenanceNextToSparksLibraries() throws Exception {
        SparkSession spark = LocalSpark.get();
        Path parquetIn = dir.resolve("first-rows.parquet");
        SparkScoring.read(spark, csv.toString())
                .limit(20_000)
                .coalesce(1)
                .write()
                .parquet(parquetIn.toString());
        Path out = dir.resolve("first-rows-scores.parquet");
        SparkScoring.scoreFile(spark, model, parquetIn.toString(), out.toString(), "label");
        List<Row> rows = spark.read().parquet(out.toString()).orderBy("row").collectAsList();
        assertEquals(20_000, rows.size());
        for (Row r : rows) {
            int i = (int) r.getLong(0);
            assertEquals(localScores[i], r.getDouble(1), 1e-8 * Math.max(1, Math.abs(r.getDouble(1))), "row " + i);
        }
        // A model loaded from Tribuo protobuf with Spark's protobuf-java, and its OLCUT JSON provenance with Spark's
        // Jackson, round trip.
        Model<Event> loaded = ModelBytes.load(Files.readAllBytes(model), model.toString());
        assertInstanceOf(DTECategoricalModel.class, loaded);
        String json = ProvenanceJson.toJson(loaded.getProvenance());
        assertEquals(
                loaded.getProvenance(), ProvenanceJson.fromJson(json, org.tribuo.provenance.ModelProvenance.class));
        ((AutoCloseable) loaded).close();
        Dataset<Row> wrongColumns = SparkScoring.read(spark, csv.toString()).drop("f000");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> SparkScoring.score(spark, wrongColumns, Files.readAllBytes(model), "label", null, null));
        assertTrue(e.getMessage().contains("missing [f000]"), e.getMessage());
    }
}
