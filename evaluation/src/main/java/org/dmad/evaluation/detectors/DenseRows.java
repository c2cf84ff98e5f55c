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
}
