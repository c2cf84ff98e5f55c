package org.dmad.evaluation.perf;

import java.util.Arrays;

/**
 * Times a measurement the way a micro-benchmark harness does: untimed warm-up runs (JIT, native library
 * initialisation, PyTorch's allocator caches), then timed runs, reported by their median and their best.
 */
public final class Timing {

    private Timing() {}

    /** Something to time; each call does the same work. */
    @FunctionalInterface
    public interface Body {
        /**
         * One run.
         *
         * @throws Exception when the run fails.
         */
        void run() throws Exception;
    }

    /**
     * The timed runs of a measurement.
     *
     * @param seconds each timed run's wall time, in run order.
     */
    public record Sample(double[] seconds) {

        /** @return the median run time. */
        public double median() {
            double[] s = seconds.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        /** @return the fastest run time. */
        public double best() {
            return Arrays.stream(seconds).min().orElse(Double.NaN);
        }
    }

    /**
     * Runs {@code warmups} untimed and {@code iterations} timed runs.
     *
     * @param warmups    untimed runs first, 0 or more.
     * @param iterations timed runs, at least 1.
     * @param body       the work.
     * @return the timed runs.
     * @throws Exception what the body throws.
     */
    public static Sample measure(int warmups, int iterations, Body body) throws Exception {
        if (iterations < 1 || warmups < 0) {
            throw new IllegalArgumentException("Need at least one timed run and no negative warm-up, got " + warmups
                    + " warm-up and " + iterations + " timed");
        }
        for (int i = 0; i < warmups; i++) {
            body.run();
        }
        double[] seconds = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            body.run();
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        return new Sample(seconds);
    }

    /**
     * The process's resident set size now and at its peak, from /proc/self/status (Linux).
     *
     * @return {VmRSS, VmHWM} in MiB, -1 where unknown.
     */
    public static double[] residentMiB() {
        double[] out = {-1, -1};
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    out[0] = kib(line) / 1024.0;
                } else if (line.startsWith("VmHWM:")) {
                    out[1] = kib(line) / 1024.0;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Not Linux: memory columns stay unknown.
        }
        return out;
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
