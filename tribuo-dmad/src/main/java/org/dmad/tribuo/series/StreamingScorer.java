package org.dmad.tribuo.series;

import java.util.Objects;
import java.util.OptionalDouble;
import org.dmad.series.SeriesNormalizer;

/**
 * Scores a series one observation at a time: after each observation, the score of the window that ends at it.
 * <p>
 * The scorer keeps the last {@code length} observations (normalised on arrival with the model's training
 * statistics) in a ring buffer. It reports nothing until {@code length} observations have arrived; from then on the
 * score for observation {@code t} is {@code model.pointScores(series, LAST)[t]}, computed from the same window
 * values by the same scoring path, so a detector deployed on a stream agrees with its batch evaluation. The numbers
 * are bit-identical for a detector whose arithmetic does not depend on how many rows it scores at once (Tribuo's
 * LibSVM models, for example); dmad's detectors compute with batched matrix products on PyTorch, whose rounding
 * depends on the batch size, so there the two agree to about 1e-13 relative (measured on DTE-NonParametric), not
 * to the last bit.
 * <p>
 * Not thread-safe: one scorer serves one stream from one thread at a time (the model itself may be shared by
 * several scorers).
 */
public final class StreamingScorer {

    private final SeriesModel model;
    private final SeriesNormalizer normalizer;
    private final int length;
    private final int channels;
    private final double[] ring;
    private final double[] window;
    private int next;
    private long seen;

    /**
     * A scorer with an empty buffer.
     *
     * @param model the model of windows.
     */
    public StreamingScorer(SeriesModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.normalizer = model.normalizerOrNull();
        this.length = model.windows().length();
        this.channels = model.channels();
        this.ring = new double[length * channels];
        this.window = new double[length * channels];
    }

    /**
     * Takes the next observation.
     *
     * @param observation one value per channel, all finite.
     * @return empty for the first {@code length - 1} observations, then the score of the window ending at this one.
     * @throws IllegalArgumentException when the observation's width is not the channel count or a value is not
     *                                  finite; the buffer is then unchanged.
     */
    public OptionalDouble offer(double... observation) {
        Objects.requireNonNull(observation, "observation");
        if (observation.length != channels) {
            throw new IllegalArgumentException("Observation " + seen + " has " + observation.length
                    + " values but the model was trained on " + channels + " channels");
        }
        for (int c = 0; c < channels; c++) {
            if (!Double.isFinite(observation[c])) {
                throw new IllegalArgumentException("Observation " + seen + ", channel " + c + " is " + observation[c]
                        + "; every value must be finite");
            }
        }
        double[] values = normalizer == null ? observation : normalizer.apply(observation);
        System.arraycopy(values, 0, ring, next * channels, channels);
        next = (next + 1) % length;
        seen++;
        if (seen < length) {
            return OptionalDouble.empty();
        }
        // The oldest observation sits where the next one will be written.
        int head = (length - next) * channels;
        System.arraycopy(ring, next * channels, window, 0, head);
        System.arraycopy(ring, 0, window, head, next * channels);
        return OptionalDouble.of(model.scoreWindows(window, 1)[0]);
    }

    /** Forgets every observation; the next score comes after {@code length} new observations. */
    public void reset() {
        next = 0;
        seen = 0;
    }

    /** @return observations offered since construction or the last {@link #reset()}. */
    public long seen() {
        return seen;
    }

    /** @return the model. */
    public SeriesModel model() {
        return model;
    }
}
