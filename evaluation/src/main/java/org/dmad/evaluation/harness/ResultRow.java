package org.dmad.evaluation.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.metrics.MetricSet;

/**
 * One row of {@code results.csv}, of either task: one dataset (or series) x detector x seed run. The columns every
 * task has are fields; the metrics are a map in the order of the task's {@link MetricSet}; the task's own columns
 * ({@code protocol} and the row counts of a tabular run, {@code window}, {@code stride} and the sizes of a series
 * run) are {@link #extras()}. A task's columns, in file order, are: its name column ({@code dataset} or {@code
 * series}), {@code detector}, {@code seed}, its key extras, {@code status}, its metrics, {@code fit_seconds}, {@code
 * score_seconds}, its size extras, {@code error} — the layout results.csv files have always had.
 *
 * @param task         the benchmark task.
 * @param dataset      the dataset (tabular) or series name.
 * @param detector     the detector's command-line name.
 * @param seed         the run's seed.
 * @param status       {@code ok} or {@code error}.
 * @param metrics      every metric of the task's {@link MetricSet}, in its order (NaN on error).
 * @param fitSeconds   training wall time.
 * @param scoreSeconds scoring wall time.
 * @param extras       the task's own columns, by column name, in file order: key extras, then size extras.
 * @param error        the error message, empty when ok.
 */
public record ResultRow(
        Task task,
        String dataset,
        String detector,
        long seed,
        String status,
        Map<String, Double> metrics,
        double fitSeconds,
        double scoreSeconds,
        Map<String, String> extras,
        String error)
        implements RunRow {

    /** Status of a completed run. */
    public static final String OK = "ok";
    /** Status of a failed run. */
    public static final String ERROR = "error";

    /**
     * Checks that the metrics and extras are exactly the task's, and freezes them in column order.
     *
     * @throws IllegalArgumentException when a metric or an extra column is missing or unknown.
     */
    public ResultRow {
        if (task == null) {
            throw new IllegalArgumentException("A result row needs a task");
        }
        List<String> names = MetricSet.of(task).names();
        if (!metrics.keySet().equals(new java.util.HashSet<>(names))) {
            throw new IllegalArgumentException(
                    "A " + task.cliName() + " row has the metrics " + names + ", not " + metrics.keySet());
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, metrics.get(n));
        }
        metrics = Collections.unmodifiableMap(m);
        List<String> columns = extraColumns(task);
        if (!extras.keySet().equals(new java.util.HashSet<>(columns))) {
            throw new IllegalArgumentException(
                    "A " + task.cliName() + " row has the extra columns " + columns + ", not " + extras.keySet());
        }
        Map<String, String> e = new LinkedHashMap<>();
        for (String c : columns) {
            e.put(c, extras.get(c));
        }
        extras = Collections.unmodifiableMap(e);
    }

    /**
     * A tabular run, with the columns in file order.
     *
     * @param dataset      the dataset name.
     * @param detector     the detector's command-line name.
     * @param seed         the run's seed.
     * @param protocol     the split protocol.
     * @param status       {@code ok} or {@code error}.
     * @param auroc        area under the ROC curve (NaN on error).
     * @param aupr         average precision (NaN on error).
     * @param f1           F1 at the true number of anomalies (NaN on error).
     * @param fitSeconds   training wall time.
     * @param scoreSeconds scoring wall time of the test rows.
     * @param nTrain       training rows.
     * @param nTest        test rows.
     * @param nFeatures    features.
     * @param error        the error message, empty when ok.
     * @return the row.
     */
    public static ResultRow tabular(
            String dataset,
            String detector,
            long seed,
            String protocol,
            String status,
            double auroc,
            double aupr,
            double f1,
            double fitSeconds,
            double scoreSeconds,
            int nTrain,
            int nTest,
            int nFeatures,
            String error) {
        return new ResultRow(
                Task.TABULAR,
                dataset,
                detector,
                seed,
                status,
                metrics(MetricSet.TABULAR, auroc, aupr, f1),
                fitSeconds,
                scoreSeconds,
                extras(
                        TABULAR_KEY,
                        TABULAR_SIZES,
                        protocol,
                        Integer.toString(nTrain),
                        Integer.toString(nTest),
                        Integer.toString(nFeatures)),
                error);
    }

    /**
     * The row of a series run that failed: its identity and sizes, no metrics, no times.
     *
     * @param series       the series.
     * @param detector     the detector.
     * @param seed         the seed.
     * @param window       the window length.
     * @param stride       the stride of the training windows.
     * @param trainWindows training windows (0 when the run failed before counting them).
     * @param evalPoints   points in the evaluation range (0 likewise).
     * @param channels     channels (0 likewise).
     * @param error        the error message.
     * @return the row.
     */
    public static ResultRow seriesError(
            String series,
            String detector,
            long seed,
            int window,
            int stride,
            int trainWindows,
            int evalPoints,
            int channels,
            String error) {
        double nan = Double.NaN;
        return series(
                series,
                detector,
                seed,
                window,
                stride,
                ERROR,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                0,
                0,
                trainWindows,
                evalPoints,
                channels,
                error);
    }

    /**
     * A time-series run, with the columns in file order. Every metric is computed on the point scores of the series'
     * evaluation range; see docs/TIMESERIES-METRICS.md. {@code pa_f1} is point-adjusted and optimistic by
     * construction: never compare it with an F1 that is not point-adjusted.
     *
     * @param series       the series name.
     * @param detector     the detector name.
     * @param seed         the seed.
     * @param window       the window length.
     * @param stride       the stride of the training windows.
     * @param status       {@code ok} or {@code error}.
     * @param auroc        point-wise AUROC.
     * @param aupr         point-wise AUPR (average precision).
     * @param vusPr        VUS-PR (Paparrizos et al., VLDB 2022).
     * @param vusRoc       VUS-ROC.
     * @param bestF1       point-wise F1 at the best threshold.
     * @param paF1         point-adjusted F1 at the best threshold (optimistic).
     * @param eventF1      event-based F1 at the best threshold.
     * @param rangeF1      range-based F1 (Tatbul et al. 2018, TSB-AD's settings) at the best threshold.
     * @param fitSeconds   training seconds.
     * @param scoreSeconds scoring seconds (all points of the series).
     * @param trainWindows training windows.
     * @param evalPoints   points in the evaluation range.
     * @param channels     channels.
     * @param error        the error message of a failed run.
     * @return the row.
     */
    public static ResultRow series(
            String series,
            String detector,
            long seed,
            int window,
            int stride,
            String status,
            double auroc,
            double aupr,
            double vusPr,
            double vusRoc,
            double bestF1,
            double paF1,
            double eventF1,
            double rangeF1,
            double fitSeconds,
            double scoreSeconds,
            int trainWindows,
            int evalPoints,
            int channels,
            String error) {
        return new ResultRow(
                Task.TIMESERIES,
                series,
                detector,
                seed,
                status,
                metrics(MetricSet.TIMESERIES, auroc, aupr, vusPr, vusRoc, bestF1, paF1, eventF1, rangeF1),
                fitSeconds,
                scoreSeconds,
                extras(
                        SERIES_KEY,
                        SERIES_SIZES,
                        Integer.toString(window),
                        Integer.toString(stride),
                        Integer.toString(trainWindows),
                        Integer.toString(evalPoints),
                        Integer.toString(channels)),
                error);
    }

    private static final List<String> TABULAR_KEY = List.of("protocol");
    private static final List<String> TABULAR_SIZES = List.of("n_train", "n_test", "n_features");
    private static final List<String> SERIES_KEY = List.of("window", "stride");
    private static final List<String> SERIES_SIZES = List.of("train_windows", "eval_points", "channels");

    private static List<String> keyColumns(Task task) {
        return task == Task.TABULAR ? TABULAR_KEY : SERIES_KEY;
    }

    private static List<String> sizeColumns(Task task) {
        return task == Task.TABULAR ? TABULAR_SIZES : SERIES_SIZES;
    }

    /**
     * @param task a task.
     * @return its extra columns in file order: key extras, then size extras.
     */
    public static List<String> extraColumns(Task task) {
        List<String> all = new ArrayList<>(keyColumns(task));
        all.addAll(sizeColumns(task));
        return all;
    }

    /**
     * @param task a task.
     * @return the name of its first column: {@code dataset} or {@code series}.
     */
    public static String nameColumn(Task task) {
        return task == Task.TABULAR ? "dataset" : "series";
    }

    /**
     * @param task a task.
     * @return the columns of its results.csv, in order.
     */
    public static List<String> columns(Task task) {
        List<String> c = new ArrayList<>(List.of(nameColumn(task), "detector", "seed"));
        c.addAll(keyColumns(task));
        c.add("status");
        c.addAll(MetricSet.of(task).names());
        c.addAll(List.of("fit_seconds", "score_seconds"));
        c.addAll(sizeColumns(task));
        c.add("error");
        return c;
    }

    /**
     * @param task a task.
     * @return its results.csv header line.
     */
    public static String header(Task task) {
        return String.join(",", columns(task));
    }

    private static Map<String, Double> metrics(MetricSet set, double... values) {
        Map<String, Double> m = new LinkedHashMap<>();
        List<String> names = set.names();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), values[i]);
        }
        return m;
    }

    private static Map<String, String> extras(List<String> key, List<String> sizes, String... values) {
        Map<String, String> e = new LinkedHashMap<>();
        int i = 0;
        for (String c : key) {
            e.put(c, values[i++]);
        }
        for (String c : sizes) {
            e.put(c, values[i++]);
        }
        return e;
    }

    /** @return the key that identifies the run for resuming. */
    @Override
    public String key() {
        return task == Task.TABULAR
                ? key(dataset, detector, seed, protocol())
                : seriesKey(dataset, detector, seed, window());
    }

    /**
     * @param dataset  the dataset.
     * @param detector the detector.
     * @param seed     the seed.
     * @param protocol the protocol.
     * @return the run key of a tabular run.
     */
    public static String key(String dataset, String detector, long seed, String protocol) {
        return dataset + "|" + detector + "|" + seed + "|" + protocol;
    }

    /**
     * @param series   the series.
     * @param detector the detector.
     * @param seed     the seed.
     * @param window   the window length.
     * @return the run key of a time-series run.
     */
    public static String seriesKey(String series, String detector, long seed, int window) {
        return series + "|" + detector + "|" + seed + "|w" + window;
    }

    /** @return true when the run completed. */
    @Override
    public boolean ok() {
        return OK.equals(status);
    }

    @Override
    public MetricSet metricSet() {
        return MetricSet.of(task);
    }

    @Override
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("A " + task.cliName() + " row has no metric '" + name + "': use one of "
                    + String.join(", ", metrics.keySet()));
        }
        return v;
    }

    /**
     * @param column an extra column of this row's task.
     * @return its value as written in results.csv.
     * @throws IllegalArgumentException when the task has no such column.
     */
    public String extra(String column) {
        String v = extras.get(column);
        if (v == null) {
            throw new IllegalArgumentException("A " + task.cliName() + " row has no column '" + column
                    + "': its own columns are " + String.join(", ", extras.keySet()));
        }
        return v;
    }

    private int intExtra(String column) {
        return Integer.parseInt(extra(column));
    }

    /** @return the split protocol of a tabular run. */
    public String protocol() {
        return extra("protocol");
    }

    /** @return training rows of a tabular run. */
    public int nTrain() {
        return intExtra("n_train");
    }

    /** @return test rows of a tabular run. */
    public int nTest() {
        return intExtra("n_test");
    }

    /** @return features of a tabular run. */
    public int nFeatures() {
        return intExtra("n_features");
    }

    /** @return the window length of a series run. */
    public int window() {
        return intExtra("window");
    }

    /** @return the training stride of a series run. */
    public int stride() {
        return intExtra("stride");
    }

    /** @return training windows of a series run. */
    public int trainWindows() {
        return intExtra("train_windows");
    }

    /** @return points in the evaluation range of a series run. */
    public int evalPoints() {
        return intExtra("eval_points");
    }

    /** @return channels of a series run. */
    public int channels() {
        return intExtra("channels");
    }

    /** @return the row as one CSV line (no newline), in {@link #columns(Task)} order. */
    @Override
    public String toCsv() {
        List<String> f = new ArrayList<>();
        f.add(quote(dataset));
        f.add(quote(detector));
        f.add(Long.toString(seed));
        for (String c : keyColumns(task)) {
            f.add(quote(extras.get(c)));
        }
        f.add(status);
        for (double v : metrics.values()) {
            f.add(num(v));
        }
        f.add(String.format(Locale.ROOT, "%.3f", fitSeconds));
        f.add(String.format(Locale.ROOT, "%.3f", scoreSeconds));
        for (String c : sizeColumns(task)) {
            f.add(quote(extras.get(c)));
        }
        f.add(quote(error));
        return String.join(",", f);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    static String quote(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.replace('\n', ' ').replace('\r', ' ');
        return flat.contains(",") || flat.contains("\"") ? "\"" + flat.replace("\"", "\"\"") + "\"" : flat;
    }

    /**
     * Parses a line written by {@link #toCsv()}.
     *
     * @param task the task whose results.csv the line is from.
     * @param line the line.
     * @return the row.
     * @throws IllegalArgumentException when the line does not have the task's columns.
     */
    public static ResultRow parse(Task task, String line) {
        List<String> f = split(line);
        List<String> columns = columns(task);
        if (f.size() != columns.size()) {
            throw new IllegalArgumentException(
                    "Expected " + columns.size() + " columns, found " + f.size() + ": " + line);
        }
        int i = 0;
        String name = f.get(i++);
        String detector = f.get(i++);
        long seed = Long.parseLong(f.get(i++));
        Map<String, String> extras = new LinkedHashMap<>();
        for (String c : keyColumns(task)) {
            extras.put(c, f.get(i++));
        }
        String status = f.get(i++);
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String m : MetricSet.of(task).names()) {
            metrics.put(m, dbl(f.get(i++)));
        }
        double fit = dbl(f.get(i++));
        double score = dbl(f.get(i++));
        for (String c : sizeColumns(task)) {
            String v = f.get(i++);
            Integer.parseInt(v); // a size column is an integer; a torn line fails here
            extras.put(c, v);
        }
        if (task == Task.TIMESERIES) {
            Integer.parseInt(extras.get("window"));
            Integer.parseInt(extras.get("stride"));
        }
        return new ResultRow(task, name, detector, seed, status, metrics, fit, score, extras, f.get(i));
    }

    static double dbl(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
