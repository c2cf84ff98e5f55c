package org.dmad.evaluation.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * {@code summary.md} and {@code report.html} of a time-series benchmark: VUS-PR, point AUROC, best F1 and the
 * (flagged) point-adjusted F1 per series and detector, means over seeds; mean times; and, for the shipped samples
 * with published per-series figures (TSB-AD VUS-PR, TSB-UAD AUROC), those figures next to dmad's.
 */
public final class SeriesReport {

    /** A published per-series figure. */
    record Anchor(
            String match,
            String reference,
            String metric,
            double iforest,
            double ocsvm,
            String bestMethod,
            double best) {}

    private static final List<Anchor> ANCHORS = loadAnchors();

    private SeriesReport() {}

    /**
     * Writes both files.
     *
     * @param out  the output folder.
     * @param rows the rows.
     * @throws IOException when a file cannot be written.
     */
    public static void write(Path out, List<ResultRow> rows) throws IOException {
        String md = markdown(rows);
        RunRecords.writeAtomically(out.resolve("summary.md"), md);
        RunRecords.writeAtomically(out.resolve("report.html"), html(md));
    }

    /**
     * The summary.
     *
     * @param rows the rows.
     * @return markdown.
     */
    public static String markdown(List<ResultRow> rows) {
        Set<String> series = new LinkedHashSet<>();
        Set<String> detectors = new LinkedHashSet<>();
        for (ResultRow r : rows) {
            series.add(r.dataset());
            detectors.add(r.detector());
        }
        StringBuilder sb = new StringBuilder("# dmad time-series benchmark\n\n");
        sb.append(rows.size())
                .append(" runs, ")
                .append(rows.stream().filter(r -> !r.ok()).count())
                .append(" failed. Metrics on each series' evaluation range, from point scores (mean of the window ")
                .append("scores covering a point); means over seeds. Definitions: docs/TIMESERIES-METRICS.md.\n\n");
        table(sb, "VUS-PR (threshold-free, TSB-AD's ranking metric)", series, detectors, rows, r -> r.metric("vus_pr"));
        table(sb, "Point-wise AUROC", series, detectors, rows, r -> r.metric("auroc"));
        table(sb, "Best point-wise F1 (oracle threshold)", series, detectors, rows, r -> r.metric("best_f1"));
        table(
                sb,
                "Point-adjusted F1 (optimistic: a whole segment counts once one point is flagged; never compare "
                        + "with non-adjusted F1)",
                series,
                detectors,
                rows,
                r -> r.metric("pa_f1"));
        sb.append("## Mean seconds per run (fit / score all points)\n\n| detector | fit | score |\n|---|---|---|\n");
        for (String d : detectors) {
            sb.append("| ")
                    .append(d)
                    .append(" | ")
                    .append(fmt(mean(rows, null, d, ResultRow::fitSeconds), "%.1f"))
                    .append(" | ")
                    .append(fmt(mean(rows, null, d, ResultRow::scoreSeconds), "%.1f"))
                    .append(" |\n");
        }
        sb.append('\n');
        anchors(sb, series, detectors, rows);
        List<ResultRow> failed = rows.stream().filter(r -> !r.ok()).toList();
        if (!failed.isEmpty()) {
            sb.append("## Failed runs\n\n");
            for (ResultRow r : failed) {
                sb.append("- ")
                        .append(r.detector())
                        .append(" on ")
                        .append(r.dataset())
                        .append(" (seed ")
                        .append(r.seed())
                        .append("): ")
                        .append(r.error())
                        .append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void table(
            StringBuilder sb,
            String title,
            Set<String> series,
            Set<String> detectors,
            List<ResultRow> rows,
            ToDoubleFunction<ResultRow> metric) {
        sb.append("## ").append(title).append("\n\n| series |");
        for (String d : detectors) {
            sb.append(' ').append(d).append(" |");
        }
        sb.append("\n|---|");
        sb.append("---|".repeat(detectors.size())).append('\n');
        for (String s : series) {
            sb.append("| ").append(s).append(" |");
            for (String d : detectors) {
                sb.append(' ').append(fmt(mean(rows, s, d, metric), "%.3f")).append(" |");
            }
            sb.append('\n');
        }
        sb.append("| **mean** |");
        for (String d : detectors) {
            List<Double> perSeries = new ArrayList<>();
            for (String s : series) {
                double v = mean(rows, s, d, metric);
                if (!Double.isNaN(v)) {
                    perSeries.add(v);
                }
            }
            double m = perSeries.size() == series.size()
                    ? perSeries.stream()
                            .mapToDouble(Double::doubleValue)
                            .average()
                            .orElse(Double.NaN)
                    : Double.NaN;
            sb.append(" **").append(fmt(m, "%.3f")).append("** |");
        }
        sb.append("\n\n");
    }

    private static void anchors(StringBuilder sb, Set<String> series, Set<String> detectors, List<ResultRow> rows) {
        StringBuilder t = new StringBuilder();
        for (String s : series) {
            Anchor a = anchor(s);
            if (a == null) {
                continue;
            }
            ToDoubleFunction<ResultRow> metric =
                    a.metric().equals("vus_pr") ? r -> r.metric("vus_pr") : r -> r.metric("auroc");
            String bestDmad = "";
            double bestValue = Double.NaN;
            for (String d : detectors) {
                double v = mean(rows, s, d, metric);
                if (!Double.isNaN(v) && (Double.isNaN(bestValue) || v > bestValue)) {
                    bestValue = v;
                    bestDmad = d;
                }
            }
            t.append("| ")
                    .append(s)
                    .append(" | ")
                    .append(a.reference())
                    .append(" | ")
                    .append(a.metric().equals("vus_pr") ? "VUS-PR" : "AUROC")
                    .append(" | ")
                    .append(fmt(mean(rows, s, "iforest", metric), "%.3f"))
                    .append(" / ")
                    .append(fmt(a.iforest(), "%.3f"))
                    .append(" | ")
                    .append(fmt(mean(rows, s, "ocsvm", metric), "%.3f"))
                    .append(" / ")
                    .append(fmt(a.ocsvm(), "%.3f"))
                    .append(" | ")
                    .append(bestDmad.isEmpty() ? "" : bestDmad + " " + fmt(bestValue, "%.3f"))
                    .append(" | ")
                    .append(a.bestMethod())
                    .append(' ')
                    .append(fmt(a.best(), "%.3f"))
                    .append(" |\n");
        }
        if (t.length() == 0) {
            return;
        }
        sb.append("## Against published per-series figures\n\n")
                .append("dmad / published. TSB-AD figures: semi-supervised on the `tr_` prefix, whole series ")
                .append("evaluated, its own hyperparameters and windows; TSB-UAD figures: unsupervised on the whole ")
                .append("series. dmad's protocol differs (training part only, dmad's windows), so read these as ")
                .append("orientation, not as a reproduction.\n\n")
                .append("| series | reference | metric | iforest (dmad / published) | ocsvm (dmad / published) | ")
                .append("best dmad detector | best published |\n|---|---|---|---|---|---|---|\n")
                .append(t)
                .append('\n');
    }

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

    private static double mean(
            List<ResultRow> rows, String series, String detector, ToDoubleFunction<ResultRow> metric) {
        double sum = 0;
        int n = 0;
        for (ResultRow r : rows) {
            if (r.ok()
                    && r.detector().equals(detector)
                    && (series == null || r.dataset().equals(series))) {
                double v = metric.applyAsDouble(r);
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static String fmt(double v, String pattern) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, pattern, v);
    }

    /** A self-contained HTML page of the summary's headings, paragraphs and tables. */
    static String html(String markdown) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<title>dmad time-series benchmark</title><style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:3px 8px;"
                + "text-align:right}td:first-child{text-align:left}</style></head><body>\n");
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("|")) {
                if (line.startsWith("|---")) {
                    continue;
                }
                String[] cells = line.substring(1, line.length() - 1).split("\\|");
                if (!inTable) {
                    h.append("<table>");
                    inTable = true;
                    h.append("<tr>");
                    for (String c : cells) {
                        h.append("<th>").append(escape(c.trim())).append("</th>");
                    }
                    h.append("</tr>\n");
                    continue;
                }
                h.append("<tr>");
                for (String c : cells) {
                    h.append("<td>").append(escape(c.trim().replace("**", ""))).append("</td>");
                }
                h.append("</tr>\n");
                continue;
            }
            if (inTable) {
                h.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("## ")) {
                h.append("<h2>").append(escape(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("# ")) {
                h.append("<h1>").append(escape(line.substring(2))).append("</h1>\n");
            } else if (line.startsWith("- ")) {
                h.append("<p>&bull; ").append(escape(line.substring(2))).append("</p>\n");
            } else if (!line.isBlank()) {
                h.append("<p>").append(escape(line)).append("</p>\n");
            }
        }
        if (inTable) {
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("`", "");
    }

    private static List<Anchor> loadAnchors() {
        List<Anchor> out = new ArrayList<>();
        try (InputStream in = SeriesReport.class.getResourceAsStream("/org/dmad/evaluation/timeseries-anchors.tsv")) {
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

    /** @return the anchors by their match text (for tests). */
    static Map<String, Anchor> anchors() {
        Map<String, Anchor> m = new LinkedHashMap<>();
        for (Anchor a : ANCHORS) {
            m.put(a.match(), a);
        }
        return m;
    }
}
