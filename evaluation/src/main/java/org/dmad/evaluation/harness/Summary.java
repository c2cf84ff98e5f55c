package org.dmad.evaluation.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.dmad.evaluation.metrics.MetricSet;

/**
 * Aggregates of a results file, with metrics addressed by name ({@link MetricSet}): per dataset and detector the
 * mean of each metric and time over seeds (successful runs only), and per detector the means over datasets and the
 * mean rank (rank 1 = the highest value of the set's ranking metric on a dataset, AUROC for rows and VUS-PR for
 * series; ties share the average rank; a detector without a result on a dataset takes no part in that dataset's
 * ranking).
 */
public final class Summary {

    /** The name under which {@link #mean(String, String)} and {@link Cell#mean(String)} give training seconds. */
    public static final String FIT_SECONDS = "fit_seconds";
    /** The name under which {@link #mean(String, String)} and {@link Cell#mean(String)} give scoring seconds. */
    public static final String SCORE_SECONDS = "score_seconds";

    /**
     * One dataset and detector: means over the seeds that succeeded.
     *
     * @param means the mean of each metric of the set, and of {@link #FIT_SECONDS} and {@link #SCORE_SECONDS}.
     * @param runs  the successful runs.
     */
    public record Cell(Map<String, Double> means, int runs) {
        /** Copies the means. */
        public Cell {
            means = Map.copyOf(means);
        }

        /**
         * @param name a metric name, {@link #FIT_SECONDS} or {@link #SCORE_SECONDS}.
         * @return its mean over seeds.
         * @throws IllegalArgumentException for an unknown name.
         */
        public double mean(String name) {
            Double v = means.get(name);
            if (v == null) {
                throw new IllegalArgumentException("No metric '" + name + "' in the summary: use one of "
                        + String.join(", ", new java.util.TreeSet<>(means.keySet())));
            }
            return v;
        }
    }

    private final MetricSet metricSet;
    private final List<String> datasets;
    private final List<String> detectors;
    private final Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    /**
     * Tabular rows.
     *
     * @param rows the results rows.
     */
    public Summary(List<ResultRow> rows) {
        this(MetricSet.TABULAR, rows);
    }

    /**
     * @param metricSet the metrics the rows carry.
     * @param rows      the results rows.
     * @throws IllegalArgumentException when a row carries another metric set.
     */
    public Summary(MetricSet metricSet, List<? extends RunRow> rows) {
        this.metricSet = metricSet;
        Set<String> ds = new LinkedHashSet<>();
        Set<String> dets = new LinkedHashSet<>();
        Map<String, Map<String, List<RunRow>>> grouped = new LinkedHashMap<>();
        for (RunRow r : rows) {
            if (r.metricSet() != metricSet) {
                throw new IllegalArgumentException(
                        "A summary of " + metricSet + " metrics got a " + r.metricSet() + " row (" + r.key() + ")");
            }
            ds.add(r.dataset());
            dets.add(r.detector());
            if (r.ok()) {
                grouped.computeIfAbsent(r.dataset(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.detector(), k -> new ArrayList<>())
                        .add(r);
            } else {
                errors.put(r.dataset() + " / " + r.detector() + " / seed " + r.seed(), r.error());
            }
        }
        datasets = new ArrayList<>(ds);
        detectors = new ArrayList<>(dets);
        grouped.forEach((dataset, byDetector) -> byDetector.forEach((detector, list) -> {
            Map<String, Double> means = new LinkedHashMap<>();
            for (String name : metricSet.names()) {
                means.put(name, mean(list, r -> r.metric(name)));
            }
            means.put(FIT_SECONDS, mean(list, RunRow::fitSeconds));
            means.put(SCORE_SECONDS, mean(list, RunRow::scoreSeconds));
            cells.computeIfAbsent(dataset, k -> new LinkedHashMap<>()).put(detector, new Cell(means, list.size()));
        }));
    }

    private static double mean(List<RunRow> rows, ToDoubleFunction<RunRow> f) {
        return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /** @return the metrics summarised. */
    public MetricSet metricSet() {
        return metricSet;
    }

    /** @return dataset names in first-seen order. */
    public List<String> datasets() {
        return datasets;
    }

    /** @return detector names in first-seen order. */
    public List<String> detectors() {
        return detectors;
    }

    /** @return failed runs and their messages. */
    public Map<String, String> errors() {
        return errors;
    }

    /**
     * @param dataset  a dataset.
     * @param detector a detector.
     * @return the means over seeds, or null when no run succeeded.
     */
    public Cell cell(String dataset, String detector) {
        Map<String, Cell> m = cells.get(dataset);
        return m == null ? null : m.get(detector);
    }

    /**
     * @param detector a detector.
     * @param name     a metric of the set, {@link #FIT_SECONDS} or {@link #SCORE_SECONDS}.
     * @return the mean over the datasets where it succeeded, or NaN.
     * @throws IllegalArgumentException for an unknown name.
     */
    public double mean(String detector, String name) {
        if (!metricSet.names().contains(name) && !name.equals(FIT_SECONDS) && !name.equals(SCORE_SECONDS)) {
            metricSet.get(name); // throws, naming the metrics there are
        }
        return datasets.stream()
                .map(d -> cell(d, detector))
                .filter(c -> c != null)
                .mapToDouble(c -> c.mean(name))
                .average()
                .orElse(Double.NaN);
    }

    /**
     * @param detector a detector.
     * @return its mean rank by the set's ranking metric over datasets, or NaN.
     */
    public double meanRank(String detector) {
        String ranking = metricSet.ranking().name();
        double sum = 0;
        int count = 0;
        for (String d : datasets) {
            Cell mine = cell(d, detector);
            if (mine == null) {
                continue;
            }
            double better = 0;
            double tied = 0;
            for (String other : detectors) {
                Cell c = cell(d, other);
                if (c == null || other.equals(detector)) {
                    continue;
                }
                if (c.mean(ranking) > mine.mean(ranking)) {
                    better++;
                } else if (c.mean(ranking) == mine.mean(ranking)) {
                    tied++;
                }
            }
            sum += 1 + better + tied / 2;
            count++;
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
