package org.dmad.evaluation.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmad.evaluation.data.RowStream;

/**
 * The {@code dmad score} pipeline: one thread parses the file a chunk of {@link ScoreCommand#CHUNK_ROWS} rows at a
 * time, {@code workers} threads score chunks and format their lines, and the calling thread writes the chunks in
 * input order. At most {@code workers + 2} chunks exist at once, so memory is bounded whatever the file's size. A
 * row's line depends only on the row and its index, never on which worker scored it or with which other rows
 * (dmad's models pad every scoring batch, see {@code BatchScorer}), so the output is the same for any worker count.
 */
final class ScorePipeline {

    /** The system property that sets the number of scoring workers. */
    static final String WORKERS_PROPERTY = "dmad.score.workers";

    private ScorePipeline() {}

    /** Scores a chunk of rows; called from several threads at once when the pipeline has several workers. */
    interface ChunkScorer {
        /**
         * @param x         row-major values, in the file's column order.
         * @param y         the rows' labels.
         * @param n         the rows to score (the arrays may be longer).
         * @param anomalous filled with the model's decision for each of the {@code n} rows.
         * @return the {@code n} scores.
         * @throws Exception when scoring fails.
         */
        double[] score(double[] x, int[] y, int n, boolean[] anomalous) throws Exception;
    }

    /** Receives every row's score and label, in input order, on the writing thread. */
    interface RowSink {
        void add(double score, int label);
    }

    /**
     * What was written.
     *
     * @param rows    the rows scored.
     * @param flagged the rows predicted anomalous.
     */
    record Result(long rows, long flagged) {}

    /**
     * The scoring workers: the {@value #WORKERS_PROPERTY} system property, else the available processors.
     *
     * @return at least 1.
     * @throws IllegalArgumentException when the property is not a whole number from 1 to 1024.
     */
    static int workers() {
        String setting = System.getProperty(WORKERS_PROPERTY);
        if (setting == null) {
            return Math.max(1, Runtime.getRuntime().availableProcessors());
        }
        int n;
        try {
            n = Integer.parseInt(setting.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 1024) {
            throw new IllegalArgumentException(
                    "-D" + WORKERS_PROPERTY + " must be a whole number from 1 to 1024, got '" + setting + "'");
        }
        return n;
    }

    /**
     * Reads, scores and writes every row.
     *
     * @param rows        the rows; read from one thread, not closed.
     * @param scorer      the per-chunk scorer.
     * @param workers     scoring threads, at least 1.
     * @param workerSetup run on a worker thread before each chunk it scores (the engine's thread settings).
     * @param out         receives each row's line (row,score,prediction,label), in input order; not closed.
     * @param sink        receives each row's score and label in input order, or null.
     * @return the rows written and how many were predicted anomalous.
     * @throws Exception the first failure of reading, scoring or writing, as thrown there.
     */
    static Result run(
            RowStream rows, ChunkScorer scorer, int workers, Runnable workerSetup, OutputStream out, RowSink sink)
            throws Exception {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        int d = rows.featureNames().size();
        boolean labelled = rows.labelled();
        int chunks = workers + 2;
        BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            free.add(new Chunk(d));
        }
        // In input order: each chunk's scoring, then a null chunk at the end (or the reading failure).
        BlockingQueue<Future<Chunk>> ordered = new ArrayBlockingQueue<>(chunks + 1);
        AtomicInteger workerNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "dmad-score-worker-" + workerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Thread reader = new Thread(
                () -> {
                    long first = 0;
                    try {
                        while (true) {
                            Chunk c = free.take();
                            int n = rows.read(c.x, c.y, 0, ScoreCommand.CHUNK_ROWS);
                            if (n == 0) {
                                ordered.put(CompletableFuture.completedFuture(null));
                                return;
                            }
                            c.first = first;
                            c.n = n;
                            first += n;
                            ordered.put(pool.submit(() -> {
                                workerSetup.run();
                                c.score(scorer, labelled);
                                return c;
                            }));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Throwable t) {
                        ordered.offer(CompletableFuture.failedFuture(t));
                    }
                },
                "dmad-score-reader");
        reader.setDaemon(true);
        reader.start();
        long total = 0;
        long flagged = 0;
        try {
            for (Chunk c = await(ordered.take()); c != null; c = await(ordered.take())) {
                out.write(c.text, 0, c.textLength);
                if (sink != null) {
                    for (int i = 0; i < c.n; i++) {
                        sink.add(c.scores[i], c.y[i]);
                    }
                }
                total += c.n;
                flagged += c.flagged;
                c.scores = null;
                free.put(c);
            }
        } finally {
            reader.interrupt();
            pool.shutdownNow();
        }
        return new Result(total, flagged);
    }

    private static Chunk await(Future<Chunk> pending) throws Exception {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** One chunk's rows, and once scored its scores and its lines as ASCII bytes. */
    private static final class Chunk {
        final double[] x;
        final int[] y = new int[ScoreCommand.CHUNK_ROWS];
        final boolean[] anomalous = new boolean[ScoreCommand.CHUNK_ROWS];
        final StringBuilder lines = new StringBuilder(ScoreCommand.CHUNK_ROWS * 40);
        long first;
        int n;
        double[] scores;
        long flagged;
        byte[] text = new byte[0];
        int textLength;

        Chunk(int columns) {
            x = new double[ScoreCommand.CHUNK_ROWS * columns];
        }

        void score(ChunkScorer scorer, boolean labelled) throws Exception {
            double[] s = scorer.score(x, y, n, anomalous);
            if (s.length != n) {
                throw new IllegalStateException("The scorer returned " + s.length + " scores for " + n + " rows");
            }
            lines.setLength(0);
            long count = 0;
            for (int i = 0; i < n; i++) {
                lines.append(first + i).append(',');
                ScoreFormat.appendG9(lines, s[i]);
                if (anomalous[i]) {
                    count++;
                    lines.append(",ANOMALOUS,");
                } else {
                    lines.append(",EXPECTED,");
                }
                if (labelled) {
                    lines.append(y[i]);
                }
                lines.append('\n');
            }
            // The lines are ASCII: digits, signs, '.', 'e', ',', letters and newlines.
            text = lines.toString().getBytes(StandardCharsets.ISO_8859_1);
            textLength = text.length;
            scores = s;
            flagged = count;
        }
    }

    /** Writes the header line. */
    static void header(OutputStream out) throws IOException {
        out.write("row,score,prediction,label\n".getBytes(StandardCharsets.US_ASCII));
    }
}
