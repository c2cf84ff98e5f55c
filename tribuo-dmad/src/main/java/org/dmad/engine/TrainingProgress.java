package org.dmad.engine;

/**
 * Lets a caller observe every training that runs on its thread (a progress bar showing the current epoch) without
 * threading a listener through each detector's settings. The listener is thread-local: it sees only trainings
 * started by the thread that installed it.
 */
@EngineApi
public final class TrainingProgress {

    /** Receives epoch ends. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param epoch     the epoch just finished, from 1.
         * @param maxEpochs the configured number of epochs (early stopping may end sooner).
         * @param meanLoss  the epoch's mean loss.
         */
        void epochDone(int epoch, int maxEpochs, double meanLoss);
    }

    private static final ThreadLocal<Listener> LISTENER = new ThreadLocal<>();

    private TrainingProgress() {}

    /**
     * Installs a listener for trainings on this thread.
     *
     * @param listener the listener, or null to remove it.
     */
    public static void set(Listener listener) {
        if (listener == null) {
            LISTENER.remove();
        } else {
            LISTENER.set(listener);
        }
    }

    static void epochDone(int epoch, int maxEpochs, double meanLoss) {
        Listener l = LISTENER.get();
        if (l != null) {
            l.epochDone(epoch, maxEpochs, meanLoss);
        }
    }
}
