package org.dmad.evaluation.detectors;

import java.util.ArrayList;
import java.util.List;
import org.dmad.engine.Standardizer;
import org.dmad.tribuo.series.DenseRowScorer;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;

/**
 * Wraps an anomaly model whose score is higher for normal rows (LibSVM's decision value) and negates the score, so
 * that higher = more anomalous; the predicted event type is the inner model's. Rows are first standardised with
 * the training statistics the model keeps (dmad's {@link Standardizer}: a constant column keeps scale 1 instead of
 * dividing by zero, which Tribuo's MeanStdDevTransformation does and which turned LibSVM's scores into NaN on
 * ADBench's cardio files).
 * <p>
 * When the inner model is Tribuo's LibSVM one-class model with an RBF kernel (what {@link OneClassSVMTrainer}
 * trains), rows are scored by {@link OneClassSVMDecision}, LibSVM's decision function on dense rows, bit for bit
 * LibSVM's value and several times faster; its dense copy of the support vectors is built on first use and is not
 * serialized, so the model's Java serialization is unchanged. Any other inner model is scored through its
 * {@code predict}. Thread-safe.
 */
public final class NegatedScoreModel extends BaselineModel implements DenseRowScorer {

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
        rowMinMax(row, 0, row.length);
        return new ArrayExample<>(example.getOutput(), names(map), row);
    }

    /**
     * Scales one dense row in place to [0, 1] over its own values (all 0 for a constant row): the arithmetic of
     * {@link #rowMinMax(Example, ImmutableFeatureMap)}.
     *
     * @param rows   rows, row-major.
     * @param offset the row's first value.
     * @param d      values per row.
     */
    static void rowMinMax(double[] rows, int offset, int d) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = offset; j < offset + d; j++) {
            min = Math.min(min, rows[j]);
            max = Math.max(max, rows[j]);
        }
        double range = max - min;
        for (int j = offset; j < offset + d; j++) {
            rows[j] = range > 0 ? (rows[j] - min) / range : 0.0;
        }
    }

    /**
     * Standardises one dense row in place with the training statistics: the arithmetic of
     * {@link #standardise(Example, ImmutableFeatureMap, Standardizer)}.
     *
     * @param rows   rows, row-major.
     * @param offset the row's first value.
     * @param s      the training statistics ({@code d} columns).
     */
    static void standardise(double[] rows, int offset, Standardizer s) {
        double[] mean = s.mean();
        double[] scale = s.scale();
        for (int j = 0; j < mean.length; j++) {
            rows[offset + j] = (rows[offset + j] - mean[j]) / scale[j];
        }
    }

    /** The feature names in id order. */
    private static String[] names(ImmutableFeatureMap map) {
        String[] names = new String[map.size()];
        for (int j = 0; j < names.length; j++) {
            names[j] = map.get(j).getName();
        }
        return names;
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
        standardise(row, 0, s);
        return new ArrayExample<>(example.getOutput(), names(map), row);
    }

    /** @return the wrapped model, with its own score convention. */
    public Model<Event> getInner() {
        return inner;
    }

    @Override
    public Prediction<Event> predict(Example<Event> example) {
        OneClassSVMDecision dense = decision();
        if (dense == null) {
            return predictThroughInner(example);
        }
        double[] row = DenseRows.row(example, featureIDMap);
        scale(row, 0);
        return prediction(dense.values(row, 1)[0], example);
    }

    /**
     * Scores the examples in batches of rows through the dense decision function when there is one (the same
     * predictions as {@link #predict(Example)} one at a time, bit for bit).
     */
    @Override
    protected List<Prediction<Event>> innerPredict(Iterable<Example<Event>> examples) {
        OneClassSVMDecision dense = decision();
        if (dense == null) {
            return super.innerPredict(examples);
        }
        int d = featureIDMap.size();
        List<Prediction<Event>> out = new ArrayList<>();
        List<Example<Event>> batch = new ArrayList<>(PREDICT_BATCH);
        double[] rows = null;
        for (Example<Event> example : examples) {
            if (rows == null) {
                rows = new double[PREDICT_BATCH * d];
            }
            double[] row = DenseRows.row(example, featureIDMap);
            System.arraycopy(row, 0, rows, batch.size() * d, d);
            scale(rows, batch.size() * d);
            batch.add(example);
            if (batch.size() == PREDICT_BATCH) {
                addPredictions(dense.values(rows, batch.size()), batch, out);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            addPredictions(dense.values(rows, batch.size()), batch, out);
        }
        return out;
    }

    /** Examples scored together by {@link #innerPredict}: enough rows for the dense loop's row tiles. */
    static final int PREDICT_BATCH = 256;

    private void addPredictions(double[] values, List<Example<Event>> batch, List<Prediction<Event>> out) {
        for (int i = 0; i < batch.size(); i++) {
            out.add(prediction(values[i], batch.get(i)));
        }
    }

    /**
     * The prediction LibSVM's anomaly model gives for a decision value, negated: Tribuo's {@code LibSVMAnomalyModel}
     * predicts ANOMALOUS when LibSVM's label ({@code value > 0 ? 1 : -1}) is negative, and counts the example's
     * nodes as its active features, which are all {@code d} features of the scaled example.
     */
    private Prediction<Event> prediction(double value, Example<Event> example) {
        Event.EventType type = value > 0 ? Event.EventType.EXPECTED : Event.EventType.ANOMALOUS;
        return new Prediction<>(new Event(type, -value), featureIDMap.size(), example);
    }

    /** The prediction through the inner model's own {@code predict} (the reference of the dense path). */
    Prediction<Event> predictThroughInner(Example<Event> example) {
        Prediction<Event> p = inner.predict(
                rowMinMax ? rowMinMax(example, featureIDMap) : standardise(example, featureIDMap, standardizer));
        Event e = p.getOutput();
        return new Prediction<>(new Event(e.getType(), -e.getScore()), p.getNumActiveFeatures(), example);
    }

    /** Scales one dense row in place as the model was trained: row min-max or standardisation. */
    private void scale(double[] rows, int offset) {
        if (rowMinMax) {
            rowMinMax(rows, offset, featureIDMap.size());
        } else {
            standardise(rows, offset, standardizer);
        }
    }

    /**
     * Scores dense rows (feature-id order) as {@link #predict(Example)} scores them, bit for bit: each row scaled as
     * in training, then LibSVM's decision value negated.
     */
    @Override
    public double[] scoreDenseRows(double[] rows, int count) {
        int d = DenseRows.checkRows(rows, count, featureIDMap);
        double[] scaled = rows.clone();
        OneClassSVMDecision dense = decision();
        double[] out = new double[count];
        if (dense == null) {
            String[] names = names(featureIDMap);
            for (int r = 0; r < count; r++) {
                double[] row = java.util.Arrays.copyOfRange(rows, r * d, (r + 1) * d);
                out[r] = predictThroughInner(
                                new ArrayExample<>(org.tribuo.anomaly.AnomalyFactory.UNKNOWN_EVENT, names, row))
                        .getOutput()
                        .getScore();
            }
            return out;
        }
        for (int r = 0; r < count; r++) {
            scale(scaled, r * d);
        }
        double[] values = dense.values(scaled, count);
        for (int r = 0; r < count; r++) {
            out[r] = -values[r];
        }
        return out;
    }

    /**
     * The dense decision function of the inner model, built on first use: null when the inner model is not LibSVM's
     * one-class RBF model (then every row goes through its {@code predict}).
     */
    OneClassSVMDecision decision() {
        OneClassSVMDecision[] built = decision;
        if (built == null) {
            OneClassSVMDecision d = null;
            if (inner instanceof LibSVMAnomalyModel svm) {
                List<libsvm.svm_model> models = svm.getInnerModels();
                d = models.size() == 1 ? OneClassSVMDecision.of(models.get(0), featureIDMap.size()) : null;
            }
            decision = built = new OneClassSVMDecision[] {d};
        }
        return built[0];
    }

    /** The dense decision function or {null}; built on first use, never serialized. */
    private transient volatile OneClassSVMDecision[] decision;

    @Override
    protected NegatedScoreModel copy(String newName, ModelProvenance newProvenance) {
        return new NegatedScoreModel(newName, newProvenance, inner.copy(), standardizer, rowMinMax);
    }
}
