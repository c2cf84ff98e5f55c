package org.dmad.evaluation.detectors;

import org.dmad.engine.Standardizer;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;

/**
 * Wraps an anomaly model whose score is higher for normal rows (LibSVM's decision value) and negates the score, so
 * that higher = more anomalous; the predicted event type is the inner model's. Rows are first standardised with
 * the training statistics the model keeps (dmad's {@link Standardizer}: a constant column keeps scale 1 instead of
 * dividing by zero, which Tribuo's MeanStdDevTransformation does and which turned LibSVM's scores into NaN on
 * ADBench's cardio files).
 */
public final class NegatedScoreModel extends BaselineModel {

    private static final long serialVersionUID = 1L;

    private final Model<Event> inner;
    private final Standardizer standardizer;
    /** Each row min-max scaled over its own features instead (TSB-AD's OCSVM input); false in older models. */
    private final boolean rowMinMax;

    NegatedScoreModel(String name, ModelProvenance provenance, Model<Event> inner, Standardizer standardizer) {
        this(name, provenance, inner, standardizer, false);
    }

    NegatedScoreModel(
            String name, ModelProvenance provenance, Model<Event> inner, Standardizer standardizer, boolean rowMinMax) {
        super(name, provenance, inner.getFeatureIDMap(), inner.getOutputIDInfo());
        this.inner = inner;
        this.standardizer = standardizer;
        this.rowMinMax = rowMinMax;
    }

    /**
     * Scales an example's features, in the model's feature order, to [0, 1] over the row itself: {@code (x - min) /
     * (max - min)}, all 0 for a constant row (scikit-learn's MinMaxScaler applied to the transposed rows, as
     * TSB-AD's OCSVM wrapper does).
     *
     * @param example an example.
     * @param map     the training features.
     * @return a new example with scaled values.
     */
    static Example<Event> rowMinMax(Example<Event> example, ImmutableFeatureMap map) {
        double[] row = DenseRows.row(example, map);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max - min;
        String[] names = new String[row.length];
        for (int j = 0; j < row.length; j++) {
            names[j] = map.get(j).getName();
            row[j] = range > 0 ? (row[j] - min) / range : 0.0;
        }
        return new ArrayExample<>(example.getOutput(), names, row);
    }

    /**
     * Standardises an example's features in the model's feature order.
     *
     * @param example an example.
     * @param map     the training features.
     * @param s       the training statistics.
     * @return a new example with standardised values (absent features count as 0 before standardising).
     */
    static Example<Event> standardise(Example<Event> example, ImmutableFeatureMap map, Standardizer s) {
        double[] row = DenseRows.row(example, map);
        double[] mean = s.mean();
        double[] scale = s.scale();
        String[] names = new String[row.length];
        for (int j = 0; j < row.length; j++) {
            names[j] = map.get(j).getName();
            row[j] = (row[j] - mean[j]) / scale[j];
        }
        return new ArrayExample<>(example.getOutput(), names, row);
    }

    /** @return the wrapped model, with its own score convention. */
    public Model<Event> getInner() {
        return inner;
    }

    @Override
    public Prediction<Event> predict(Example<Event> example) {
        Prediction<Event> p = inner.predict(
                rowMinMax ? rowMinMax(example, featureIDMap) : standardise(example, featureIDMap, standardizer));
        Event e = p.getOutput();
        return new Prediction<>(new Event(e.getType(), -e.getScore()), p.getNumActiveFeatures(), example);
    }

    @Override
    protected NegatedScoreModel copy(String newName, ModelProvenance newProvenance) {
        return new NegatedScoreModel(newName, newProvenance, inner.copy(), standardizer, rowMinMax);
    }
}
