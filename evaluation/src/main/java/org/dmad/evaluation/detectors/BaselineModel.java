package org.dmad.evaluation.detectors;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ModelProvenance;

/**
 * What the baseline models share: no feature ranking or excuse, and a prediction that is ANOMALOUS exactly when the
 * score exceeds the threshold. It holds no state of its own, so the baseline models Java-serialized before it existed
 * load unchanged (their fields stay in their own classes; {@code BaselineModelFilesTest}).
 */
public abstract class BaselineModel extends Model<Event> {

    private static final long serialVersionUID = 1L;

    /**
     * @param name         the model's name.
     * @param provenance   its provenance.
     * @param featureIDMap the training features.
     * @param outputIDInfo the training outputs.
     */
    protected BaselineModel(
            String name,
            ModelProvenance provenance,
            ImmutableFeatureMap featureIDMap,
            ImmutableOutputInfo<Event> outputIDInfo) {
        super(name, provenance, featureIDMap, outputIDInfo, false);
    }

    /**
     * The prediction of a score against a threshold.
     *
     * @param score     the row's score, higher = more anomalous.
     * @param threshold scores above it are ANOMALOUS.
     * @param example   the row.
     * @return the prediction, carrying the score.
     */
    protected static Prediction<Event> thresholded(double score, double threshold, Example<Event> example) {
        Event.EventType type = score > threshold ? Event.EventType.ANOMALOUS : Event.EventType.EXPECTED;
        return new Prediction<>(new Event(type, score), example.size(), example);
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    @Override
    public Optional<Excuse<Event>> getExcuse(Example<Event> example) {
        return Optional.empty();
    }
}
