package org.dmad.evaluation.detectors;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.dmad.engine.Standardizer;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.impl.ArrayExample;
import org.tribuo.Excuse;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ModelProvenance;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wraps an anomaly model whose score is higher for normal rows (LibSVM's decision value) and negates the score, so
 * that higher = more anomalous; the predicted event type is the inner model's. Rows are first standardised with
 * the training statistics the model keeps (dmad's {@link Standardizer}: a constant column keeps scale 1 instead of
 * dividing by zero, which Tribuo's MeanStdDevTransformation does and which turned LibSVM's scores into NaN on
 * ADBench's cardio files).
 */
public final class NegatedScoreModel extends Model<Event> {

    private static final long serialVersionUID = 1L;

    private final Model<Event> inner;
    private final Standardizer standardizer;

    NegatedScoreModel(String name, ModelProvenance provenance, Model<Event> inner, Standardizer standardizer) {
        super(name, provenance, inner.getFeatureIDMap(), inner.getOutputIDInfo(), false);
        this.inner = inner;
        this.standardizer = standardizer;
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
        Prediction<Event> p = inner.predict(standardise(example, featureIDMap, standardizer));
        Event e = p.getOutput();
        return new Prediction<>(new Event(e.getType(), -e.getScore()), p.getNumActiveFeatures(), example);
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    @Override
    public Optional<Excuse<Event>> getExcuse(Example<Event> example) {
        return Optional.empty();
    }

    @Override
    protected NegatedScoreModel copy(String newName, ModelProvenance newProvenance) {
        return new NegatedScoreModel(newName, newProvenance, inner.copy(), standardizer);
    }
}
