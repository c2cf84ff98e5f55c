package org.dmad.evaluation.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Aggregates of a results file: per dataset and detector the mean metric over seeds (successful runs only), and
 * per detector the mean AUROC, mean AUPR and mean rank over datasets (rank 1 = the highest AUROC on a dataset, ties
 * share the average rank; a detector without a result on a dataset takes no part in that dataset's ranking).
 */
public final class Summary {

    private final List<String> datasets;
    private final List<String> detectors;
    private final Map<String, Map<String, double[]>> cells = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    /**
     * @param rows the results rows.
     */
    public Summary(List<ResultRow> rows) {
        Set<String> ds = new LinkedHashSet<>();
        Set<String> dets = new LinkedHashSet<>();
        Map<String, Map<String, List<ResultRow>>> grouped = new LinkedHashMap<>();
        for (ResultRow r : rows) {
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
        grouped.forEach((dataset, byDetector) ->
                byDetector.forEach((detector, list) -> cells.computeIfAbsent(dataset, k -> new LinkedHashMap<>())
                        .put(detector, new double[] {
                            mean(list, ResultRow::auroc),
                            mean(list, ResultRow::aupr),
                            mean(list, ResultRow::f1),
                            mean(list, ResultRow::fitSeconds),
                            mean(list, ResultRow::scoreSeconds),
                            list.size()
                        })));
    }

    private static double mean(List<ResultRow> rows, ToDoubleFunction<ResultRow> f) {
        return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
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
     * @return {auroc, aupr, f1, fitSeconds, scoreSeconds, runs} means over seeds, or null when no run succeeded.
     */
    public double[] cell(String dataset, String detector) {
        Map<String, double[]> m = cells.get(dataset);
        return m == null ? null : m.get(detector);
    }

    /**
     * @param detector a detector.
     * @param metric   0 = AUROC, 1 = AUPR, 2 = F1, 3 = fit seconds, 4 = score seconds.
     * @return the mean over the datasets where it succeeded, or NaN.
     */
    public double mean(String detector, int metric) {
        return datasets.stream()
                .map(d -> cell(d, detector))
                .filter(c -> c != null)
                .mapToDouble(c -> c[metric])
                .average()
                .orElse(Double.NaN);
    }

    /**
     * @param detector a detector.
     * @return its mean AUROC rank over datasets, or NaN.
     */
    public double meanRank(String detector) {
        double sum = 0;
        int count = 0;
        for (String d : datasets) {
            double[] mine = cell(d, detector);
            if (mine == null) {
                continue;
            }
            double better = 0;
            double tied = 0;
            for (String other : detectors) {
                double[] c = cell(d, other);
                if (c == null || other.equals(detector)) {
                    continue;
                }
                if (c[0] > mine[0]) {
                    better++;
                } else if (c[0] == mine[0]) {
                    tied++;
                }
            }
            sum += 1 + better + tied / 2;
            count++;
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
