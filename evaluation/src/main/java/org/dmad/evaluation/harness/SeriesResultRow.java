package org.dmad.evaluation.harness;

import java.util.List;
import java.util.Locale;
import org.dmad.evaluation.metrics.MetricSet;

/**
 * One time-series run (series, detector, seed, window length) of {@code results.csv} under {@code --task
 * timeseries}. Every metric is computed on the point scores of the series' evaluation range; see
 * docs/TIMESERIES-METRICS.md for definitions. {@code pa_f1} is point-adjusted and optimistic by construction: never
 * compare it with an F1 that is not point-adjusted.
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
 */
public record SeriesResultRow(
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
        String error)
        implements RunRow {

    /** The header line. */
    public static final String HEADER = "series,detector,seed,window,stride,status,auroc,aupr,vus_pr,vus_roc,best_f1,"
            + "pa_f1,event_f1,range_f1,fit_seconds,score_seconds,train_windows,eval_points,channels,error";

    private static final int COLUMNS = 20;

    @Override
    public String key() {
        return key(series, detector, seed, window);
    }

    /**
     * @param series   the series.
     * @param detector the detector.
     * @param seed     the seed.
     * @param window   the window length.
     * @return the run key.
     */
    public static String key(String series, String detector, long seed, int window) {
        return series + "|" + detector + "|" + seed + "|w" + window;
    }

    @Override
    public boolean ok() {
        return ResultRow.OK.equals(status);
    }

    /** @return the series name (the dataset of a time-series run). */
    @Override
    public String dataset() {
        return series;
    }

    @Override
    public MetricSet metricSet() {
        return MetricSet.TIMESERIES;
    }

    @Override
    public double metric(String name) {
        return switch (name) {
            case "auroc" -> auroc;
            case "aupr" -> aupr;
            case "vus_pr" -> vusPr;
            case "vus_roc" -> vusRoc;
            case "best_f1" -> bestF1;
            case "pa_f1" -> paF1;
            case "event_f1" -> eventF1;
            case "range_f1" -> rangeF1;
            default ->
                throw new IllegalArgumentException("A time-series row has no metric '" + name + "': use one of "
                        + String.join(", ", MetricSet.TIMESERIES.names()));
        };
    }

    @Override
    public String toCsv() {
        return String.join(
                ",",
                ResultRow.quote(series),
                ResultRow.quote(detector),
                Long.toString(seed),
                Integer.toString(window),
                Integer.toString(stride),
                status,
                ResultRow.num(auroc),
                ResultRow.num(aupr),
                ResultRow.num(vusPr),
                ResultRow.num(vusRoc),
                ResultRow.num(bestF1),
                ResultRow.num(paF1),
                ResultRow.num(eventF1),
                ResultRow.num(rangeF1),
                String.format(Locale.ROOT, "%.3f", fitSeconds),
                String.format(Locale.ROOT, "%.3f", scoreSeconds),
                Integer.toString(trainWindows),
                Integer.toString(evalPoints),
                Integer.toString(channels),
                ResultRow.quote(error));
    }

    /**
     * Parses a line.
     *
     * @param line a CSV line.
     * @return the row.
     * @throws IllegalArgumentException when the line is not a complete row.
     */
    public static SeriesResultRow parse(String line) {
        List<String> f = ResultRow.split(line);
        if (f.size() != COLUMNS) {
            throw new IllegalArgumentException("Expected " + COLUMNS + " columns, found " + f.size() + ": " + line);
        }
        return new SeriesResultRow(
                f.get(0),
                f.get(1),
                Long.parseLong(f.get(2)),
                Integer.parseInt(f.get(3)),
                Integer.parseInt(f.get(4)),
                f.get(5),
                ResultRow.dbl(f.get(6)),
                ResultRow.dbl(f.get(7)),
                ResultRow.dbl(f.get(8)),
                ResultRow.dbl(f.get(9)),
                ResultRow.dbl(f.get(10)),
                ResultRow.dbl(f.get(11)),
                ResultRow.dbl(f.get(12)),
                ResultRow.dbl(f.get(13)),
                ResultRow.dbl(f.get(14)),
                ResultRow.dbl(f.get(15)),
                Integer.parseInt(f.get(16)),
                Integer.parseInt(f.get(17)),
                Integer.parseInt(f.get(18)),
                f.get(19));
    }
}
