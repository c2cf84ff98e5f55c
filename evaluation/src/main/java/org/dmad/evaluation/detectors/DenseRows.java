package org.dmad.evaluation.detectors;

import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.anomaly.Event;

/** Dense feature vectors of Tribuo examples in a feature map's id order (absent features are 0). */
final class DenseRows {

    private DenseRows() {}

    static double[] row(Example<Event> example, ImmutableFeatureMap map) {
        double[] out = new double[map.size()];
        int known = 0;
        for (Feature f : example) {
            int id = map.getID(f.getName());
            if (id >= 0) {
                if (!Double.isFinite(f.getValue())) {
                    throw new IllegalArgumentException(
                            "Feature '" + f.getName() + "' is " + f.getValue() + "; every value must be finite");
                }
                out[id] = f.getValue();
                known++;
            }
        }
        if (known == 0) {
            throw new IllegalArgumentException("The example has no feature the model knows");
        }
        return out;
    }

    /**
     * Checks dense rows for {@code DenseRowScorer.scoreDenseRows}: {@code count} rows of the map's {@code d} features,
     * every value finite (as {@link #row} requires of an example's values).
     *
     * @return {@code d}.
     * @throws IllegalArgumentException when the length is not {@code count * d} or a value is not finite.
     */
    static int checkRows(double[] rows, int count, ImmutableFeatureMap map) {
        int d = map.size();
        if (count < 0 || rows.length != (long) count * d) {
            throw new IllegalArgumentException(
                    rows.length + " values are not " + count + " rows of the model's " + d + " features");
        }
        for (int i = 0; i < rows.length; i++) {
            if (!Double.isFinite(rows[i])) {
                throw new IllegalArgumentException("Feature '" + map.get(i % d).getName() + "' of row " + i / d + " is "
                        + rows[i] + "; every value must be finite");
            }
        }
        return d;
    }
}
