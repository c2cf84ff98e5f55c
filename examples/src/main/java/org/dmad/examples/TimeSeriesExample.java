package org.dmad.examples;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Random;
import org.dmad.series.PointScores;
import org.dmad.series.SlidingWindows;
import org.dmad.tribuo.SeriesDDPMTrainer;
import org.dmad.tribuo.series.SeriesDetector;
import org.dmad.tribuo.series.SeriesModel;
import org.dmad.tribuo.series.StreamingScorer;

/**
 * Monitoring three coupled sensor channels: trains the series diffusion detector (whole windows rebuilt with 20
 * DDIM steps) on a clean stretch, scores the rest of the series point by point, names the channel that carries the
 * anomaly, and then replays the last part through a {@link StreamingScorer} as a live monitor would, raising an
 * alarm above the 99.9th percentile of the training scores.
 * <pre>
 * java org.dmad.examples.TimeSeriesExample [epochs]
 * </pre>
 */
public final class TimeSeriesExample {

    /** Channel names of the generated series. */
    static final String[] CHANNELS = {"inlet-temperature", "pump-current", "outlet-pressure"};

    static final int LENGTH = 4000;
    static final int TRAIN = 2000;
    static final int WINDOW = 32;
    /** The planted anomaly: pump-current drifts up over these time steps. */
    static final int ANOMALY_START = 3200;

    static final int ANOMALY_END = 3260;

    /**
     * What the example measured.
     *
     * @param peakStep       the time step with the highest point score.
     * @param peakChannel    the channel with the highest score at the peak.
     * @param firstAlarm     the first time step the streaming monitor flagged, or -1.
     * @param falseAlarms    streaming alarms outside the planted anomaly (and a window after it).
     */
    public record Result(int peakStep, String peakChannel, int firstAlarm, int falseAlarms) {}

    private TimeSeriesExample() {}

    /**
     * The generated series: three channels driven by one daily-like cycle, with noise.
     *
     * @return row-major values, 3 per time step.
     */
    static double[] series() {
        Random r = new Random(7);
        double[] v = new double[LENGTH * 3];
        for (int t = 0; t < LENGTH; t++) {
            double cycle = Math.sin(2 * Math.PI * t / 64.0);
            double drift = t >= ANOMALY_START && t < ANOMALY_END ? 1.2 : 0;
            v[t * 3] = 20 + 2 * cycle + 0.2 * r.nextGaussian();
            v[t * 3 + 1] = 5 + 0.8 * Math.sin(2 * Math.PI * t / 64.0 + 0.5) + drift + 0.1 * r.nextGaussian();
            v[t * 3 + 2] = 1.5 + 0.3 * cycle + 0.05 * r.nextGaussian();
        }
        return v;
    }

    /**
     * Runs the example.
     *
     * @param epochs training epochs.
     * @return what it measured.
     */
    public static Result run(int epochs) {
        double[] values = series();
        double[] train = Arrays.copyOf(values, TRAIN * 3);
        SeriesDDPMTrainer trainer = SeriesDDPMTrainer.builder(WINDOW)
                .sampler("ddim")
                .ddimSteps(20)
                .epochs(epochs)
                .seed(1)
                .build();
        // Training windows every 4 steps; scoring always uses every window (stride 1).
        try (SeriesModel model = SeriesDetector.fit(trainer, train, 3, SlidingWindows.of(WINDOW, 4), true)) {
            double[] points = model.pointScores(values, PointScores.Aggregation.MEAN);
            int peak = TRAIN;
            for (int t = TRAIN; t < LENGTH; t++) {
                if (points[t] > points[peak]) {
                    peak = t;
                }
            }
            // Which channel: each channel's error around the peak, relative to its own error on the clean part
            // (channels differ in how well they can be rebuilt, so raw errors are not comparable).
            double[] perChannel = model.channelScores(values, PointScores.Aggregation.MEAN);
            double[] lift = new double[3];
            for (int c = 0; c < 3; c++) {
                double clean = 0;
                for (int t = 0; t < TRAIN; t++) {
                    clean += perChannel[t * 3 + c];
                }
                clean /= TRAIN;
                double around = 0;
                int from = Math.max(TRAIN, peak - WINDOW / 2);
                int to = Math.min(LENGTH, peak + WINDOW / 2);
                for (int t = from; t < to; t++) {
                    around += perChannel[t * 3 + c];
                }
                lift[c] = around / (to - from) / clean;
            }
            int channel = 0;
            for (int c = 1; c < 3; c++) {
                if (lift[c] > lift[channel]) {
                    channel = c;
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "Error around the peak relative to the clean part: %s %.1fx, %s %.1fx, " + "%s %.1fx%n",
                    CHANNELS[0],
                    lift[0],
                    CHANNELS[1],
                    lift[1],
                    CHANNELS[2],
                    lift[2]);
            System.out.printf(
                    Locale.ROOT,
                    "Highest point score at step %d (planted anomaly: steps %d-%d), " + "carried by channel %s%n",
                    peak,
                    ANOMALY_START,
                    ANOMALY_END - 1,
                    CHANNELS[channel]);

            // Alarm threshold from the training part, where the windows ending at a step (streaming semantics).
            double[] trainPoints = model.pointScores(train, PointScores.Aggregation.LAST);
            double[] sorted = trainPoints.clone();
            Arrays.sort(sorted);
            double threshold = sorted[(int) (0.999 * (sorted.length - 1))];
            StreamingScorer monitor = new StreamingScorer(model);
            int firstAlarm = -1;
            int falseAlarms = 0;
            for (int t = 3000; t < LENGTH; t++) {
                OptionalDouble score = monitor.offer(values[t * 3], values[t * 3 + 1], values[t * 3 + 2]);
                if (score.isPresent() && score.getAsDouble() > threshold) {
                    boolean planted = t >= ANOMALY_START && t < ANOMALY_END + WINDOW;
                    if (planted && firstAlarm < 0) {
                        firstAlarm = t;
                    } else if (!planted) {
                        falseAlarms++;
                    }
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "Streaming monitor: first alarm at step %d, %d alarms elsewhere " + "(threshold %.4f)%n",
                    firstAlarm,
                    falseAlarms,
                    threshold);
            return new Result(peak, CHANNELS[channel], firstAlarm, falseAlarms);
        }
    }

    /**
     * Entry point.
     *
     * @param args optional epochs (default 60).
     */
    public static void main(String[] args) {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 60);
    }
}
