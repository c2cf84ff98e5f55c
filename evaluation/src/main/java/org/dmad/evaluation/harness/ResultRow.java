package org.dmad.evaluation.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmad.evaluation.metrics.MetricSet;

/**
 * One row of {@code results.csv}: one dataset x detector x seed run.
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
 */
public record ResultRow(
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
        String error)
        implements RunRow {

    /** The CSV header, in column order. */
    public static final String HEADER = "dataset,detector,seed,protocol,status,auroc,aupr,f1,fit_seconds,"
            + "score_seconds,n_train,n_test,n_features,error";

    /** Status of a completed run. */
    public static final String OK = "ok";
    /** Status of a failed run. */
    public static final String ERROR = "error";

    /** @return the key that identifies the run for resuming. */
    public String key() {
        return key(dataset, detector, seed, protocol);
    }

    /**
     * @param dataset  the dataset.
     * @param detector the detector.
     * @param seed     the seed.
     * @param protocol the protocol.
     * @return the run key.
     */
    public static String key(String dataset, String detector, long seed, String protocol) {
        return dataset + "|" + detector + "|" + seed + "|" + protocol;
    }

    /** @return true when the run completed. */
    public boolean ok() {
        return OK.equals(status);
    }

    @Override
    public MetricSet metricSet() {
        return MetricSet.TABULAR;
    }

    @Override
    public double metric(String name) {
        return switch (name) {
            case "auroc" -> auroc;
            case "aupr" -> aupr;
            case "f1" -> f1;
            default ->
                throw new IllegalArgumentException("A tabular row has no metric '" + name + "': use one of "
                        + String.join(", ", MetricSet.TABULAR.names()));
        };
    }

    /** @return the row as one CSV line (no newline). */
    public String toCsv() {
        return String.join(
                ",",
                quote(dataset),
                quote(detector),
                Long.toString(seed),
                quote(protocol),
                status,
                num(auroc),
                num(aupr),
                num(f1),
                String.format(Locale.ROOT, "%.3f", fitSeconds),
                String.format(Locale.ROOT, "%.3f", scoreSeconds),
                Integer.toString(nTrain),
                Integer.toString(nTest),
                Integer.toString(nFeatures),
                quote(error));
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
     * @param line the line.
     * @return the row.
     * @throws IllegalArgumentException when the line does not have the 14 columns.
     */
    public static ResultRow parse(String line) {
        List<String> f = split(line);
        if (f.size() != 14) {
            throw new IllegalArgumentException("Expected 14 columns, found " + f.size() + ": " + line);
        }
        return new ResultRow(
                f.get(0),
                f.get(1),
                Long.parseLong(f.get(2)),
                f.get(3),
                f.get(4),
                dbl(f.get(5)),
                dbl(f.get(6)),
                dbl(f.get(7)),
                dbl(f.get(8)),
                dbl(f.get(9)),
                Integer.parseInt(f.get(10)),
                Integer.parseInt(f.get(11)),
                Integer.parseInt(f.get(12)),
                f.get(13));
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
