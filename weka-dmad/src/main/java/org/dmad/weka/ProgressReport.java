package org.dmad.weka;

import java.util.ArrayList;
import java.util.List;
import org.dmad.engine.TrainingProgress;
import weka.gui.Logger;

/**
 * Reports a training's progress the Weka way: "epoch n of N" in the Explorer's status bar (the {@link Logger} Weka
 * hands a {@link weka.core.LogHandler}), a line in its log when training starts and ends, and with {@code -D}
 * (debug) every tenth of the epochs on standard error. It also counts the epochs each training stage ran (a
 * composite detector trains more than one network; early stopping ends a stage before its last epoch).
 */
final class ProgressReport implements TrainingProgress.Listener {

    private static final long STATUS_INTERVAL_NANOS = 200_000_000L;

    private final String name;
    private final Logger log;
    private final boolean debug;
    private final List<int[]> stages = new ArrayList<>();
    private long lastStatus;

    /**
     * @param name  the classifier's name, to start each message with.
     * @param log   the Explorer's logger, or null.
     * @param debug whether to print progress on standard error.
     */
    ProgressReport(String name, Logger log, boolean debug) {
        this.name = name;
        this.log = log;
        this.debug = debug;
    }

    /**
     * Logs a message to the log panel, or with debug to standard error.
     *
     * @param message the message.
     */
    void message(String message) {
        if (log != null) {
            log.logMessage(name + ": " + message);
            log.statusMessage(name + ": " + message);
        } else if (debug) {
            System.err.println(name + ": " + message);
        }
    }

    @Override
    public void epochDone(int epoch, int maxEpochs, double meanLoss) {
        if (epoch == 1 || stages.isEmpty()) {
            stages.add(new int[] {0, maxEpochs});
        }
        int[] stage = stages.get(stages.size() - 1);
        stage[0] = epoch;
        String text = "training" + (stages.size() > 1 ? " stage " + stages.size() : "") + ", epoch " + epoch + " of "
                + maxEpochs + " (loss " + String.format(java.util.Locale.ROOT, "%.4g", meanLoss) + ")";
        long now = System.nanoTime();
        if (log != null && (now - lastStatus >= STATUS_INTERVAL_NANOS || epoch == maxEpochs)) {
            lastStatus = now;
            log.statusMessage(name + ": " + text);
        }
        if (log == null && debug && (epoch == 1 || epoch == maxEpochs || epoch % Math.max(1, maxEpochs / 10) == 0)) {
            System.err.println(name + ": " + text);
        }
    }

    /**
     * The epochs each stage ran, for the model summary.
     *
     * @return e.g. "57 of at most 400", or "autoencoder 100 of 100, then 400 of 400"; empty when nothing trained.
     */
    String epochs() {
        List<String> parts = new ArrayList<>();
        for (int[] s : stages) {
            parts.add(s[0] + " of at most " + s[1]);
        }
        return String.join(", then ", parts);
    }
}
