package org.dmad.evaluation.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The published per-series figures (TSB-AD VUS-PR, TSB-UAD AUROC) of the shipped samples, which the series report
 * shows next to dmad's ({@code timeseries-anchors.tsv}).
 */
final class PublishedFigures {

    /** A published per-series figure. */
    record Anchor(
            String match,
            String reference,
            String metric,
            double iforest,
            double ocsvm,
            String bestMethod,
            double best) {}

    private static final List<Anchor> ANCHORS = load();

    private PublishedFigures() {}

    /**
     * The published figures for a series, if any.
     *
     * @param series the series name.
     * @return the anchor or null.
     */
    static Anchor anchor(String series) {
        for (Anchor a : ANCHORS) {
            if (series.equals(a.match())
                    || series.endsWith("/" + a.match())
                    || series.endsWith("-" + a.match())
                    || series.endsWith(a.match()) && a.match().length() > 8) {
                return a;
            }
        }
        return null;
    }

    private static List<Anchor> load() {
        List<Anchor> out = new ArrayList<>();
        try (InputStream in =
                PublishedFigures.class.getResourceAsStream("/org/dmad/evaluation/timeseries-anchors.tsv")) {
            if (in == null) {
                throw new IllegalStateException("timeseries-anchors.tsv is missing from the evaluation jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                out.add(new Anchor(
                        f[0],
                        f[1],
                        f[2],
                        Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]),
                        f[5],
                        Double.parseDouble(f[6])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
