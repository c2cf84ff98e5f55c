package org.dmad.tribuo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.dmad.engine.Matrix;
import org.dmad.engine.Standardizer;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.anomaly.Event;

/** What the element-error series models share: windows to standardised rows to per-element errors. */
final class SeriesErrorRows {

    private SeriesErrorRows() {}

    /**
     * The per-element values of windows.
     *
     * @param windows      the windows.
     * @param features     the model's features.
     * @param standardizer the model's statistics.
     * @param values       standardised rows to row-major per-element values.
     * @return per window, one value per feature.
     * @throws IllegalArgumentException for a non-finite value or a window with no known feature.
     */
    static double[][] elementErrors(
            Iterable<Example<Event>> windows,
            ImmutableFeatureMap features,
            Standardizer standardizer,
            Function<Matrix, double[]> values) {
        List<Example<Event>> list = new ArrayList<>();
        windows.forEach(list::add);
        int d = features.size();
        if (list.isEmpty()) {
            return new double[0][];
        }
        double[] flat = values.apply(standardizer.apply(ExampleRows.scoring(list, features, null), d));
        double[][] out = new double[list.size()][d];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    /**
     * The per-element values of windows given as rows in feature-id order, as {@link #elementErrors} gives them for
     * the same windows.
     *
     * @param rows         row-major window values.
     * @param features     the model's features.
     * @param standardizer the model's statistics.
     * @param values       standardised rows to row-major per-element values.
     * @return row-major values, one per feature.
     * @throws IllegalArgumentException for a non-finite value or a length that is not whole rows.
     */
    static double[] elementErrorsOfRows(
            double[] rows, ImmutableFeatureMap features, Standardizer standardizer, Function<Matrix, double[]> values) {
        int d = features.size();
        if (rows.length % d != 0) {
            throw new IllegalArgumentException(rows.length + " values do not make windows of " + d + " elements");
        }
        for (int i = 0; i < rows.length; i++) {
            if (!Double.isFinite(rows[i])) {
                throw new IllegalArgumentException("Window " + i / d + ", element "
                        + features.get(i % d).getName() + " is " + rows[i] + "; every value must be finite");
            }
        }
        return rows.length == 0 ? new double[0] : values.apply(standardizer.apply(rows, d));
    }

    /**
     * Row means.
     *
     * @param values  row-major values.
     * @param columns values per row.
     * @return one mean per row.
     */
    static double[] means(double[] values, int columns) {
        double[] sums = DenoiserModel.rowSums(values, columns);
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= columns;
        }
        return sums;
    }
}
