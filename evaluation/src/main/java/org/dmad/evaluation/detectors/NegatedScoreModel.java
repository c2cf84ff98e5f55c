package org.dmad.evaluation.detectors;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Example;
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
 * that higher = more anomalous; the predicted event type is the inner model's.
 */
public final class NegatedScoreModel extends Model<Event> {

    private static final long serialVersionUID = 1L;

    private final Model<Event> inner;

    NegatedScoreModel(String name, ModelProvenance provenance, Model<Event> inner) {
        super(name, provenance, inner.getFeatureIDMap(), inner.getOutputIDInfo(), false);
        this.inner = inner;
    }

    /** @return the wrapped model, with its own score convention. */
    public Model<Event> getInner() {
        return inner;
    }

    @Override
    public Prediction<Event> predict(Example<Event> example) {
        Prediction<Event> p = inner.predict(example);
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
        return new NegatedScoreModel(newName, newProvenance, inner.copy());
    }
}
