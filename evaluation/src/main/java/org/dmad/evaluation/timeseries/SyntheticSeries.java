package org.dmad.evaluation.timeseries;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dmad.evaluation.data.DatasetRecord;
import org.dmad.evaluation.data.Hashing;

/**
 * Generated series with known anomalies, so that {@code dmad bench --task timeseries} runs on a fresh machine with no
 * data. Every series has a clean training prefix of {@value #TRAIN} points and a test part with labelled anomaly
 * segments of one kind:
 * <ul>
 *     <li>{@code spike}: one channel, a noisy sine with isolated spikes (point anomalies);</li>
 *     <li>{@code shift}: three coupled channels, a level shift in channel 1 only (a channel-level anomaly: a
 *     reconstruction detector should name channel 1);</li>
 *     <li>{@code frequency}: one channel whose period shortens by 30% for a while (a contextual anomaly: every
 *     value is in the normal range);</li>
 *     <li>{@code decouple}: two channels that normally move together, then one of them runs a quarter period
 *     ahead (a dependency anomaly: each channel alone looks normal).</li>
 * </ul>
 * The recipe (kind, length, seed) is hashed into the dataset record, as for the generated tabular suite.
 */
public final class SyntheticSeries {

    /** The kinds of series. */
    public static final List<String> KINDS = List.of("spike", "shift", "frequency", "decouple");

    /** Length of the clean training prefix. */
    public static final int TRAIN = 1500;

    /** Total length. */
    public static final int LENGTH = 3500;

    private static final int PERIOD = 50;

    private SyntheticSeries() {}

    /**
     * Generates one series.
     *
     * @param kind one of {@link #KINDS}.
     * @param seed the generator seed.
     * @return the series; trainEnd = {@value #TRAIN}, metrics on the points after it.
     */
    public static TimeSeries generate(String kind, long seed) {
        Random r = new Random(seed * 31 + KINDS.indexOf(kind));
        int channels;
        switch (kind) {
            case "spike", "frequency" -> channels = 1;
            case "shift" -> channels = 3;
            case "decouple" -> channels = 2;
            default ->
                throw new IllegalArgumentException(
                        "Unknown generated series '" + kind + "': use one of " + String.join(", ", KINDS));
        }
        double[] v = new double[LENGTH * channels];
        int[] labels = new int[LENGTH];
        // Anomaly segments in the test part: four, evenly spread, lengths 1 (spike) or 40 (others).
        int segment = kind.equals("spike") ? 1 : 40;
        List<int[]> segments = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int start = TRAIN + 200 + k * (LENGTH - TRAIN - 400) / 4 + r.nextInt(50);
            segments.add(new int[] {start, start + segment});
            for (int t = start; t < start + segment; t++) {
                labels[t] = 1;
            }
        }
        double phase = 0;
        for (int t = 0; t < LENGTH; t++) {
            boolean anomalous = labels[t] == 1;
            double period = kind.equals("frequency") && anomalous ? PERIOD * 0.7 : PERIOD;
            phase += 2 * Math.PI / period;
            double base = Math.sin(phase);
            for (int c = 0; c < channels; c++) {
                double x = switch (kind) {
                    case "shift" -> Math.sin(phase + c * 0.7) * (1 + 0.3 * c) + (anomalous && c == 1 ? 0.8 : 0);
                    case "decouple" -> c == 0 ? base : (anomalous ? Math.cos(phase) : base) * 0.8;
                    default -> base;
                };
                if (kind.equals("spike") && anomalous) {
                    x += (r.nextBoolean() ? 1 : -1) * 1.5;
                }
                v[t * channels + c] = x + 0.25 * r.nextGaussian();
            }
        }
        int anomalies = 0;
        for (int l : labels) {
            anomalies += l;
        }
        String recipe = String.format(
                Locale.ROOT,
                "synthetic-series kind=%s length=%d train=%d channels=%d seed=%d",
                kind,
                LENGTH,
                TRAIN,
                channels,
                seed);
        String name = "synthetic-" + kind;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            names.add("c" + c);
        }
        DatasetRecord record =
                new DatasetRecord(name, "generated:" + recipe, Hashing.sha256(recipe), LENGTH, channels, anomalies);
        return new TimeSeries(name, v, LENGTH, channels, labels, TRAIN, TRAIN, names, record);
    }
}
