package org.dmad.evaluation.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.metrics.MetricSet;
import org.dmad.evaluation.metrics.Metrics;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report of a benchmark of either task: {@code summary.md} and {@code report.html}, self-contained so that it
 * opens offline. What a task's report shows is data, a {@link Layout} ({@link Layout#of(Task)}) over the task's
 * {@link MetricSet}: per-dataset tables of metrics (detectors as columns), a per-detector table, the published
 * figures next to dmad's where a task has them, and the failed runs. The tabular page adds the rank chart and each
 * dataset's ROC and PR curves (first seed, from the run records' scores) as embedded PNG images; the series page
 * shows the summary's tables.
 */
public final class Report {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** The statistic of a {@link Column} that gives a detector's mean rank by the set's ranking metric. */
    public static final String RANK = "rank";

    /**
     * How the means of a table are taken.
     *
     * <ul>
     *   <li>{@link #DATASET_MEANS}: a cell is the mean over a dataset's successful runs ({@link Summary}: a NaN
     *       metric makes it NaN); a detector's figure is the mean of its cells over datasets.
     *   <li>{@link #FINITE_RUNS}: a cell is the mean of the finite values over a dataset's successful runs (NaN
     *       values are skipped); a detector's figure is the same mean over all its successful runs.
     * </ul>
     */
    public enum Averaging {
        /** Means of means, NaN propagates (tabular). */
        DATASET_MEANS,
        /** Means of the finite values of runs (series). */
        FINITE_RUNS
    }

    /** How the page {@code report.html} is made. */
    public enum Page {
        /** The tables (best value per dataset in bold), the rank chart and each dataset's ROC and PR curves. */
        CHARTS,
        /** The summary's headings, paragraphs and tables. */
        SUMMARY
    }

    /**
     * How a number is shown.
     *
     * @param scale   multiplies the value (100 for percentages).
     * @param pattern the {@link String#format} pattern.
     * @param nan     the text of NaN.
     */
    public record Number(double scale, String pattern, String nan) {
        String format(double v) {
            return Double.isNaN(v) ? nan : String.format(Locale.ROOT, pattern, scale * v);
        }
    }

    /**
     * A table with a row per dataset and a column per detector.
     *
     * @param metric    a metric of the task's set.
     * @param title     its heading in summary.md.
     * @param pageTitle its heading on the {@link Page#CHARTS} page.
     * @param number    how values are shown.
     * @param noRun     the text of a cell without a successful run.
     * @param meanRow   whether a last row gives each detector's mean over datasets (shown only when every dataset
     *                  has a value).
     */
    public record MetricTable(
            String metric, String title, String pageTitle, Number number, String noRun, boolean meanRow) {}

    /**
     * A column of the per-detector table.
     *
     * @param header    its header.
     * @param statistic a metric of the task's set, {@link Summary#FIT_SECONDS}, {@link Summary#SCORE_SECONDS} or
     *                  {@link #RANK}.
     * @param number    how values are shown.
     */
    public record Column(String header, String statistic, Number number) {}

    /**
     * What a task's report shows.
     *
     * @param task             the task.
     * @param title            the heading of summary.md (and the page's title).
     * @param pageTitle        the title of a {@link Page#CHARTS} page.
     * @param intro            the first paragraph: a text with {@code {protocols}}, {@code {seeds}}, {@code {runs}},
     *                         {@code {ok}} and {@code {failed}} filled in.
     * @param rowHeader        the header of the dataset column.
     * @param align            the separator cell of a number column.
     * @param averaging        how means are taken.
     * @param tables           the per-dataset tables.
     * @param detectorTitle    the heading of the per-detector table.
     * @param detectorColumns  its columns.
     * @param publishedFigures whether the published per-series figures ({@link PublishedFigures}) are shown.
     * @param failure          a failed run's name: {@code {dataset}}, {@code {detector}} and {@code {seed}} filled in.
     * @param lastFailurePerName whether runs that share a name are listed once, with the last one's message.
     * @param blankLineAtEnd   whether every section, the last included, ends with a blank line (else only the ones
     *                         before another).
     * @param page             how report.html is made.
     */
    public record Layout(
            Task task,
            String title,
            String pageTitle,
            String intro,
            String rowHeader,
            String align,
            Averaging averaging,
            List<MetricTable> tables,
            String detectorTitle,
            List<Column> detectorColumns,
            boolean publishedFigures,
            String failure,
            boolean lastFailurePerName,
            boolean blankLineAtEnd,
            Page page) {

        /**
         * Checks that every metric named is one of the task's.
         *
         * @throws IllegalArgumentException for a metric the task's set does not have.
         */
        public Layout {
            MetricSet set = MetricSet.of(task);
            tables = List.copyOf(tables);
            detectorColumns = List.copyOf(detectorColumns);
            tables.forEach(t -> set.get(t.metric()));
            for (Column c : detectorColumns) {
                if (!List.of(RANK, Summary.FIT_SECONDS, Summary.SCORE_SECONDS).contains(c.statistic())) {
                    set.get(c.statistic());
                }
            }
        }

        /** Percentages with two decimals. */
        private static final Number PERCENT = new Number(100, "%.2f", "-");

        /** Rows: AUROC per dataset in percent, means and mean rank per detector, a page with charts. */
        public static final Layout TABULAR = new Layout(
                Task.TABULAR,
                "dmad benchmark summary",
                "dmad benchmark report",
                "Protocol {protocols}; seeds {seeds}; {ok} of {runs} runs succeeded. Values are percentages.",
                "dataset",
                "---:|",
                Averaging.DATASET_MEANS,
                List.of(new MetricTable(
                        "auroc", "AUROC per dataset (mean over seeds)", "AUROC per dataset", PERCENT, "error", false)),
                "Per detector",
                List.of(
                        new Column("mean AUROC", "auroc", PERCENT),
                        new Column("mean AUPR", "aupr", PERCENT),
                        new Column("mean rank", RANK, new Number(1, "%.2f", "NaN")),
                        new Column("mean fit s", Summary.FIT_SECONDS, new Number(1, "%.2f", "NaN")),
                        new Column("mean score s", Summary.SCORE_SECONDS, new Number(1, "%.3f", "NaN"))),
                false,
                "{dataset} / {detector} / seed {seed}",
                true,
                false,
                Page.CHARTS);

        private static final Number THREE = new Number(1, "%.3f", "-");

        /** Series: four metrics per series with their means, mean times, published figures, a page of the tables. */
        public static final Layout TIMESERIES = new Layout(
                Task.TIMESERIES,
                "dmad time-series benchmark",
                "dmad time-series benchmark",
                "{runs} runs, {failed} failed. Metrics on each series' evaluation range, from point scores (mean of "
                        + "the window scores covering a point); means over seeds. Definitions: "
                        + "docs/TIMESERIES-METRICS.md.",
                "series",
                "---|",
                Averaging.FINITE_RUNS,
                List.of(
                        new MetricTable(
                                "vus_pr", "VUS-PR (threshold-free, TSB-AD's ranking metric)", "", THREE, "-", true),
                        new MetricTable("auroc", "Point-wise AUROC", "", THREE, "-", true),
                        new MetricTable("best_f1", "Best point-wise F1 (oracle threshold)", "", THREE, "-", true),
                        new MetricTable(
                                "pa_f1",
                                "Point-adjusted F1 (optimistic: a whole segment counts once one point is flagged; "
                                        + "never compare with non-adjusted F1)",
                                "",
                                THREE,
                                "-",
                                true)),
                "Mean seconds per run (fit / score all points)",
                List.of(
                        new Column("fit", Summary.FIT_SECONDS, new Number(1, "%.1f", "-")),
                        new Column("score", Summary.SCORE_SECONDS, new Number(1, "%.1f", "-"))),
                true,
                "{detector} on {dataset} (seed {seed})",
                false,
                true,
                Page.SUMMARY);

        /**
         * @param task a task.
         * @return its report's layout.
         */
        public static Layout of(Task task) {
            return task == Task.TABULAR ? TABULAR : TIMESERIES;
        }
    }

    private static final Pattern FIELD = Pattern.compile("\\{(\\w+)\\}");

    private final Layout layout;
    private final List<ResultRow> rows;
    private final Summary summary;

    private Report(Layout layout, List<ResultRow> rows) {
        this.layout = layout;
        this.rows = List.copyOf(rows);
        this.summary = new Summary(MetricSet.of(layout.task()), rows);
    }

    /**
     * Writes summary.md and report.html.
     *
     * @param out     the output folder.
     * @param task    the task of the rows.
     * @param rows    the results rows.
     * @param records the run records (for the curves of a {@link Page#CHARTS} page).
     * @throws IOException when writing fails.
     * @throws IllegalArgumentException when a row is of another task.
     */
    public static void write(Path out, Task task, List<ResultRow> rows, RunRecords records) throws IOException {
        Report r = new Report(Layout.of(task), rows);
        String md = r.markdown();
        RunRecords.writeAtomically(out.resolve("summary.md"), md);
        RunRecords.writeAtomically(
                out.resolve("report.html"), r.layout.page() == Page.CHARTS ? r.chartsPage(records) : r.summaryPage(md));
    }

    /**
     * The Markdown summary.
     *
     * @param task the task of the rows.
     * @param rows the results rows.
     * @return summary.md's text.
     */
    public static String markdown(Task task, List<ResultRow> rows) {
        return new Report(Layout.of(task), rows).markdown();
    }

    private String markdown() {
        List<String> sections = new ArrayList<>();
        for (MetricTable t : layout.tables()) {
            sections.add(metricTable(t));
        }
        sections.add(detectorTable());
        if (layout.publishedFigures()) {
            String published = publishedFigures();
            if (!published.isEmpty()) {
                sections.add(published);
            }
        }
        List<Map.Entry<String, String>> failures = failures();
        if (!failures.isEmpty()) {
            StringBuilder f = new StringBuilder("## Failed runs\n\n");
            failures.forEach(e -> f.append("- ")
                    .append(e.getKey())
                    .append(": ")
                    .append(e.getValue())
                    .append('\n'));
            sections.add(f.toString());
        }
        StringBuilder b = new StringBuilder("# ").append(layout.title()).append("\n\n");
        b.append(intro()).append("\n\n");
        for (int i = 0; i < sections.size(); i++) {
            b.append(sections.get(i));
            if (layout.blankLineAtEnd() || i < sections.size() - 1) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    private String intro() {
        long ok = rows.stream().filter(ResultRow::ok).count();
        return fill(layout.intro(), field -> switch (field) {
            case "protocols" ->
                String.join(
                        ", ", rows.stream().map(ResultRow::protocol).distinct().toList());
            case "seeds" ->
                String.join(
                        ", ",
                        rows.stream()
                                .map(r -> Long.toString(r.seed()))
                                .distinct()
                                .toList());
            case "runs" -> Integer.toString(rows.size());
            case "ok" -> Long.toString(ok);
            case "failed" -> Long.toString(rows.size() - ok);
            default -> null;
        });
    }

    /** Fills a template's fields (each computed only when the template has it). */
    private static String fill(String template, java.util.function.Function<String, String> values) {
        Matcher m = FIELD.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.apply(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("Unknown field {" + m.group(1) + "} in '" + template + "'");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        return m.appendTail(sb).toString();
    }

    private String metricTable(MetricTable t) {
        StringBuilder b =
                new StringBuilder("## ").append(t.title()).append("\n\n| ").append(layout.rowHeader());
        b.append(" |");
        summary.detectors().forEach(d -> b.append(' ').append(d).append(" |"));
        b.append("\n|---|")
                .append(layout.align().repeat(summary.detectors().size()))
                .append('\n');
        for (String dataset : summary.datasets()) {
            b.append("| ").append(dataset).append(" |");
            for (String d : summary.detectors()) {
                b.append(' ').append(cellText(t, dataset, d)).append(" |");
            }
            b.append('\n');
        }
        if (t.meanRow()) {
            b.append("| **mean** |");
            for (String d : summary.detectors()) {
                b.append(" **")
                        .append(t.number().format(meanOverDatasets(t.metric(), d)))
                        .append("** |");
            }
            b.append("\n");
        }
        return b.toString();
    }

    private String detectorTable() {
        StringBuilder b =
                new StringBuilder("## ").append(layout.detectorTitle()).append("\n\n| detector |");
        layout.detectorColumns().forEach(c -> b.append(' ').append(c.header()).append(" |"));
        b.append("\n|---|")
                .append(layout.align().repeat(layout.detectorColumns().size()))
                .append('\n');
        for (String d : summary.detectors()) {
            b.append("| ").append(d).append(" |");
            for (Column c : layout.detectorColumns()) {
                b.append(' ')
                        .append(c.number().format(detectorValue(d, c.statistic())))
                        .append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** A dataset and detector's value, or null when no run of it succeeded. */
    private Double cell(String dataset, String detector, String metric) {
        if (layout.averaging() == Averaging.DATASET_MEANS) {
            Summary.Cell c = summary.cell(dataset, detector);
            return c == null ? null : c.mean(metric);
        }
        return summary.cell(dataset, detector) == null ? null : finiteMean(dataset, detector, metric);
    }

    private String cellText(MetricTable t, String dataset, String detector) {
        Double v = cell(dataset, detector, t.metric());
        return v == null ? t.noRun() : t.number().format(v);
    }

    /** The mean of a detector's values over datasets, NaN unless every dataset has a finite one. */
    private double meanOverDatasets(String metric, String detector) {
        List<Double> values = new ArrayList<>();
        for (String dataset : summary.datasets()) {
            Double v = cell(dataset, detector, metric);
            if (v != null && !Double.isNaN(v)) {
                values.add(v);
            }
        }
        return values.size() == summary.datasets().size()
                ? values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)
                : Double.NaN;
    }

    private double detectorValue(String detector, String statistic) {
        if (statistic.equals(RANK)) {
            return summary.meanRank(detector);
        }
        return layout.averaging() == Averaging.DATASET_MEANS
                ? summary.mean(detector, statistic)
                : finiteMean(null, detector, statistic);
    }

    /** The mean of the finite values over successful runs of a detector (on one dataset, or all when null). */
    private double finiteMean(String dataset, String detector, String statistic) {
        double sum = 0;
        int n = 0;
        for (ResultRow r : rows) {
            if (r.ok()
                    && r.detector().equals(detector)
                    && (dataset == null || r.dataset().equals(dataset))) {
                double v = statistic.equals(Summary.FIT_SECONDS)
                        ? r.fitSeconds()
                        : statistic.equals(Summary.SCORE_SECONDS) ? r.scoreSeconds() : r.metric(statistic);
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Failed runs, each name and message, in the order of the rows. */
    private List<Map.Entry<String, String>> failures() {
        List<Map.Entry<String, String>> each = new ArrayList<>();
        for (ResultRow r : rows) {
            if (!r.ok()) {
                String name = fill(layout.failure(), field -> switch (field) {
                    case "dataset" -> r.dataset();
                    case "detector" -> r.detector();
                    case "seed" -> Long.toString(r.seed());
                    default -> null;
                });
                each.add(Map.entry(name, r.error()));
            }
        }
        if (!layout.lastFailurePerName()) {
            return each;
        }
        Map<String, String> byName = new LinkedHashMap<>();
        each.forEach(e -> byName.put(e.getKey(), e.getValue()));
        return List.copyOf(byName.entrySet());
    }

    private String publishedFigures() {
        StringBuilder t = new StringBuilder();
        Number three = new Number(1, "%.3f", "-");
        for (String s : summary.datasets()) {
            PublishedFigures.Anchor a = PublishedFigures.anchor(s);
            if (a == null) {
                continue;
            }
            String metric = a.metric().equals("vus_pr") ? "vus_pr" : "auroc";
            String bestDmad = "";
            double bestValue = Double.NaN;
            for (String d : summary.detectors()) {
                double v = finiteMean(s, d, metric);
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
                    .append(MetricSet.of(layout.task()).get(metric).label())
                    .append(" | ")
                    .append(three.format(finiteMean(s, "iforest", metric)))
                    .append(" / ")
                    .append(three.format(a.iforest()))
                    .append(" | ")
                    .append(three.format(finiteMean(s, "ocsvm", metric)))
                    .append(" / ")
                    .append(three.format(a.ocsvm()))
                    .append(" | ")
                    .append(bestDmad.isEmpty() ? "" : bestDmad + " " + three.format(bestValue))
                    .append(" | ")
                    .append(a.bestMethod())
                    .append(' ')
                    .append(three.format(a.best()))
                    .append(" |\n");
        }
        if (t.length() == 0) {
            return "";
        }
        return "## Against published per-series figures\n\n"
                + "dmad / published. TSB-AD figures: semi-supervised on the `tr_` prefix, whole series "
                + "evaluated, its own hyperparameters and windows; TSB-UAD figures: unsupervised on the whole "
                + "series. dmad's protocol differs (training part only, dmad's windows), so read these as "
                + "orientation, not as a reproduction.\n\n"
                + "| series | reference | metric | iforest (dmad / published) | ocsvm (dmad / published) | "
                + "best dmad detector | best published |\n|---|---|---|---|---|---|---|\n"
                + t;
    }

    /** The page with charts: the tables, the best value per dataset in bold, the rank chart and the curves. */
    private String chartsPage(RunRecords records) throws IOException {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<title>" + escape(layout.pageTitle()) + "</title><style>body{font-family:sans-serif;"
                        + "margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px "
                        + "solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}"
                        + ".best{font-weight:bold}img{margin:4px}</style></head><body>\n<h1>"
                        + escape(layout.pageTitle()) + "</h1>\n<p>")
                .append(escape(intro()))
                .append("</p>\n");
        for (MetricTable t : layout.tables()) {
            b.append("<h2>")
                    .append(escape(t.pageTitle()))
                    .append("</h2>\n<table><tr><th>")
                    .append(escape(layout.rowHeader()))
                    .append("</th>");
            summary.detectors().forEach(d -> b.append("<th>").append(escape(d)).append("</th>"));
            b.append("</tr>\n");
            for (String dataset : summary.datasets()) {
                double best = summary.detectors().stream()
                        .map(d -> cell(dataset, d, t.metric()))
                        .filter(Objects::nonNull)
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElse(Double.NaN);
                b.append("<tr><td>").append(escape(dataset)).append("</td>");
                for (String d : summary.detectors()) {
                    Double v = cell(dataset, d, t.metric());
                    b.append(v != null && v == best ? "<td class=\"best\">" : "<td>")
                            .append(cellText(t, dataset, d))
                            .append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("<h2>").append(escape(layout.detectorTitle())).append("</h2>\n<table><tr><th>detector</th>");
        layout.detectorColumns()
                .forEach(c -> b.append("<th>").append(escape(c.header())).append("</th>"));
        b.append("</tr>\n");
        DefaultCategoryDataset ranks = new DefaultCategoryDataset();
        for (String d : summary.detectors()) {
            b.append("<tr><td>").append(escape(d)).append("</td>");
            for (Column c : layout.detectorColumns()) {
                b.append("<td>")
                        .append(c.number().format(detectorValue(d, c.statistic())))
                        .append("</td>");
            }
            b.append("</tr>\n");
            if (!Double.isNaN(summary.meanRank(d))) {
                ranks.addValue(summary.meanRank(d), "mean rank", d);
            }
        }
        b.append("</table>\n");
        b.append(image(
                ChartFactory.createBarChart(
                        "Mean " + summary.metricSet().ranking().label() + " rank (lower is better)",
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
        for (String dataset : summary.datasets()) {
            XYSeriesCollection roc = new XYSeriesCollection();
            XYSeriesCollection pr = new XYSeriesCollection();
            for (ResultRow r : firstSeedRuns(dataset)) {
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
        List<Map.Entry<String, String>> failures = failures();
        if (!failures.isEmpty()) {
            b.append("<h2>Failed runs</h2>\n<ul>\n");
            for (Map.Entry<String, String> e : failures) {
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

    private List<ResultRow> firstSeedRuns(String dataset) {
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

    /** The page of the summary's headings, paragraphs and tables. */
    private String summaryPage(String markdown) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<title>" + textOf(layout.pageTitle()) + "</title><style>body{font-family:sans-serif;margin:2em}"
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
                        h.append("<th>").append(textOf(c.trim())).append("</th>");
                    }
                    h.append("</tr>\n");
                    continue;
                }
                h.append("<tr>");
                for (String c : cells) {
                    h.append("<td>").append(textOf(c.trim().replace("**", ""))).append("</td>");
                }
                h.append("</tr>\n");
                continue;
            }
            if (inTable) {
                h.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("## ")) {
                h.append("<h2>").append(textOf(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("# ")) {
                h.append("<h1>").append(textOf(line.substring(2))).append("</h1>\n");
            } else if (line.startsWith("- ")) {
                h.append("<p>&bull; ").append(textOf(line.substring(2))).append("</p>\n");
            } else if (!line.isBlank()) {
                h.append("<p>").append(textOf(line)).append("</p>\n");
            }
        }
        if (inTable) {
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** Markdown text as HTML text (code marks dropped). */
    private static String textOf(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("`", "");
    }
}
