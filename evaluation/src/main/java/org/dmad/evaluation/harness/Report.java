package org.dmad.evaluation.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmad.evaluation.metrics.Metrics;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes {@code summary.md} (per-dataset AUROC table with detectors as columns, then mean AUROC, mean AUPR and mean
 * rank per detector) and {@code report.html} (the same tables, ROC and PR curves per dataset for the first seed,
 * and a rank chart), self-contained so that it opens offline: charts are PNG images embedded in the page.
 */
public final class Report {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Report() {}

    /**
     * Writes both files.
     *
     * @param out     the output folder.
     * @param rows    the results rows.
     * @param records the run records (for the curves).
     * @throws IOException when writing fails.
     */
    public static void write(Path out, List<ResultRow> rows, RunRecords records) throws IOException {
        Summary summary = new Summary(rows);
        RunRecords.writeAtomically(out.resolve("summary.md"), markdown(summary, rows));
        RunRecords.writeAtomically(out.resolve("report.html"), html(summary, rows, records));
    }

    /**
     * The Markdown summary.
     *
     * @param s    the aggregates.
     * @param rows the rows (for the protocol and seeds line).
     * @return the Markdown text.
     */
    public static String markdown(Summary s, List<ResultRow> rows) {
        StringBuilder b = new StringBuilder("# dmad benchmark summary\n\n");
        b.append(describe(rows)).append("\n\n## AUROC per dataset (mean over seeds)\n\n| dataset |");
        s.detectors().forEach(d -> b.append(' ').append(d).append(" |"));
        b.append("\n|---|");
        s.detectors().forEach(d -> b.append("---:|"));
        b.append('\n');
        for (String dataset : s.datasets()) {
            b.append("| ").append(dataset).append(" |");
            for (String d : s.detectors()) {
                Summary.Cell c = s.cell(dataset, d);
                b.append(' ').append(c == null ? "error" : pct(c.mean("auroc"))).append(" |");
            }
            b.append('\n');
        }
        b.append("\n## Per detector\n\n| detector | mean AUROC | mean AUPR | mean rank | mean fit s | mean score s |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (String d : s.detectors()) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %.2f | %.2f | %.3f |%n",
                    d,
                    pct(s.mean(d, "auroc")),
                    pct(s.mean(d, "aupr")),
                    s.meanRank(d),
                    s.mean(d, Summary.FIT_SECONDS),
                    s.mean(d, Summary.SCORE_SECONDS)));
        }
        if (!s.errors().isEmpty()) {
            b.append("\n## Failed runs\n\n");
            s.errors()
                    .forEach((k, v) ->
                            b.append("- ").append(k).append(": ").append(v).append('\n'));
        }
        return b.toString();
    }

    private static String describe(List<ResultRow> rows) {
        String protocols = String.join(
                ", ", rows.stream().map(ResultRow::protocol).distinct().toList());
        String seeds = String.join(
                ", ", rows.stream().map(r -> Long.toString(r.seed())).distinct().toList());
        long ok = rows.stream().filter(ResultRow::ok).count();
        return "Protocol " + protocols + "; seeds " + seeds + "; " + ok + " of " + rows.size()
                + " runs succeeded. Values are percentages.";
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    private static String html(Summary s, List<ResultRow> rows, RunRecords records) throws IOException {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<title>dmad benchmark report</title><style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
                        + "text-align:right}td:first-child,th:first-child{text-align:left}.best{font-weight:bold}"
                        + "img{margin:4px}</style></head><body>\n<h1>dmad benchmark report</h1>\n<p>")
                .append(escape(describe(rows)))
                .append("</p>\n<h2>AUROC per dataset</h2>\n<table><tr><th>dataset</th>");
        s.detectors().forEach(d -> b.append("<th>").append(escape(d)).append("</th>"));
        b.append("</tr>\n");
        for (String dataset : s.datasets()) {
            double best = s.detectors().stream()
                    .map(d -> s.cell(dataset, d))
                    .filter(c -> c != null)
                    .mapToDouble(c -> c.mean("auroc"))
                    .max()
                    .orElse(Double.NaN);
            b.append("<tr><td>").append(escape(dataset)).append("</td>");
            for (String d : s.detectors()) {
                Summary.Cell c = s.cell(dataset, d);
                b.append(c != null && c.mean("auroc") == best ? "<td class=\"best\">" : "<td>")
                        .append(c == null ? "error" : pct(c.mean("auroc")))
                        .append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n<h2>Per detector</h2>\n<table><tr><th>detector</th><th>mean AUROC</th><th>mean AUPR</th>"
                + "<th>mean rank</th><th>mean fit s</th><th>mean score s</th></tr>\n");
        DefaultCategoryDataset ranks = new DefaultCategoryDataset();
        for (String d : s.detectors()) {
            b.append(String.format(
                    Locale.ROOT,
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%.2f</td><td>%.2f</td>" + "<td>%.3f</td></tr>%n",
                    escape(d),
                    pct(s.mean(d, "auroc")),
                    pct(s.mean(d, "aupr")),
                    s.meanRank(d),
                    s.mean(d, Summary.FIT_SECONDS),
                    s.mean(d, Summary.SCORE_SECONDS)));
            if (!Double.isNaN(s.meanRank(d))) {
                ranks.addValue(s.meanRank(d), "mean rank", d);
            }
        }
        b.append("</table>\n");
        b.append(image(
                ChartFactory.createBarChart(
                        "Mean AUROC rank (lower is better)",
                        "detector",
                        "mean rank",
                        ranks,
                        PlotOrientation.VERTICAL,
                        false,
                        false,
                        false),
                640,
                360));
        b.append("<h2>Curves per dataset (first seed)</h2>\n");
        for (String dataset : s.datasets()) {
            XYSeriesCollection roc = new XYSeriesCollection();
            XYSeriesCollection pr = new XYSeriesCollection();
            for (ResultRow r : firstSeedRuns(rows, dataset)) {
                Object[] ls = records.readScores(r);
                if (ls == null) {
                    continue;
                }
                roc.addSeries(series(r.detector(), Metrics.rocCurve((int[]) ls[0], (double[]) ls[1])));
                pr.addSeries(series(r.detector(), Metrics.prCurve((int[]) ls[0], (double[]) ls[1])));
            }
            if (roc.getSeriesCount() == 0) {
                continue;
            }
            b.append("<h3>").append(escape(dataset)).append("</h3>\n");
            b.append(image(
                    ChartFactory.createXYLineChart(
                            "ROC: " + dataset,
                            "false positive rate",
                            "true positive rate",
                            roc,
                            PlotOrientation.VERTICAL,
                            true,
                            false,
                            false),
                    480,
                    400));
            b.append(image(
                    ChartFactory.createXYLineChart(
                            "Precision-recall: " + dataset,
                            "recall",
                            "precision",
                            pr,
                            PlotOrientation.VERTICAL,
                            true,
                            false,
                            false),
                    480,
                    400));
            b.append('\n');
        }
        if (!s.errors().isEmpty()) {
            b.append("<h2>Failed runs</h2>\n<ul>\n");
            for (Map.Entry<String, String> e : s.errors().entrySet()) {
                b.append("<li>")
                        .append(escape(e.getKey()))
                        .append(": ")
                        .append(escape(e.getValue()))
                        .append("</li>\n");
            }
            b.append("</ul>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    private static List<ResultRow> firstSeedRuns(List<ResultRow> rows, String dataset) {
        long first = rows.stream()
                .filter(r -> r.dataset().equals(dataset) && r.ok())
                .mapToLong(ResultRow::seed)
                .min()
                .orElse(0);
        return rows.stream()
                .filter(r -> r.dataset().equals(dataset) && r.ok() && r.seed() == first)
                .toList();
    }

    private static XYSeries series(String name, List<Metrics.Point> points) {
        XYSeries series = new XYSeries(name, false, true);
        points.forEach(p -> series.add(p.x(), p.y()));
        return series;
    }

    private static String image(JFreeChart chart, int width, int height) throws IOException {
        chart.getPlot().setBackgroundPaint(java.awt.Color.WHITE);
        chart.setBackgroundPaint(java.awt.Color.WHITE);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, width, height);
        return "<img alt=\"" + escape(chart.getTitle().getText()) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png.toByteArray()) + "\">";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
