package org.dmad.evaluation.harness;

import java.util.Locale;

/**
 * How the time-series benchmark turns a series into training data and scores ({@code dmad bench --task timeseries
 * --protocol NAME}).
 */
public enum SeriesProtocol {
    /**
     * dmad's own: a z-score fitted on the training part, windows of one length for every detector, every detector
     * trained on the training part's windows, the evaluation range scored.
     */
    SEMI("semi"),
    /** TSB-AD's evaluation protocol (Liu and Paparrizos, NeurIPS 2024), see {@link TsbAdProtocol}. */
    TSB_AD("tsb-ad"),
    /**
     * TSB-AD's protocol on the values as the file holds them (no whole-series z-score): what TSB-AD's runner scripts
     * pass to the detectors; see docs/TIME_SERIES.md for which one its published figures follow.
     */
    TSB_AD_RAW("tsb-ad-raw");

    private final String cliName;

    SeriesProtocol(String cliName) {
        this.cliName = cliName;
    }

    /** @return whether this is one of TSB-AD's protocols. */
    public boolean tsbAd() {
        return this != SEMI;
    }

    /** @return the command-line name. */
    public String cliName() {
        return cliName;
    }

    /**
     * @param name a command-line name.
     * @return the protocol.
     * @throws IllegalArgumentException for any other name (the tabular names {@code semi-clean} and {@code unsup}
     *                                  included: they have no meaning for series).
     */
    public static SeriesProtocol parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SeriesProtocol p : values()) {
            if (p.cliName.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown protocol '" + name + "' for --task timeseries: use semi (dmad's: "
                + "normalisation and training on the training part, one window length), tsb-ad (TSB-AD's "
                + "protocol, docs/TIME_SERIES.md) or tsb-ad-raw (the same without the whole-series z-score)");
    }
}
