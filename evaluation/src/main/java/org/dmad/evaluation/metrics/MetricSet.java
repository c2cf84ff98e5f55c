package org.dmad.evaluation.metrics;

import java.util.List;
import org.dmad.evaluation.detectors.Task;

/**
 * The metrics a benchmark measures per run, by name, for each task. A metric's name is also its column in {@code
 * results.csv} and its key in the run record's {@code metrics}, so that the code, the files and {@code dmad
 * reproduce} say the same thing. Definitions: {@link Metrics} (tabular), docs/TIMESERIES-METRICS.md (series).
 */
public enum MetricSet {
    /** Rows: AUROC, average precision, F1 at the true number of anomalies; ranked by AUROC. */
    TABULAR(
            "auroc",
            4,
            List.of("auroc"),
            new Metric("auroc", "AUROC", "area under the ROC curve"),
            new Metric("aupr", "AUPR", "average precision"),
            new Metric("f1", "F1", "F1 with as many rows flagged as there are anomalies")),
    /** Point scores of a series' evaluation range; ranked by VUS-PR (TSB-AD's ranking metric). */
    TIMESERIES(
            "vus_pr",
            3,
            List.of("vus_pr", "auroc"),
            new Metric("auroc", "AUROC", "point-wise AUROC"),
            new Metric("aupr", "AUPR", "point-wise average precision"),
            new Metric("vus_pr", "VUS-PR", "volume under the PR surface (Paparrizos et al., VLDB 2022)"),
            new Metric("vus_roc", "VUS-ROC", "volume under the ROC surface"),
            new Metric("best_f1", "best F1", "point-wise F1 at the best threshold"),
            new Metric("pa_f1", "PA-F1", "point-adjusted F1 at the best threshold (optimistic)"),
            new Metric("event_f1", "event F1", "event-based F1 at the best threshold"),
            new Metric("range_f1", "range F1", "range-based F1 (Tatbul et al. 2018) at the best threshold"));

    /**
     * One metric.
     *
     * @param name        its name: the results column and the run record's key.
     * @param label       how tables and progress lines title it.
     * @param description one line.
     */
    public record Metric(String name, String label, String description) {}

    private final String ranking;
    private final int progressDigits;
    private final List<String> progress;
    private final List<Metric> metrics;

    MetricSet(String ranking, int progressDigits, List<String> progress, Metric... metrics) {
        this.ranking = ranking;
        this.progressDigits = progressDigits;
        this.progress = progress;
        this.metrics = List.of(metrics);
    }

    /**
     * @param task a task.
     * @return the metrics of its runs.
     */
    public static MetricSet of(Task task) {
        return task == Task.TABULAR ? TABULAR : TIMESERIES;
    }

    /** @return the metrics, in results column order. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** @return the metric names, in results column order. */
    public List<String> names() {
        return metrics.stream().map(Metric::name).toList();
    }

    /**
     * @param name a metric name.
     * @return the metric.
     * @throws IllegalArgumentException when this set has no metric of that name, listing the ones it has.
     */
    public Metric get(String name) {
        for (Metric m : metrics) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("No " + name().toLowerCase(java.util.Locale.ROOT) + " metric '" + name
                + "': use one of " + String.join(", ", names()));
    }

    /** @return the metric detectors are ranked by. */
    public Metric ranking() {
        return get(ranking);
    }

    /** @return the metrics a progress line shows for a finished run. */
    public List<Metric> progress() {
        return progress.stream().map(this::get).toList();
    }

    /** @return the decimals of the progress line's metrics. */
    public int progressDigits() {
        return progressDigits;
    }
}
