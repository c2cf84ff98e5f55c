package org.dmad.evaluation.timeseries;

/**
 * The dominant period of a series from its autocorrelation, the rule TSB-AD uses to choose the sliding window of
 * its detectors and the maximum buffer of VUS ({@code find_length_rank(data, rank=1)}, after the TSB-UAD
 * {@code find_length} heuristic of Paparrizos et al., PVLDB 2022).
 */
public final class Periodicity {

    /** The window used when the autocorrelation has no usable peak (TSB-AD's fallback). */
    public static final int DEFAULT_PERIOD = 125;

    /** Only this many leading points are examined, as in TSB-AD. */
    static final int MAX_POINTS = 20_000;
    /** The largest lag whose autocorrelation is computed. */
    static final int MAX_LAG = 400;
    /** Lags below this are never candidates (the very first lags are always highly correlated). */
    static final int BASE = 3;

    private Periodicity() {}

    /**
     * The lag of the highest local maximum of the sample autocorrelation. Definition: take the first 20,000
     * points; compute the biased sample autocorrelation {@code r(k) = sum_t (x_t - m)(x_(t+k) - m) / sum_t
     * (x_t - m)^2} for lags {@code k = 0..K}, {@code K = min(400, n - 1)}; keep the strict local maxima
     * ({@code r(k) > r(k - 1)} and {@code r(k) > r(k + 1)}) among lags {@code 4..K - 1} (TSB-AD drops lags 0-2
     * first, so lag 3 can never be a peak); return the lag of the highest one. When there is none, when the
     * series is constant, or when the peak lies outside lags 6..303, return {@link #DEFAULT_PERIOD} (125), as
     * TSB-AD does. Equal peaks resolve to the shortest lag (TSB-AD's order between exactly equal peaks is
     * unspecified).
     *
     * <p>The trap it addresses: a VUS buffer or sliding window picked by hand per dataset is a free parameter that
     * changes the score; deriving it from the series reproduces the published TSB-AD setting.
     *
     * @param series the series (for multivariate data, its first channel, as TSB-AD does).
     * @return the period, between 6 and 303, or 125.
     * @throws IllegalArgumentException when the series is empty or holds a non-finite value.
     */
    public static int dominantPeriod(double[] series) {
        if (series.length == 0) {
            throw new IllegalArgumentException("The series is empty");
        }
        int n = Math.min(series.length, MAX_POINTS);
        double mean = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(series[i])) {
                throw new IllegalArgumentException("Series value " + i + " is " + series[i] + ": must be finite");
            }
            mean += series[i];
        }
        mean /= n;
        double[] centred = new double[n];
        for (int i = 0; i < n; i++) {
            centred[i] = series[i] - mean;
        }
        int lags = Math.min(MAX_LAG, n - 1);
        double[] acf = new double[lags + 1];
        for (int k = 0; k <= lags; k++) {
            double sum = 0;
            for (int t = 0; t + k < n; t++) {
                sum += centred[t] * centred[t + k];
            }
            acf[k] = sum;
        }
        if (!(acf[0] > 0)) {
            return DEFAULT_PERIOD;
        }
        int best = -1;
        for (int k = BASE + 1; k < lags; k++) {
            boolean peak = acf[k] > acf[k - 1] && acf[k] > acf[k + 1];
            if (peak && (best < 0 || acf[k] > acf[best])) {
                best = k;
            }
        }
        // TSB-AD counts the peak from lag 3 and rejects offsets below 3 or above 300.
        if (best < 0 || best - BASE < 3 || best - BASE > 300) {
            return DEFAULT_PERIOD;
        }
        return best;
    }
}
