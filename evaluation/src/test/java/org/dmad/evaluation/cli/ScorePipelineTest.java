package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dmad.evaluation.data.RowStream;
import org.dmad.evaluation.data.SyntheticSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The score pipeline writes chunks in input order whatever order the workers finish them in. */
class ScorePipelineTest {

    /** Rows whose single feature is the row index; label 1 on every 7th row. */
    private static class CountingRows implements RowStream {
        private final long rows;
        private long next;

        CountingRows(long rows) {
            this.rows = rows;
        }

        @Override
        public Path file() {
            return Path.of("counting");
        }

        @Override
        public List<String> featureNames() {
            return List.of("i");
        }

        @Override
        public boolean labelled() {
            return true;
        }

        @Override
        public int read(double[] x, int[] y, int from, int max) throws IOException {
            int n = (int) Math.min(max, rows - next);
            for (int i = 0; i < n; i++) {
                x[from + i] = next;
                y[from + i] = next % 7 == 0 ? 1 : 0;
                next++;
            }
            return n;
        }

        @Override
        public void close() {}
    }

    /** Score = the row index / 10, anomalous when the index is odd. */
    private static double[] indexScores(double[] x, int n, boolean[] anomalous) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = x[i] / 10;
            anomalous[i] = ((long) x[i]) % 2 == 1;
        }
        return s;
    }

    private static String expected(long rows) {
        StringBuilder b = new StringBuilder();
        for (long i = 0; i < rows; i++) {
            b.append(i).append(',');
            ScoreFormat.appendG9(b, i / 10.0);
            b.append(i % 2 == 1 ? ",ANOMALOUS," : ",EXPECTED,")
                    .append(i % 7 == 0 ? 1 : 0)
                    .append('\n');
        }
        return b.toString();
    }

    @Test
    void chunksFinishedOutOfOrderAreWrittenInInputOrder() throws Exception {
        int chunk = ScoreCommand.CHUNK_ROWS;
        long rows = 5L * chunk + 123;
        // Each even chunk waits until the chunk after it has been scored, so with 2 workers every even chunk
        // finishes after its successor (the queue is first in, first out, so a waiting chunk's successor has a
        // worker).
        ConcurrentHashMap<Long, CountDownLatch> done = new ConcurrentHashMap<>();
        List<String> finishOrder = java.util.Collections.synchronizedList(new ArrayList<>());
        ScorePipeline.ChunkScorer scorer = (x, y, n, anomalous) -> {
            long index = (long) x[0] / chunk;
            if (index % 2 == 0
                    && !done.computeIfAbsent(index + 1, k -> new CountDownLatch(1))
                            .await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("chunk " + (index + 1) + " was never scored");
            }
            double[] s = indexScores(x, n, anomalous);
            finishOrder.add(Long.toString(index));
            done.computeIfAbsent(index, k -> new CountDownLatch(1)).countDown();
            return s;
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Double> sunk = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        ScorePipeline.Result r = ScorePipeline.run(new CountingRows(rows), scorer, 2, () -> {}, out, (s, l) -> {
            sunk.add(s);
            labels.add(l);
        });
        assertEquals(List.of("1", "0", "3", "2", "5", "4"), finishOrder, "the test must finish chunks out of order");
        assertEquals(rows, r.rows());
        assertEquals(rows / 2, r.flagged());
        assertEquals(expected(rows), out.toString(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < rows; i++) {
            assertEquals(i / 10.0, sunk.get(i));
            assertEquals(i % 7 == 0 ? 1 : 0, labels.get(i));
        }
    }

    @Test
    void anyWorkerCountWritesTheSameBytes() throws Exception {
        long rows = 3L * ScoreCommand.CHUNK_ROWS + 5;
        byte[] one = null;
        for (int workers : new int[] {1, 2, 5}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ScorePipeline.run(
                    new CountingRows(rows), (x, y, n, a) -> indexScores(x, n, a), workers, () -> {}, out, null);
            if (one == null) {
                one = out.toByteArray();
                assertEquals(expected(rows), out.toString(java.nio.charset.StandardCharsets.US_ASCII));
            } else {
                assertArrayEquals(one, out.toByteArray(), workers + " workers");
            }
        }
    }

    @Test
    void aReadingFailureAfterSomeChunksIsThrownAsItself() {
        RowStream failing = new CountingRows(10L * ScoreCommand.CHUNK_ROWS) {
            private int calls;

            @Override
            public int read(double[] x, int[] y, int from, int max) throws IOException {
                if (++calls == 3) {
                    throw new IOException("line 16386, column 2: bad number");
                }
                return super.read(x, y, from, max);
            }
        };
        IOException e = assertThrows(
                IOException.class,
                () -> ScorePipeline.run(
                        failing, (x, y, n, a) -> indexScores(x, n, a), 2, () -> {}, new ByteArrayOutputStream(), null));
        assertTrue(e.getMessage().contains("line 16386"), e.getMessage());
    }

    @Test
    void aScoringFailureIsThrownAsItself() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> ScorePipeline.run(
                        new CountingRows(3L * ScoreCommand.CHUNK_ROWS),
                        (x, y, n, a) -> {
                            throw new IllegalStateException("network produced NaN");
                        },
                        2,
                        () -> {},
                        new ByteArrayOutputStream(),
                        null));
        assertEquals("network produced NaN", e.getMessage());
    }

    @Test
    void eachWorkerScoresWithOneIntraOpThread() throws Exception {
        List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        ScorePipeline.run(
                new CountingRows(4L * ScoreCommand.CHUNK_ROWS),
                (x, y, n, a) -> {
                    seen.add(org.dmad.engine.DMADEngine.threads());
                    return indexScores(x, n, a);
                },
                2,
                ScoreCommand::oneIntraOpThread,
                new ByteArrayOutputStream(),
                null);
        assertEquals(List.of(1, 1, 1, 1), seen);
    }

    @Test
    void theWorkerSettingIsCheckedAndNamed() {
        String before = System.getProperty(ScorePipeline.WORKERS_PROPERTY);
        try {
            System.setProperty(ScorePipeline.WORKERS_PROPERTY, "3");
            assertEquals(3, ScorePipeline.workers());
            for (String bad : new String[] {"0", "-1", "two", "", "5000"}) {
                System.setProperty(ScorePipeline.WORKERS_PROPERTY, bad);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ScorePipeline::workers);
                assertTrue(e.getMessage().contains("-Ddmad.score.workers"), e.getMessage());
            }
            System.clearProperty(ScorePipeline.WORKERS_PROPERTY);
            assertEquals(Runtime.getRuntime().availableProcessors(), ScorePipeline.workers());
        } finally {
            if (before == null) {
                System.clearProperty(ScorePipeline.WORKERS_PROPERTY);
            } else {
                System.setProperty(ScorePipeline.WORKERS_PROPERTY, before);
            }
        }
    }

    /** A dmad model scores a multi-chunk file to the same bytes with 1 and 2 workers. */
    @Test
    void aDmadModelScoresTheSameWithOneAndTwoWorkers(@TempDir Path dir) throws IOException {
        Path train = CliTestSupport.csv(dir, "train.csv", SyntheticSuite.generate("global", 400, 20, 6, 3));
        Path data = CliTestSupport.csv(dir, "data.csv", SyntheticSuite.generate("local", 20_000, 500, 6, 4));
        Path model = dir.resolve("m.tribuo");
        String[] trained = CliTestSupport.train("dte-c", train, model, "--profile", "quick", "--threads", "1");
        assertEquals("0", trained[0], trained[2]);
        String before = System.getProperty(ScorePipeline.WORKERS_PROPERTY);
        List<byte[]> outputs = new ArrayList<>();
        try {
            for (String workers : new String[] {"1", "2"}) {
                System.setProperty(ScorePipeline.WORKERS_PROPERTY, workers);
                Path scores = dir.resolve("scores" + workers + ".csv");
                String[] r = CliTestSupport.score(model, data, scores);
                assertEquals("0", r[0], r[2]);
                assertTrue(r[1].contains("Scored 20500 rows"), r[1]);
                outputs.add(Files.readAllBytes(scores));
            }
        } finally {
            if (before == null) {
                System.clearProperty(ScorePipeline.WORKERS_PROPERTY);
            } else {
                System.setProperty(ScorePipeline.WORKERS_PROPERTY, before);
            }
        }
        assertArrayEquals(outputs.get(0), outputs.get(1));
        assertEquals(
                20_501,
                new String(outputs.get(0), java.nio.charset.StandardCharsets.US_ASCII)
                        .lines()
                        .count());
    }
}
