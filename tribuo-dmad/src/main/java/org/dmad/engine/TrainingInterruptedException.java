package org.dmad.engine;

/**
 * Thrown when the training thread is interrupted (a Stop button, a cancelled task, Ctrl-C). The training stops
 * before its next step and releases its native memory; no model is produced.
 */
@EngineApi
public final class TrainingInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param epochsDone the epochs finished before the interrupt.
     */
    public TrainingInterruptedException(int epochsDone) {
        super("Training was interrupted after " + epochsDone + " complete epochs");
    }
}
