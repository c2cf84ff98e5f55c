package org.dmad.evaluation.perf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The series suite's "steps per CPU s" divides by the CPU time of runs that last a few milliseconds, so the process
 * CPU clock must resolve well below the 10 ms clock tick that the JVM's own {@code getProcessCpuTime} counts on Linux
 * (with it a 7 ms run read 0 CPU seconds and the column printed "-").
 */
class ProcessCpuClockTest {

    @Test
    void theProcessCpuClockResolvesBelowAClockTick() {
        assumeTrue(
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")
                        && "amd64".equals(System.getProperty("os.arch")),
                "the nanosecond clock is read on Linux x86-64; elsewhere the JVM's clock is used as it is");
        long start = SeriesSuite.processCpuNanos();
        long now = start;
        double sink = 0;
        while (now == start) { // spin until the clock moves: its first step is its resolution (or less)
            for (int i = 0; i < 1_000; i++) {
                sink += Math.sqrt(i + sink);
            }
            now = SeriesSuite.processCpuNanos();
        }
        assertTrue(sink > 0);
        assertTrue(now - start < 5_000_000, "first step of the CPU clock: " + (now - start) + " ns");
    }
}
