package org.dmad.tribuo;

import org.tribuo.Example;
import org.tribuo.anomaly.Event;

/**
 * A window detector that explains each window element by element: one error per time step and channel of a window
 * of L time steps over C channels, whose mean is the window's score. Implemented by {@link SeriesDDPMModel},
 * {@link SeriesImDiffusionModel} and {@link SeriesD3RModel}; {@link org.dmad.tribuo.series.SeriesModel} uses it for
 * per-channel scores of a whole series.
 */
public interface SeriesElementErrors {

    /** @return L, time steps per window. */
    int getWindowLength();

    /** @return C, channels per time step. */
    int getChannels();

    /**
     * The per-element errors of windows: which channel is anomalous, and when.
     *
     * @param windows the windows, features named as in training.
     * @return per window, L * C errors in time-major order (element t * C + c); their mean is the window's score.
     * @throws IllegalArgumentException for a non-finite value or a window with no known feature.
     */
    double[][] elementErrors(Iterable<Example<Event>> windows);

    /**
     * The per-element errors of windows given as rows, without a Tribuo example per window: each row holds one
     * window's values in the order of the model's feature ids (for a model trained on
     * {@link org.dmad.tribuo.series.SlidingWindows}' feature names, element t * C + c). Bit for bit the errors of
     * {@link #elementErrors} for the same windows.
     *
     * @param rows row-major window values, L * C per window, in feature-id order.
     * @return row-major errors, L * C per window, in time-major order.
     * @throws IllegalArgumentException for a non-finite value or a length that is not whole windows.
     */
    double[] elementErrorsOfRows(double[] rows);

    /**
     * The errors of windows per channel: the mean over time steps of {@link #elementErrors}.
     *
     * @param windows the windows.
     * @return per window, C values.
     */
    default double[][] channelErrors(Iterable<Example<Event>> windows) {
        return reduce(elementErrors(windows), getWindowLength(), getChannels(), false);
    }

    /**
     * The errors of windows per time step: the mean over channels of {@link #elementErrors}.
     *
     * @param windows the windows.
     * @return per window, L values.
     */
    default double[][] stepErrors(Iterable<Example<Event>> windows) {
        return reduce(elementErrors(windows), getWindowLength(), getChannels(), true);
    }

    /**
     * Means of time-major element errors per channel or per time step.
     *
     * @param elements per window, L * C errors.
     * @param length   L.
     * @param channels C.
     * @param perStep  true for one mean per time step, false for one per channel.
     * @return the means.
     */
    static double[][] reduce(double[][] elements, int length, int channels, boolean perStep) {
        double[][] out = new double[elements.length][perStep ? length : channels];
        for (int i = 0; i < elements.length; i++) {
            for (int t = 0; t < length; t++) {
                for (int c = 0; c < channels; c++) {
                    out[i][perStep ? t : c] += elements[i][t * channels + c] / (perStep ? channels : length);
                }
            }
        }
        return out;
    }
}
