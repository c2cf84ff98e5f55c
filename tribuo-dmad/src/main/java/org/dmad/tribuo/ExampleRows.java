package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.MutableFeatureMap;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Tribuo;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;

/**
 * Converts Tribuo examples to dense row-major values in the column order of a feature map, with the checks every
 * dmad detector needs.
 * <p>
 * Tribuo's feature-map semantics apply: a feature absent from an example is zero (examples are sparse), and a
 * feature the model never saw in training is ignored. An example with no feature the model knows has nothing to
 * score and is rejected, as Tribuo's own models do. NaN and infinite values are rejected with the feature's name.
 */
public final class ExampleRows {

    private ExampleRows() {}

    /**
     * Extracts the training rows of a dataset.
     *
     * @param dataset     the training data.
     * @param featureMap  the dataset's feature map.
     * @param minimumRows the fewest rows the detector can learn from.
     * @param detector    the detector's name, for messages.
     * @return row-major values, {@code featureMap.size()} per row.
     * @throws IllegalArgumentException for an empty or too small dataset, fewer distinct rows than the detector
     *                                  needs (all rows equal included), an ANOMALOUS example, or a non-finite value.
     */
    public static double[] training(
            Dataset<Event> dataset, ImmutableFeatureMap featureMap, int minimumRows, String detector) {
        int n = dataset.size();
        if (n == 0) {
            throw new IllegalArgumentException(detector + " cannot train on an empty dataset");
        }
        if (n < minimumRows) {
            throw new IllegalArgumentException(
                    detector + " needs at least " + minimumRows + " training rows, got " + n);
        }
        if (featureMap.size() == 0) {
            throw new IllegalArgumentException(detector + " cannot train on examples without features");
        }
        int d = featureMap.size();
        double[] out = new double[n * d];
        int row = 0;
        for (Example<Event> example : dataset) {
            if (example.getOutput().getType() == Event.EventType.ANOMALOUS) {
                throw new IllegalArgumentException("Training example " + row + " is labelled ANOMALOUS: " + detector
                        + " learns what normal rows look like, so it trains on EXPECTED (or UNKNOWN) rows only. "
                        + "Remove the anomalies, or relabel them UNKNOWN to train on contaminated data.");
            }
            fill(example, featureMap, out, row, "Training example " + row);
            row++;
        }
        requireDistinctRows(out, n, d, Math.max(2, minimumRows), detector);
        return out;
    }

    /**
     * Refuses degenerate training data: rows that are all equal (every feature constant) leave nothing to learn, and
     * the standardised copies all sit at zero, so the model flags almost every normal row.
     *
     * @param values   row-major values.
     * @param n        rows.
     * @param d        columns.
     * @param needed   the fewest distinct rows the detector needs (at least 2).
     * @param detector the detector's name, for messages.
     * @throws IllegalArgumentException when there are fewer distinct rows than needed.
     */
    static void requireDistinctRows(double[] values, int n, int d, int needed, String detector) {
        java.util.Set<java.nio.DoubleBuffer> distinct = new java.util.HashSet<>();
        for (int i = 0; i < n && distinct.size() < needed; i++) {
            distinct.add(java.nio.DoubleBuffer.wrap(values, i * d, d).slice());
        }
        if (distinct.size() >= needed) {
            return;
        }
        if (distinct.size() == 1) {
            throw new IllegalArgumentException(detector + " cannot learn from these " + n + " training rows: they "
                    + "are all the same (every feature is constant), so there is no normal variation to model; "
                    + "train on more varied data");
        }
        throw new IllegalArgumentException(detector + " needs at least " + needed + " distinct training rows, got "
                + distinct.size() + " among " + n + " rows; train on more varied data");
    }

    /**
     * Extracts the rows of examples to score.
     *
     * @param examples   the examples.
     * @param featureMap the model's feature map.
     * @param known      receives each example's number of known features, or null.
     * @return row-major values, {@code featureMap.size()} per row.
     * @throws IllegalArgumentException for a non-finite value or an example with no known feature.
     */
    public static double[] scoring(
            List<? extends Example<Event>> examples, ImmutableFeatureMap featureMap, int[] known) {
        int d = featureMap.size();
        double[] out = new double[examples.size() * d];
        for (int row = 0; row < examples.size(); row++) {
            int count = fill(examples.get(row), featureMap, out, row, "Example " + row);
            if (known != null) {
                known[row] = count;
            }
            if (count == 0) {
                throw new IllegalArgumentException("Example " + row + " has no feature the model knows: its "
                        + examples.get(row).size() + " features are all absent from the training data's "
                        + d + " features");
            }
        }
        return out;
    }

    private static int fill(
            Example<Event> example, ImmutableFeatureMap featureMap, double[] out, int row, String what) {
        int d = featureMap.size();
        int known = 0;
        for (Feature f : example) {
            int id = featureMap.getID(f.getName());
            if (id < 0) {
                continue;
            }
            double v = f.getValue();
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(what + ": feature '" + f.getName() + "' is " + v
                        + "; every value must be finite (impute or drop missing values first)");
            }
            out[row * d + id] = v;
            known++;
        }
        return known;
    }

    /**
     * Training rows given as dense values, in the column order of the feature map a Tribuo dataset of them would have,
     * with that dataset's domains and provenance.
     *
     * @param values     row-major values, {@code featureMap.size()} per row, in feature-id order.
     * @param featureMap the features, with the statistics a {@link MutableDataset} of the rows observes.
     * @param outputInfo the outputs the dataset observes.
     * @param provenance the dataset's provenance.
     */
    public record TrainingRows(
            double[] values,
            ImmutableFeatureMap featureMap,
            ImmutableOutputInfo<Event> outputInfo,
            DatasetProvenance provenance) {}

    /**
     * Checks dense training rows and derives what {@link #training} derives from a {@link MutableDataset} of
     * {@link org.tribuo.impl.ArrayExample}s holding the same rows, names and event (read from a data source with the
     * given provenance): the values in feature-id order (ids follow the sorted feature names), the feature map with
     * its statistics, the output domain and the dataset provenance, each equal to the dataset's. The checks are those
     * of {@link #training}.
     *
     * @param rows        row-major values, {@code names.length} per row, in the order of {@code names}.
     * @param names       the feature names, distinct.
     * @param event       every row's output: {@link AnomalyFactory#EXPECTED_EVENT} or
     *                    {@link AnomalyFactory#UNKNOWN_EVENT}.
     * @param source      the provenance of the rows' source.
     * @param minimumRows the fewest rows the detector can learn from.
     * @param detector    the detector's name, for messages.
     * @return the rows, domains and provenance.
     * @throws IllegalArgumentException for an empty or too small set of rows, values that do not make whole rows,
     *                                  repeated or no feature names, ANOMALOUS rows, a non-finite value, or fewer
     *                                  distinct rows than the detector needs.
     */
    public static TrainingRows trainingRows(
            double[] rows, String[] names, Event event, DataProvenance source, int minimumRows, String detector) {
        int d = names.length;
        if (d == 0) {
            throw new IllegalArgumentException(detector + " cannot train on examples without features");
        }
        if (rows.length % d != 0) {
            throw new IllegalArgumentException(rows.length + " values do not make rows of " + d + " features");
        }
        int n = rows.length / d;
        if (n == 0) {
            throw new IllegalArgumentException(detector + " cannot train on an empty dataset");
        }
        if (n < minimumRows) {
            throw new IllegalArgumentException(
                    detector + " needs at least " + minimumRows + " training rows, got " + n);
        }
        if (event.getType() == Event.EventType.ANOMALOUS) {
            throw new IllegalArgumentException("Training example 0 is labelled ANOMALOUS: " + detector
                    + " learns what normal rows look like, so it trains on EXPECTED (or UNKNOWN) rows only. "
                    + "Remove the anomalies, or relabel them UNKNOWN to train on contaminated data.");
        }
        Set<String> distinct = new HashSet<>(Arrays.asList(names));
        if (distinct.size() != d) {
            throw new IllegalArgumentException("The " + d + " feature names repeat a name: " + Arrays.toString(names));
        }
        // Feature ids follow the sorted names, and an example iterates its features in that order.
        Integer[] order = new Integer[d];
        for (int j = 0; j < d; j++) {
            order[j] = j;
        }
        Arrays.sort(order, Comparator.comparing(j -> names[j]));
        MutableFeatureMap features = new MutableFeatureMap();
        double[] out = new double[rows.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                int j = order[k];
                double v = rows[i * d + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("Training example " + i + ": feature '" + names[j] + "' is " + v
                            + "; every value must be finite (impute or drop missing values first)");
                }
                features.add(names[j], v);
                out[i * d + k] = v;
            }
        }
        requireDistinctRows(out, n, d, Math.max(2, minimumRows), detector);
        MutableOutputInfo<Event> outputs = new AnomalyFactory().generateInfo();
        for (int i = 0; i < n; i++) {
            outputs.observe(event);
        }
        ImmutableFeatureMap featureMap = new ImmutableFeatureMap(features);
        ImmutableOutputInfo<Event> outputInfo = outputs.generateImmutableOutputInfo();
        Map<String, Provenance> p = new HashMap<>();
        p.put("class-name", new StringProvenance("class-name", MutableDataset.class.getName()));
        p.put("datasource", source);
        p.put("transformations", new ListProvenance<>());
        p.put("is-dense", new BooleanProvenance("is-dense", true));
        p.put("is-sequence", new BooleanProvenance("is-sequence", false));
        p.put("num-examples", new IntProvenance("num-examples", n));
        p.put("num-features", new IntProvenance("num-features", featureMap.size()));
        p.put("num-outputs", new IntProvenance("num-outputs", outputInfo.size()));
        p.put("tribuo-version", new StringProvenance("tribuo-version", Tribuo.VERSION));
        return new TrainingRows(out, featureMap, outputInfo, new DatasetProvenance(p));
    }
}
