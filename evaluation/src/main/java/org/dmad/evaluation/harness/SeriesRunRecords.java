package org.dmad.evaluation.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.evaluation.timeseries.TimeSeriesMetrics;
import org.dmad.provenance.ProvenanceJson;
import org.dmad.tribuo.series.SeriesModel;

/**
 * The {@code runs/} folder of a time-series benchmark: per run, a JSON record (format {@code dmad-series-run-record},
 * version {@value #FORMAT_VERSION}) with the series' dataset provenance (files and SHA-256), the windowing
 * (length, training stride, normalisation fitted on the training part, point-score aggregation, training and
 * evaluation ranges), the detector's Tribuo model provenance, the environment, the metrics and times; and the
 * evaluation range's labels and point scores. Written to a temporary name and renamed.
 */
public final class SeriesRunRecords {

    /** Version of the record layout. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    /**
     * @param dir the runs folder.
     */
    public SeriesRunRecords(Path dir) {
        this.dir = dir;
    }

    /**
     * @param row a run.
     * @return a file-name-safe stem.
     */
    public static String stem(SeriesResultRow row) {
        return (row.series() + "__" + row.detector() + "__w" + row.window() + "__seed" + row.seed())
                .replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** @param row a run. @return its JSON record's path. */
    public Path recordPath(SeriesResultRow row) {
        return dir.resolve(stem(row) + ".json");
    }

    /** @param row a run. @return its scores file's path. */
    public Path scoresPath(SeriesResultRow row) {
        return dir.resolve(stem(row) + ".scores.csv");
    }

    /**
     * The metrics as exact numbers (the record keeps every bit, so that a reproduction can compare them).
     *
     * @param m the metrics.
     * @return name -> value, in the results file's order.
     */
    static Map<String, Object> metricValues(TimeSeriesMetrics.TimeSeriesScores m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("auroc", m.aurocPoint());
        out.put("aupr", m.auprPoint());
        out.put("vus_pr", m.vusPr());
        out.put("vus_roc", m.vusRoc());
        out.put("best_f1", m.bestF1());
        out.put("pa_f1", m.paF1());
        out.put("event_f1", m.eventF1());
        out.put("range_f1", m.rangeF1());
        return out;
    }

    void write(
            SeriesResultRow row,
            SeriesBenchmark.Settings s,
            TimeSeries series,
            SeriesModel model,
            TimeSeriesMetrics.TimeSeriesScores metrics,
            int[] labels,
            double[] scores)
            throws IOException {
        write(row, s, series, model, metrics, labels, scores, null);
    }

    /**
     * Writes a run's record and scores; {@code tsbAd} is the prepared series of a {@code --protocol tsb-ad} run
     * (null for dmad's protocol), whose choices the record keeps so that {@code dmad reproduce} repeats them.
     */
    void write(
            SeriesResultRow row,
            SeriesBenchmark.Settings s,
            TimeSeries series,
            SeriesModel model,
            TimeSeriesMetrics.TimeSeriesScores metrics,
            int[] labels,
            double[] scores,
            TsbAdProtocol.Prepared tsbAd)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("format", "dmad-series-run-record");
        record.put("version", FORMAT_VERSION);
        record.put("dataset", series.record().toMap());
        Map<String, Object> windows = new LinkedHashMap<>();
        windows.put("length", row.window());
        windows.put("train_stride", row.stride());
        windows.put("train_windows", row.trainWindows());
        if (tsbAd == null) {
            windows.put("train_range", "[0, " + series.trainEnd() + ")");
            windows.put("eval_range", "[" + series.evalStart() + ", " + series.length() + ")");
            windows.put("normalisation", "z-score per channel, fitted on the training range");
        } else {
            boolean whole = TsbAdProtocol.unsupervised(row.detector());
            int end = series.evalStart() + TsbAdProtocol.trainPoints(tsbAd, whole);
            windows.put("protocol", s.protocol().cliName());
            windows.put("train_range", "[" + series.evalStart() + ", " + end + ")");
            windows.put("eval_range", "[" + series.evalStart() + ", " + series.length() + ")");
            windows.put(
                    "normalisation",
                    s.protocol() == SeriesProtocol.TSB_AD
                            ? "z-score per channel over the whole evaluated range (TSB-AD)"
                            : "none (values as loaded)");
            windows.put("tsb_ad_prefix", tsbAd.prefix());
            windows.put("tsb_ad_period", tsbAd.period());
            windows.put("trained_on", whole ? "whole series" : "prefix");
            windows.put("mapping", TsbAdProtocol.mapping(row.detector()).name().toLowerCase(Locale.ROOT));
            windows.put("summary", TsbAdProtocol.describe(row.detector(), row.window(), tsbAd));
        }
        windows.put("score_stride", s.scoreStride());
        windows.put("aggregation", s.aggregation().name().toLowerCase(Locale.ROOT));
        record.put("windows", windows);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("detector", row.detector());
        run.put("seed", row.seed());
        run.put("task", "timeseries");
        run.put("profile", s.profile().cliName());
        run.put("threads", s.threads());
        run.put("device", s.device());
        record.put("run", run);
        record.put(
                "series",
                Map.of(
                        "train_end",
                        series.trainEnd(),
                        "eval_start",
                        series.evalStart(),
                        "length",
                        series.length(),
                        "channels",
                        series.channels()));
        Map<String, Object> m = metricValues(metrics);
        m.put("vus_window", metrics.window());
        m.put("fit_seconds", row.fitSeconds());
        m.put("score_seconds", row.scoreSeconds());
        record.put("metrics", m);
        record.put("environment", RunRecords.environment(s.device(), s.threads()));
        record.put(
                "model_provenance",
                JSON.readTree(ProvenanceJson.toJson(model.model().getProvenance())));
        RunRecords.writeAtomically(recordPath(row), JSON.writeValueAsString(record));
        StringBuilder sb = new StringBuilder("point,label,score\n");
        for (int i = 0; i < scores.length; i++) {
            sb.append(series.evalStart() + i)
                    .append(',')
                    .append(labels[i])
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.9g", scores[i]))
                    .append('\n');
        }
        RunRecords.writeAtomically(scoresPath(row), sb.toString());
    }
}
