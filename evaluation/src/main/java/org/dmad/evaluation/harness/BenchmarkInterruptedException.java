package org.dmad.evaluation.harness;

/**
 * Thrown when the thread running a benchmark is interrupted (Ctrl-C on {@code dmad}, a cancelled task). The run in
 * progress is abandoned without a results row, so a rerun with the same output folder redoes it; every row written
 * before stays in {@code results.csv}.
 */
public final class BenchmarkInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The runs completed (written) by this benchmark before the interrupt. */
    private final int runsWritten;

    /**
     * @param runsWritten the runs this benchmark wrote before the interrupt.
     */
    public BenchmarkInterruptedException(int runsWritten) {
        super("interrupted after " + runsWritten + " runs of this benchmark were written");
        this.runsWritten = runsWritten;
    }

    /** @return the runs this benchmark wrote before the interrupt. */
    public int runsWritten() {
        return runsWritten;
    }
}
