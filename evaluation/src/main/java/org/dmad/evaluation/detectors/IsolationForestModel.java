package org.dmad.evaluation.detectors;

import org.dmad.tribuo.series.DenseRowScorer;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.ModelProvenance;
import weka.classifiers.misc.IsolationForest;
import weka.core.Instance;
import weka.core.Instances;

/**
 * A trained Weka isolation forest behind Tribuo's model interface (see {@link IsolationForestTrainer}). Java
 * serialization only: Weka's classifier has no protobuf form.
 */
public final class IsolationForestModel extends BaselineModel implements DenseRowScorer {

    private static final long serialVersionUID = 1L;

    private final IsolationForest forest;
    private final Instances header;
    private final double threshold;

    IsolationForestModel(
            String name,
            ModelProvenance provenance,
            ImmutableFeatureMap featureIDMap,
            ImmutableOutputInfo<Event> outputIDInfo,
            IsolationForest forest,
            Instances header,
            double threshold) {
        super(name, provenance, featureIDMap, outputIDInfo);
        this.forest = forest;
        this.header = header;
        this.threshold = threshold;
    }

    IsolationForestModel withThreshold(double newThreshold) {
        return new IsolationForestModel(name, provenance, featureIDMap, outputIDInfo, forest, header, newThreshold);
    }

    double score(Instance instance) {
        try {
            return forest.distributionForInstance(instance)[1];
        } catch (Exception e) {
            throw new IllegalStateException("Weka's IsolationForest failed to score: " + e.getMessage(), e);
        }
    }

    /** @return scores above it are predicted ANOMALOUS. */
    public double getThreshold() {
        return threshold;
    }

    /**
     * Scores dense rows as {@link #predict} scores examples with those values, bit for bit (the forest is only read:
     * safe on several threads).
     */
    @Override
    public double[] scoreDenseRows(double[] rows, int count) {
        int d = DenseRows.checkRows(rows, count, featureIDMap);
        double[] out = new double[count];
        for (int r = 0; r < count; r++) {
            out[r] = score(IsolationForestTrainer.instance(rows, r * d, d, header));
        }
        return out;
    }

    @Override
    public Prediction<Event> predict(Example<Event> example) {
        return thresholded(
                score(IsolationForestTrainer.instance(DenseRows.row(example, featureIDMap), header)),
                threshold,
                example);
    }

    @Override
    protected IsolationForestModel copy(String newName, ModelProvenance newProvenance) {
        return new IsolationForestModel(newName, newProvenance, featureIDMap, outputIDInfo, forest, header, threshold);
    }
}
